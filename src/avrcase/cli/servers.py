"""``avrcase server add|list|remove``: the office server connections this computer remembers.

Any command then takes ``--profile NAME`` instead of ``--db postgresql://…``; the password comes from the
system keyring, ``$AVRCASE_DB_PASSWORD`` or a prompt, and is never written to a file.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from avrcase.i18n import _
from avrcase.services import server_profiles
from avrcase.services.server_profiles import DEFAULT_PORT, TLS_MODES, ServerProfile

EXIT_OK = 0


def ask_server_password(profile: ServerProfile) -> str | None:
    """Ask at the terminal for the login's password (``None`` where there is no terminal)."""
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(_("Password of %(login)s: ") % {"login": profile.shown()})


def profile_url(name: str) -> str:
    """The URL ``--profile NAME`` stands for, its password from the keyring, the environment or a prompt."""
    return server_profiles.profile_url(name, ask=ask_server_password)


def add_parsers(sub) -> None:
    """Add ``avrcase server`` and its actions."""
    server = sub.add_parser("server", help=_("the office server connections this computer remembers"))
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True,
                                    parser_class=type(server))
    add = actions.add_parser("add", help=_("remember (or replace) a connection to the office server"))
    add.add_argument("name", metavar="NAME")
    add.add_argument("--host", required=True, metavar="HOST")
    add.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="PORT")
    add.add_argument("--database", default="avrcase", metavar="NAME")
    add.add_argument("--login", required=True, metavar="LOGIN", help=_("the database login"))
    add.add_argument("--service-login", action="store_true",
                     help=_("the login is the office's shared service login, not a person's own"))
    add.add_argument("--tls", choices=TLS_MODES, default="verify-full", help=_("default: verify-full"))
    add.add_argument("--ca-file", default="", metavar="FILE", help=_("the office's CA certificate (PEM)"))
    add.add_argument("--save-password", action="store_true",
                     help=_("ask for the password now and keep it in the system keyring"))
    add.add_argument("--default", action="store_true", help=_("the desktop app on this computer opens this server"))
    add.set_defaults(func=cmd_add)
    listing = actions.add_parser("list", help=_("list the remembered connections"))
    listing.set_defaults(func=cmd_list)
    remove = actions.add_parser("remove", help=_("forget a connection and its saved password"))
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=cmd_remove)
    local = actions.add_parser("use-local", help=_("let the desktop app open the store on this computer again"))
    local.set_defaults(func=lambda _args: (server_profiles.use_local_store(), EXIT_OK)[1])


def cmd_add(args: argparse.Namespace) -> int:
    """Remember a connection (and, on request, its password in the keyring)."""
    profile = server_profiles.save(ServerProfile(
        name=args.name, host=args.host, port=args.port, database=args.database, user=args.login,
        tls_mode=args.tls, ca_file=args.ca_file, service_login=args.service_login), make_current=args.default)
    print(_("Remembered “%(name)s”: %(where)s") % {"name": profile.name, "where": profile.shown()})
    if args.save_password:
        password = ask_server_password(profile)
        if password and server_profiles.save_password(profile, password):
            print(_("The password is kept in the system keyring."))
        else:
            print(_("This computer has no system keyring: the password will be asked for each time."))
    return EXIT_OK


def cmd_list(_args: argparse.Namespace) -> int:
    """Print the remembered connections; the one the desktop app opens is marked with *."""
    current = server_profiles.current()
    remembered = server_profiles.profiles()
    if not remembered:
        print(_("No office server connection is remembered on this computer; the desktop app opens the store "
                "on this computer."))
        print(_("Add one with: avrcase server add NAME --host HOST --login LOGIN [--default] "
                "(or File ▸ Connect to the office server… in the app)."))
        return EXIT_OK
    for profile in remembered:
        mark = "*" if current is not None and current.name == profile.name else " "
        kind = _("service login") if profile.service_login else _("own login")
        print(f"{mark} {profile.name}\t{profile.shown()}\t{profile.tls_mode}\t{kind}")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    """Forget a connection."""
    server_profiles.remove(args.name)
    print(_("Forgot “%(name)s”.") % {"name": args.name})
    return EXIT_OK
