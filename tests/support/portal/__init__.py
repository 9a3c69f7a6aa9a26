"""The one fake CKAN for tests: ``from support.portal import Portal, make_packages``.

A :class:`Portal` is one loopback server with one handler and one action table (``_actions.py``),
answering for one or more sites (``_site.py``: a package set and what its CKAN says of itself):

* ``Portal(make_packages(250))`` serves 250 deterministic German packages at ``portal.url``.
* ``Portal(realdata=True)`` mounts the real corpus of ``../shared/realdata`` in place: each CKAN source
  at ``portal.ckan_url(source)`` (``/ckan/<source>/``) and each DCAT file at ``portal.dcat_url(source)``
  (``/dcat/<folder>/<file>``); see :mod:`support.portal.realdata`.
* ``Portal(organizations=["kreis-unna"], tokens={"schreib-token": True})`` takes writes, as
  ``regiongraph sync ckan`` makes them; ``seed`` adds a package someone else wrote.

Every site speaks the CKAN Action API under ``/api/3/action/`` (and ``/api/action/``):
``package_search`` with q, fq incl. ``metadata_modified:[A TO B]``, ``organization:``, ``groups:``,
``extras_<key>:``, ``id:(a OR b)``, rows, start, sort, fl (active packages only); ``package_show``
(a real source's captured envelope as it is); ``package_list``; ``organization_list``,
``organization_show``; ``status_show``; and, with an ``Authorization`` token that may write,
``package_create``, ``package_update``, ``package_patch`` and ``package_delete`` (marks deleted) —
in the ``{help, success, result}`` envelope with CKAN's error shapes. Every site also serves the
ckanext-dcat catalogue (``catalog.ttl``, ``catalog.rdf``, ``catalog.jsonld`` with ``?page=N`` and
``?modified_since=``, Hydra paging), and the portal serves any file put at a path (:meth:`Portal.serve`).
Faults are switched on per test with ``portal.fault(target, kind, ...)`` (see :class:`Fault`) or
``portal.fail_next(action, *statuses)``; the data change mid-run with ``touch``, ``delete`` and ``add``,
``on_request`` hooks see every request before it is answered, and ``served`` (alias ``calls``) counts
the requests per action or path.
"""

from ._site import Site
from .fixtures import make_package, make_packages, package_id, stamp
from .server import Fault, Portal

__all__ = ["Fault", "Portal", "Site", "make_package", "make_packages", "package_id", "stamp"]
