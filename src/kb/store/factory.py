"""Which engine holds the index: a Qdrant server when one is configured, else Qdrant Edge on disk."""

from kb.settings import Settings
from kb.store.base import Store


def open_store(settings: Settings) -> Store:
    """A Qdrant server when `qdrant_url` is set, else the embedded Qdrant Edge store at `store_path`.

    Each engine is imported only when chosen: importing qdrant-client takes ~1.9 s here, which every
    embedded `kb` command would otherwise pay before doing anything.
    """
    if settings.qdrant_url:
        from kb.store.client import ClientStore

        return ClientStore.for_server(settings)
    from kb.store.edge import EdgeStore

    return EdgeStore(settings)
