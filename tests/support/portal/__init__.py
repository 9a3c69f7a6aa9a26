"""A local CKAN + DCAT portal for tests: ``from portal import Portal, make_packages``.

``Portal(make_packages(250))`` serves 250 deterministic German packages on a free loopback
port (``portal.url``) through the CKAN Action API (``/api/3/action/package_search`` with q, fq
incl. ``metadata_modified:[A TO B]``, ``organization:``, ``groups:``, ``id:(a OR b)``, rows,
start, sort, fl; ``package_show``, ``package_list``, ``organization_list``, ``status_show``; the
``{help, success, result}`` envelope and CKAN's error shapes) and the ckanext-dcat catalogue
(``/catalog.ttl``, ``/catalog.rdf``, ``/catalog.jsonld`` with ``?page=N`` and ``?modified_since=``,
Hydra paging). Faults are switched on per test with ``portal.fault(target, kind, ...)`` (see
:class:`Fault`); the data change mid-run with ``touch``, ``delete`` and ``add``, and
``on_request`` hooks see every request before it is answered.
"""

from .fixtures import make_package, make_packages, package_id, stamp
from .server import Fault, Portal

__all__ = ["Fault", "Portal", "make_package", "make_packages", "package_id", "stamp"]
