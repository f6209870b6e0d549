"""PDF documents: one shared engine (``base``) and one small module per document type.

``DOCUMENT_TYPES`` in ``registry`` maps the contract names offices script against
(``case-summary``, ``declaration``) to their renderers.
"""
