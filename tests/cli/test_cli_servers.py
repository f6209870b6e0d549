"""``avrcase server add|list|remove`` and ``--profile NAME`` in place of ``--db postgresql://…``."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from avrcase.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_remembered_server_serves_every_command_by_name(capsys, pg_engine, monkeypatch):
    url = make_url(pg_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("AVRCASE_DB_PASSWORD", "unused-on-a-socket")
    code, out, err = run(capsys, "server", "add", "office", "--host", url.query["host"], "--port", url.query["port"],
                         "--database", url.database, "--login", url.username, "--tls", "require", "--default")
    assert code == 0, err
    assert "office" in out
    code, out, _err = run(capsys, "server", "list")
    assert out.startswith("* office\t") and "require" in out and "own login" in out
    code, out, err = run(capsys, "db", "upgrade", "--profile", "office")
    assert code == 0, err
    assert f"/{url.database}" in out and "unused-on-a-socket" not in out
    code, _out, err = run(capsys, "db", "upgrade", "--profile", "office", "--db", "x.sqlite")
    assert code == 2 and "either --db or --profile" in err
    assert run(capsys, "server", "remove", "office")[0] == 0
    code, _out, err = run(capsys, "db", "upgrade", "--profile", "office")
    assert code == 1 and "no office server connection called “office”" in err


def test_listing_with_no_connections_says_how_to_add_one(capsys):
    code, out, err = run(capsys, "server", "list")
    assert code == 0, err
    assert "No office server connection is remembered on this computer" in out
    assert "avrcase server add NAME --host HOST --login LOGIN" in out
