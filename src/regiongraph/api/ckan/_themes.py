"""CKAN groups of RegionGraph: the EU data themes (as GovData names them) and portals' own group names."""

from __future__ import annotations

from typing import Any

from ...catalog import package_id

#: German labels of the EU data themes (Publications Office authority table).
LABELS = {
    "agri": "Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel",
    "econ": "Wirtschaft und Finanzen",
    "educ": "Bildung, Kultur und Sport",
    "ener": "Energie",
    "envi": "Umwelt",
    "gove": "Regierung und öffentlicher Sektor",
    "heal": "Gesundheit",
    "intr": "Internationale Themen",
    "just": "Justiz, Rechtssystem und öffentliche Sicherheit",
    "op_datpro": "Vorläufige Daten",
    "regi": "Regionen und Städte",
    "soci": "Bevölkerung und Gesellschaft",
    "tech": "Wissenschaft und Technologie",
    "tran": "Verkehr",
}


def group_dict(name: str, count: int | None = None) -> dict[str, Any]:
    """A group as ``group_list(all_fields=True)`` shows it."""
    out: dict[str, Any] = {
        "id": package_id(f"urn:regiongraph:group:{name}"),
        "name": name,
        "title": LABELS.get(name, name),
        "display_name": LABELS.get(name, name),
        "type": "group",
        "is_organization": False,
        "state": "active",
        "description": "",
        "image_url": "",
        "approval_status": "approved",
    }
    if count is not None:
        out["package_count"] = count
    return out
