"""``python -m avrcase`` and the ``avrcase`` console script."""

import sys

from avrcase.cli.main import main as _main


def main() -> None:
    """Run the command line and exit with its status."""
    sys.exit(_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
