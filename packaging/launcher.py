"""Entry point of the frozen application: the same ``main`` as the ``avrcase`` console script."""

from avrcase.__main__ import main

if __name__ == "__main__":
    main()
