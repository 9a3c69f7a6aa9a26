"""Store backends behind one interface; the embedded Oxigraph store is the default."""

from __future__ import annotations

from ..config import Settings
from ._base import GraphStore
from .embedded import EmbeddedStore

__all__ = ["EmbeddedStore", "GraphStore", "open_store"]


def open_store(settings: Settings, *, read_only: bool = False) -> EmbeddedStore:
    """The store the settings name (today: the embedded on-disk store).

    Args:
        read_only: for commands that only read, so they run beside a serving process.
    """
    return EmbeddedStore(settings.store_location, read_only=read_only)
