"""Anonymised record-level export: one row per returnee, nothing that names a person.

Each row holds a pseudonym (HMAC-SHA256 of the person's id under the installation's secret: stable
across exports, useless without the secret) and the quasi-identifiers citizenship, sex, age class,
country of return, month of return and vulnerability, coded, never as dates or free text. Before
anything is written, the rows are made k-anonymous: the whole export is generalised (month to
quarter to year, country to M49 sub-region, vulnerability to yes/no) as little as needed, and rows
still in a group smaller than k are left out. The report says what was done.

The secret lives in ``export-secret`` in the user data folder (mode 0600, created on first use);
``AVRCASE_EXPORT_SECRET_FILE`` names another file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import os
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from avrcase.domain.disclosure import DisclosureRule
from avrcase.domain.errors import StoreError
from avrcase.domain.periods import Granularity, month_code_to
from avrcase.domain.regions import region_of
from avrcase.i18n import _, ngettext
from avrcase.services import audit
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics import release as statistics_release

ENV_SECRET_FILE = "AVRCASE_EXPORT_SECRET_FILE"
SECRET_FILE_NAME = "export-secret"
QUASI_IDENTIFIERS = ("citizenship", "sex", "age_class", "country_of_return", "period_of_return", "vulnerability")
#: The columns of an anonymised release: a key drawn at random for this release only, then the quasi-identifiers.
HEADER = ("record_key", *QUASI_IDENTIFIERS)
#: The columns of the pseudonymised file for a processor (stable pseudonyms under the office's secret).
PROCESSOR_HEADER = ("pseudonym", *QUASI_IDENTIFIERS)
#: Generalise until at most this share of the rows has to be left out.
MAX_SUPPRESSED_SHARE = 0.05
_PSEUDONYM_HEX = 20
_PERIOD_LEVELS = (Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR)


# ---------------------------------------------------------------- the installation secret

def secret_path() -> Path:
    """Where the export secret is kept: ``$AVRCASE_EXPORT_SECRET_FILE``, else the user data folder."""
    override = os.environ.get(ENV_SECRET_FILE)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("avrcase", appauthor=False) / SECRET_FILE_NAME


def installation_secret(path: Path | None = None) -> bytes:
    """The export secret, created (readable by this account only) the first time it is needed."""
    path = path or secret_path()
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another export created it a moment ago
            else:
                with os.fdopen(fd, "w", encoding="ascii") as stream:
                    stream.write(secrets.token_hex(32) + "\n")
        secret = path.read_bytes().strip()
    except OSError as exc:
        raise StoreError(_("The export secret %(path)s cannot be read or created: %(reason)s")
                         % {"path": path, "reason": exc.strerror}) from exc
    if len(secret) < 32:
        raise StoreError(_("The export secret %(path)s is too short; it needs at least 32 characters.") % {"path": path})
    return secret


def pseudonym(secret: bytes, person_id: int) -> str:
    """The person's pseudonym under ``secret``."""
    return hmac.new(secret, f"person:{person_id}".encode(), hashlib.sha256).hexdigest()[:_PSEUDONYM_HEX]


# ---------------------------------------------------------------- k-anonymity

@dataclass(frozen=True, order=True)
class Generalisation:
    """How coarse each generalisable quasi-identifier is written (0 = as recorded)."""

    period: int = 0
    vulnerability: int = 0
    country_of_return: int = 0
    citizenship: int = 0

    @property
    def height(self) -> int:
        """How many steps of generalisation in all."""
        return self.period + self.vulnerability + self.country_of_return + self.citizenship


def _generalise(row: tuple[str, ...], g: Generalisation) -> tuple[str, ...]:
    citizenship, sex, age, country, month, vulnerability = row
    return (
        region_of(citizenship) if g.citizenship else citizenship,
        sex, age,
        region_of(country) if g.country_of_return else country,
        month_code_to(month, _PERIOD_LEVELS[g.period]),
        ("no" if vulnerability == statistics.NO_VULNERABILITY else "yes") if g.vulnerability else vulnerability,
    )


def _lattice() -> list[Generalisation]:
    nodes = [Generalisation(*levels) for levels in itertools.product(range(3), range(2), range(2), range(2))]
    # Least generalised first; at equal height, coarser periods before coarser places and citizenships.
    return sorted(nodes, key=lambda g: (g.height, g.citizenship, g.country_of_return, g.vulnerability))


def _small(rows: list[tuple[str, ...]], k: int) -> int:
    return sum(n for n in Counter(rows).values() if n < k)


def choose_generalisation(rows: list[tuple[str, ...]], k: int) -> Generalisation:
    """The least generalisation that leaves out at most 5 % of the rows (or the fewest rows possible)."""
    allowed = int(len(rows) * MAX_SUPPRESSED_SHARE)
    best, best_small = None, None
    for node in _lattice():
        small = _small([_generalise(r, node) for r in rows], k)
        if small <= allowed:
            return node
        if best_small is None or small < best_small:
            best, best_small = node, small
    return best or Generalisation()


# ---------------------------------------------------------------- the export

@dataclass(frozen=True)
class AnonymisationReport:
    """What was done to make the export safe."""

    k: int
    returnees: int
    written: int
    generalisation: Generalisation
    #: Stable pseudonyms under the office's secret (for a processor), rather than a new random key.
    pseudonymised: bool = False

    @property
    def suppressed(self) -> int:
        """Rows left out because their group stayed smaller than k."""
        return self.returnees - self.written

    def lines(self) -> tuple[str, ...]:
        """The report in words, one point a line, for the notes and the command line."""
        g = self.generalisation
        done = [text for flag, text in (
            (g.period == 1, _("month of return written as the quarter")),
            (g.period == 2, _("month of return written as the year")),
            (g.vulnerability, _("vulnerability written as yes/no")),
            (g.country_of_return, _("country of return written as its UN M49 sub-region")),
            (g.citizenship, _("citizenship written as its UN M49 sub-region")),
        ) if flag]
        return (
            _("Each combination of citizenship, sex, age class, country of return, period of return and "
              "vulnerability appears at least %(k)d times.") % {"k": self.k},
            _("Generalised: %(what)s.") % {"what": "; ".join(done)} if done else _("Nothing was generalised."),
            ngettext("%(n)d of %(total)d returnees left out (a group smaller than %(k)d).",
                     "%(n)d of %(total)d returnees left out (groups smaller than %(k)d).", self.suppressed)
            % {"n": self.suppressed, "total": self.returnees, "k": self.k},
            _("PSEUDONYMISED for a processor: pseudonyms are keyed hashes (HMAC-SHA256) under a secret kept "
              "by the office, the same in every such file; the office can link them back to persons. Not for "
              "publication.") if self.pseudonymised else
            _("Record keys are drawn at random for this release and thrown away: they link no row to a "
              "person nor to another release."),
            _("No names, document numbers, contact details, dates or free text are included."),
        )


@dataclass(frozen=True)
class AnonymisedExport:
    """The rows to write (header :data:`HEADER`) and the report of how they were protected."""

    date_from: dt.date
    date_to: dt.date
    rows: tuple[tuple[str, ...], ...]
    report: AnonymisationReport


def export_anonymised(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date,
                      k: int = 5, *, secret: bytes | None = None) -> AnonymisedExport:
    """Returnees who departed in the whole months from ``date_from`` to ``date_to``, k-anonymous.

    Without ``secret`` each row gets a key drawn at random for this release alone (two releases share no
    key). With ``secret`` the file is *pseudonymised for a processor*: stable pseudonyms under that
    secret, marked so in the audit trail and the release register.
    """
    require(actor, Permission.EXPORT_ANONYMISED)
    DisclosureRule(k)  # refuses k below the lowest allowed
    statistics_release.check_release_period(date_from, date_to)
    pseudonymised = secret is not None
    query = statistics.StatisticsQuery("returnees", ("citizenship", "sex", "age_class", "country_of_return",
                                                     "month", "vulnerability"), date_from, date_to)
    units = statistics.unit_rows(session, actor, query)
    secret = secret if secret is not None else secrets.token_bytes(32)  # a new key per release, never kept
    node = choose_generalisation([codes for _person, codes in units], k)
    generalised = [(pseudonym(secret, person_id), *_generalise(codes, node)) for person_id, codes in units]
    sizes = Counter(tuple(row[1:]) for row in generalised)
    kept = tuple(sorted(row for row in generalised if sizes[tuple(row[1:])] >= k))
    audit.record(session, actor, audit.Action.EXPORT, entity="anonymised_export", date_from=date_from,
                 date_to=date_to, k=k, rows=len(kept), pseudonymised=pseudonymised)
    statistics_release.register(session, actor, str(uuid.uuid4()), "microdata", _("Returnees (record level)"), query,
                                None, method="pseudonymised" if pseudonymised else "k-anonymity")
    return AnonymisedExport(date_from, date_to, kept, AnonymisationReport(k, len(units), len(kept), node, pseudonymised))

