"""CKAN resources ↔ dcat:Distribution (part of the ``euro_dcat_ap`` profile)."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from ._fields import present
from ._formats import format_iri, format_label, media_type_iri, media_type_of
from ._licence_terms import add_licence, licence_text
from ._profile import Backward, Forward, resources
from ._terms import DCAT, DCTERMS, RDF, RDFS, SCHEMA, SPDX, XSD, string_literal
from ._values import byte_size, date_literal, safe_iri

_TEXTS = (("name", DCTERMS.title), ("description", DCTERMS.description))
_DATES = (("created", DCTERMS.issued), ("last_modified", DCTERMS.modified))
_URLS = (("url", DCAT.accessURL), ("download_url", DCAT.downloadURL))
_ALGORITHMS = {"md5", "sha1", "sha256", "sha512"}


def add_distributions(f: Forward, dataset_licence: Node | None) -> None:
    """One dcat:Distribution per resource; the dataset's licence where the resource names none."""
    for position, res in resources(f.package):
        rid = str(res.get("id") or position)
        node = f.distribution(res, position)
        g = f.graph
        g.add((f.dataset, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.identifier, string_literal(rid)))
        g.add((node, SCHEMA.position, Literal(position, datatype=XSD.integer)))
        _urls(f, node, res)
        for key, prop in _TEXTS:
            for text, lang in f.texts(res, key):
                g.add((node, prop, string_literal(text, lang=lang)))
        _format(f, node, res, rid)
        _sizes_and_dates(f, node, res)
        licence = add_licence(f, node, res.get("license") or res.get("license_id"), f"distribution/{rid}/license")
        if licence is None and dataset_licence is not None:
            g.add((node, DCTERMS.license, dataset_licence))
        _checksum(f, node, res, rid)


def _urls(f: Forward, node: URIRef, res: dict[str, Any]) -> None:
    """``access_url`` (ckanext-dcat 2.x) else ``url`` as the access URL; ``download_url``."""
    for key, prop in _URLS:
        if key == "url" and present(res.get("access_url")):
            key = "access_url"
        raw = res.get(key)
        value = str(raw or "").strip() if not isinstance(raw, list | dict) else ""
        if not value:
            continue
        iri = safe_iri(value)
        if iri is not None:
            f.graph.add((node, prop, iri))
        else:
            f.reject(f"resource {res.get('id')}: {key}: {value!r} is not an absolute URL")


def _format(f: Forward, node: URIRef, res: dict[str, Any], rid: str) -> None:
    fmt = str(res.get("format") or "").strip()
    if fmt:
        iri = format_iri(fmt)
        if iri is None:  # kept with its label, flagged by a SHACL warning as not from the vocabulary
            iri_node = f.node("distribution", rid, "format")
            f.graph.add((iri_node, RDF.type, DCTERMS.MediaTypeOrExtent))
            f.graph.add((iri_node, RDFS.label, string_literal(fmt)))
            f.graph.add((node, DCTERMS.format, iri_node))
        else:
            f.graph.add((node, DCTERMS.format, URIRef(iri)))
    mime = str(res.get("mimetype") or "").strip()
    if mime:
        media = media_type_iri(mime)
        f.graph.add((node, DCAT.mediaType, URIRef(media) if media else string_literal(mime)))


def _sizes_and_dates(f: Forward, node: URIRef, res: dict[str, Any]) -> None:
    where = f"resource {res.get('id')}: "
    f.checked(node, DCAT.byteSize, byte_size(res.get("size")), where + "size")
    for key, prop in _DATES:
        scheming = "issued" if key == "created" else "modified"  # ckanext-dcat 2.x names them as DCAT does
        value = res.get(scheming) if present(res.get(scheming)) else res.get(key)
        f.checked(node, prop, date_literal(value), where + (scheming if present(res.get(scheming)) else key))


def _checksum(f: Forward, node: URIRef, res: dict[str, Any], rid: str) -> None:
    value = str(res.get("hash") or "").strip()
    if not value:
        return
    algorithm = str(res.get("hash_algorithm") or "").lower()
    if ":" in value and value.split(":", 1)[0].lower() in _ALGORITHMS:
        algorithm, value = value.split(":", 1)
    checksum = f.node("distribution", rid, "checksum")
    f.graph.add((node, SPDX.checksum, checksum))
    f.graph.add((checksum, RDF.type, SPDX.Checksum))
    hexadecimal = all(c in "0123456789abcdefABCDEF" for c in value) and len(value) % 2 == 0
    f.graph.add((checksum, SPDX.checksumValue, Literal(value, datatype=XSD.hexBinary if hexadecimal else None)))
    if algorithm.lower() in _ALGORITHMS:
        f.graph.add((checksum, SPDX.algorithm, SPDX[f"checksumAlgorithm_{algorithm.lower()}"]))


def read_distributions(b: Backward, dataset_licence: str | None) -> list[dict[str, Any]]:
    """CKAN resources for the dataset's distributions, in their recorded order."""
    out = []
    for node in b.values(b.dataset, DCAT.distribution):
        res: dict[str, Any] = {"id": b.text(node, DCTERMS.identifier) or _tail(node)}
        if isinstance(node, URIRef):
            res["uri"] = str(node)
        for key, prop in (*_URLS, *_TEXTS, *_DATES):
            value = b.text(node, prop)
            if value is not None:
                res[key] = value
        _read_format(b, node, res)
        size = b.value(node, DCAT.byteSize)
        if size is not None:
            res["size"] = int(str(size)) if str(size).isdigit() else str(size)
        licence = licence_text(b, node)
        if licence and licence != dataset_licence:
            res["license"] = licence
        _read_checksum(b, node, res)
        position = b.value(node, SCHEMA.position)
        out.append((int(str(position)) if position is not None and str(position).isdigit() else 1 << 30, res))
    out.sort(key=lambda item: (item[0], item[1]["id"]))
    return [{**res, "position": index} for index, (_, res) in enumerate(out)]


def _read_format(b: Backward, node: Node, res: dict[str, Any]) -> None:
    fmt = b.value(node, DCTERMS.format)
    if isinstance(fmt, URIRef) and format_label(str(fmt)):
        res["format"] = format_label(str(fmt))
    elif fmt is not None:
        res["format"] = b.text(fmt, RDFS.label) or str(fmt)
    media = b.value(node, DCAT.mediaType)
    if media is not None:
        res["mimetype"] = media_type_of(str(media)) or str(media)


def _read_checksum(b: Backward, node: Node, res: dict[str, Any]) -> None:
    checksum = b.value(node, SPDX.checksum)
    if checksum is None:
        return
    value = b.text(checksum, SPDX.checksumValue)
    algorithm = b.value(checksum, SPDX.algorithm)
    if value:
        res["hash"] = value
    if algorithm is not None:
        res["hash_algorithm"] = str(algorithm).rsplit("_", 1)[-1]


def _tail(node: Node) -> str:
    return str(node).rstrip("/").rsplit("/", 1)[-1]
