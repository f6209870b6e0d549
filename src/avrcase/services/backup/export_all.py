"""Take everything out: every table of the store as CSV and JSON, issued documents and attachments as files.

The office is never locked in. ``export_all`` writes a folder:

* ``schema.json`` — what the export is (app version, schema revision, time) and, per table, its columns
  (type, nullable, primary key, foreign key), row count and files;
* ``tables/<table>.csv`` — UTF-8, comma-separated, a header row, one row per record; empty cell = no
  value; cells a spreadsheet would run as a formula start with ``'`` (the project's safe-cell rule);
* ``tables/<table>.json`` — the same rows as a JSON array of objects, ``null`` for no value, exact text;
* ``files/issued_documents/<id>.pdf`` and ``files/attachments/<id>-<file name>`` — the stored bytes;
  the tables' ``pdf`` / ``data`` cells hold these relative paths;
* ``cases.csv`` — one row per person per case in the import template's columns, and ``cases.xlsx`` —
  the same with the consultations on a second sheet; ``avrcase import cases`` reads either back.

Password hashes are never exported. The folder is written beside its target under a temporary name
(files 0600, folders 0700) and renamed when complete; one that an export killed half-way left is deleted by the
next export into the same folder.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, LargeBinary, Table, select
from sqlalchemy.orm import Session

from avrcase import __version__
from avrcase.domain.errors import StoreError
from avrcase.exports.csv_safe import write_csv
from avrcase.i18n import _
from avrcase.services import audit
from avrcase.services.backup.backups import STALE_PART, require_signed_in
from avrcase.services.cases import stored_values
from avrcase.services.dto import Actor
from avrcase.services.imports.export_origin import EXPORT_FORMAT, EXPORT_VERSION
from avrcase.services.permissions import Permission, require
from avrcase.store.models import complete_metadata

#: What ``schema.json`` says the folder is; version 2 writes every time with its offset (see ``export_origin``).
FORMAT, VERSION = EXPORT_FORMAT, EXPORT_VERSION
#: Never leave the store, not even in a full export.
WITHHELD = {("users", "password_hash")}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class ExportSummary:
    """What ``export_all`` wrote: the folder, rows per table and how many files."""

    folder: Path
    rows: dict[str, int]
    files: int


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _column_doc(table: Table) -> list[dict[str, Any]]:
    out = []
    for column in table.columns:
        if (table.name, column.name) in WITHHELD:
            continue
        fks = [f"{fk.column.table.name}.{fk.column.name}" for fk in column.foreign_keys]
        out.append({"name": column.name, "type": "file" if isinstance(column.type, LargeBinary) else str(column.type),
                    "nullable": bool(column.nullable), "primary_key": bool(column.primary_key),
                    "references": fks[0] if fks else None})
    return out


def _private_dir(path: Path) -> None:
    path.mkdir(mode=0o700, parents=False, exist_ok=False)


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _file_name(table: str, row: dict[str, Any], column: str) -> str:
    if table == "attachments":
        return f"{row['id']}-{_SAFE_NAME.sub('_', str(row.get('filename') or 'file'))[:120]}"
    if table == "issued_documents":
        return f"{row['id']}.pdf"
    return f"{row.get('id', 'row')}-{column}.bin"


def export_all(session: Session, actor: Actor | None, out: Path, *, now: dt.datetime) -> ExportSummary:
    """Write the whole store to the new folder ``out`` (administrators); it is on the audit trail."""
    require_signed_in(actor)
    require(actor, Permission.STORE_MAINTAIN)
    out = out.expanduser().resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise StoreError(_("%(path)s already exists and is not an empty folder; choose a new folder.") % {"path": out})
    if not out.parent.is_dir():
        raise StoreError(_("The folder %(folder)s does not exist.") % {"folder": out.parent})
    tmp = out.with_name(f".{out.name}{PART_SUFFIX}")
    shutil.rmtree(tmp, ignore_errors=True)
    _remove_stale_exports(out.parent, now)
    try:
        summary = _write_export(session, tmp, now)
        audit.record(session, actor, audit.Action.EXPORT, kind="export_all", tables=len(summary.rows),
                     cases=summary.rows.get("cases", 0), files=summary.files)
        session.flush()
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError(_("The export could not be written to %(path)s: %(reason)s")
                         % {"path": out, "reason": exc.strerror or exc}) from exc
    except ValueError:  # a date written outside avrcase that no date reader takes: "internal error (ValueError …)"
        shutil.rmtree(tmp, ignore_errors=True)
        odd = stored_values.odd_values(session, actor)
        if odd:
            raise StoreError(stored_values.odd_values_message(odd)) from None
        raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ExportSummary(out, summary.rows, summary.files)


#: What an export folder is called while it is written: a killed export leaves it, the whole store in plain text.
PART_SUFFIX = ".avrcase-export.part"


def _remove_stale_exports(folder: Path, now: dt.datetime) -> None:
    """Delete the half-written exports (``.<name>.avrcase-export.part``) an export killed half-way left in ``folder``
    (an hour old: a younger one may be another export still being written)."""
    for item in folder.iterdir():
        try:
            if (item.name.startswith(".") and item.name.endswith(PART_SUFFIX) and item.is_dir()
                    and now.timestamp() - item.stat().st_mtime > STALE_PART.total_seconds()):
                shutil.rmtree(item)
        except OSError:
            continue  # not ours to delete after all: the export itself goes on


def _write_export(session: Session, folder: Path, now: dt.datetime) -> ExportSummary:
    from avrcase.services.imports.template import write_flat_cases, write_flat_workbook

    _private_dir(folder)
    _private_dir(folder / "tables")
    _private_dir(folder / "files")
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    revision = session.execute(select(_alembic_version())).scalar()
    described, rows_per_table, files = [], {}, 0
    for table in complete_metadata().sorted_tables:
        columns = [c for c in table.columns if (table.name, c.name) not in WITHHELD]
        binary = {c.name for c in columns if isinstance(c.type, LargeBinary)}
        records: list[dict[str, Any]] = []
        for row in session.execute(select(*columns).order_by(*table.primary_key.columns)).mappings():
            record = {name: _plain(value) for name, value in row.items()}
            for name in binary:
                if record.get(name) is None:
                    continue
                sub = folder / "files" / table.name
                if not sub.exists():
                    _private_dir(sub)
                relative = f"files/{table.name}/{_file_name(table.name, record, name)}"
                _write(folder / relative, bytes(record[name]))
                record[name] = relative
                files += 1
            records.append(record)
        header = [c.name for c in columns]
        with (folder / "tables" / f"{table.name}.csv").open("x", encoding="utf-8", newline="") as fh:
            os.chmod(fh.name, 0o600)
            write_csv(fh, header, ([_csv_text(r[h]) for h in header] for r in records))
        _write(folder / "tables" / f"{table.name}.json",
               json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8"))
        rows_per_table[table.name] = len(records)
        described.append({"name": table.name, "csv": f"tables/{table.name}.csv", "json": f"tables/{table.name}.json",
                          "rows": len(records), "primary_key": [c.name for c in table.primary_key.columns],
                          "columns": _column_doc(table)})
    flat_rows = write_flat_cases(session, folder / "cases.csv")
    _people, flat_consultations = write_flat_workbook(session, folder / "cases.xlsx")
    schema = {"format": FORMAT, "version": VERSION, "app_version": __version__, "schema_revision": revision,
              "exported_at": now.astimezone(dt.timezone.utc).isoformat(),
              "csv": {"encoding": "utf-8", "delimiter": ",", "header": True, "empty_cell": "no value",
                      "booleans": ["true", "false"], "dates": "ISO 8601; instants in UTC, with their offset (+00:00)",
                      "formula_guard": "a cell starting with ' followed by = + - @ tab or CR had the ' added"},
              "withheld": sorted(f"{t}.{c}" for t, c in WITHHELD),
              "files": "binary cells hold a path relative to this folder",
              "cases_csv": {"file": "cases.csv", "rows": flat_rows,
                            "about": "one row per person per case in the columns of avrcase's import template"},
              "cases_xlsx": {"file": "cases.xlsx", "rows": flat_rows, "consultations": flat_consultations,
                             "about": "the same cases and their consultations (second sheet), for avrcase import cases"},
              "tables": described}
    _write(folder / "schema.json", json.dumps(schema, ensure_ascii=False, indent=2).encode("utf-8"))
    return ExportSummary(folder, rows_per_table, files)


def _alembic_version() -> Any:
    from sqlalchemy import column, table

    return table("alembic_version", column("version_num")).c.version_num
