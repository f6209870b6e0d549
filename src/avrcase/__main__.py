"""``python -m avrcase`` and the ``avrcase`` console script."""

import sys

import avrcase

avrcase.pause_collection()  # until the command's modules are imported (resumed by the command line or the app)


def _load_the_app() -> None:
    """What the main window needs, imported behind the sign-in screen."""
    import avrcase.app  # noqa: F401


def _warm_up() -> None:
    """The first main window's one-time work, done behind the sign-in screen once the store is open."""
    from avrcase.app import warm_up_behind_sign_in

    warm_up_behind_sign_in()


def _load_the_later_pages() -> None:
    """The modules of the pages built when first shown (the manager's home page is the dashboard), while the
    person is still typing; a quick Sign in does not wait for them."""
    from avrcase.app import import_later_pages

    import_later_pages()


def main() -> None:
    """Run the desktop app from its sign-in screen (``avrcase.start``) or the command line; exit with its status."""
    argv = sys.argv[1:]
    if argv == ["--version"]:  # answered before any command's modules load (it took 0.9 s)
        print(f"avrcase {avrcase.__version__}")
        sys.exit(0)
    from avrcase.start import sign_in_at_once  # no SQLAlchemy: the sign-in screen shows before it loads (#14)

    outcome = sign_in_at_once(argv, load=_load_the_app, warm=(_warm_up, _load_the_later_pages))
    if outcome is None:
        from avrcase.cli.main import main as command_line

        code = command_line(argv)
    elif isinstance(outcome, int):
        code = outcome
    else:
        from avrcase.app import run_gui

        code = run_gui(outcome.url, clock=outcome.clock, signed_in=(outcome.engine, outcome.actor))
    sys.exit(code)


if __name__ == "__main__":
    main()
