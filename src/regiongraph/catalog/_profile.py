"""The catalogue page as DCAT-AP.de 3 asks for it, checked by a validator without a reasoner (GovData's).

The page's CONSTRUCT describes items as they are stored, which the CKAN package view reads too;
this pass turns those triples into the DCAT-AP.de 3 form on the way out:

* ``dcatde:politicalGeocodingURI`` is deprecated in DCAT-AP.de 3; its values leave as
  ``dcterms:spatial`` (the property the deprecation points to, and the one ckanext-dcat reads as
  ``spatial_uri``). The CKAN Action API still shows them as the ``politicalGeocodingURI`` extra,
  the field ckanext-dcatde keeps them in.
* Every ``dcterms:spatial`` value is typed ``dcterms:Location``: DCMI declares it the range of
  ``dcterms:spatial``, and DCAT-AP 3 checks the class.
* Every catalog record's primary topic is typed ``dcat:Resource`` as well: DCAT 3 makes
  ``dcat:Dataset`` a subclass of ``dcat:Resource``, and DCAT-AP 3 checks a record's
  ``foaf:primaryTopic`` against ``dcat:Resource``; a validator that infers nothing needs it stated.
* ``dcat:byteSize`` is written ``xsd:nonNegativeInteger`` again: Oxigraph stores every
  integer-derived datatype as ``xsd:integer`` (pyoxigraph 0.5.13), so the stored value comes
  back with the wrong datatype and DCAT-AP 3 rejects it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from .. import namespaces as ns

_DCAT, _DCT, _XSD = str(ns.DCAT), str(ns.DCTERMS), str(ns.XSD)
TYPE = ox.NamedNode(str(ns.RDF.type))
SPATIAL = ox.NamedNode(_DCT + "spatial")
LOCATION = ox.NamedNode(_DCT + "Location")
PRIMARY_TOPIC = ox.NamedNode(str(ns.FOAF.primaryTopic))
RESOURCE = ox.NamedNode(_DCAT + "Resource")
BYTE_SIZE = ox.NamedNode(_DCAT + "byteSize")
INTEGER = ox.NamedNode(_XSD + "integer")
NON_NEGATIVE = ox.NamedNode(_XSD + "nonNegativeInteger")
#: Deprecated properties of DCAT-AP.de 3 → their successor (``dcat-ap-de-deprecated.ttl``).
SUCCESSORS = {ox.NamedNode(str(ns.DCATDE.politicalGeocodingURI)): SPATIAL}


def dcat_ap_de3(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """``triples`` in the DCAT-AP.de 3 form (see the module's notes); a triple may come out twice."""
    for t in triples:
        predicate = SUCCESSORS.get(t.predicate, t.predicate)
        obj = t.object
        if predicate == BYTE_SIZE and isinstance(obj, ox.Literal) and obj.datatype == INTEGER:
            obj = ox.Literal(obj.value, datatype=NON_NEGATIVE)
        if predicate is not t.predicate or obj is not t.object:
            t = ox.Triple(t.subject, predicate, obj)
        yield t
        if predicate == SPATIAL and not isinstance(obj, ox.Literal):
            yield ox.Triple(obj, TYPE, LOCATION)
        elif predicate == PRIMARY_TOPIC and not isinstance(obj, ox.Literal):
            yield ox.Triple(obj, TYPE, RESOURCE)
