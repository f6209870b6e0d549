"""``python -m avrcase`` and the ``avrcase`` console script."""

import sys

import avrcase

avrcase.pause_collection()  # until the command's modules are imported (resumed by the command line or the app)

from avrcase.cli.main import main as _main  # noqa: E402


def main() -> None:
    """Run the command line and exit with its status."""
    sys.exit(_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
