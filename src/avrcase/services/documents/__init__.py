"""Documents: the document register and the snapshots the renderers in ``avrcase.documents`` print."""
