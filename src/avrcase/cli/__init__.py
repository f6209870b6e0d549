"""The ``avrcase`` command line: ``main`` parses and dispatches; one module per command group; ``common`` opens the store and signs in."""
