"""Anonymised record-level export: one row per returnee, nothing that names a person.

Each row holds a key drawn at random for this release only (or, as an explicit and audited option, a
pseudonym for a processor: HMAC-SHA256 of the person's id under the office's secret) and the
quasi-identifiers citizenship, sex, age class, country of return and period of return, coded, never as
dates or free text, with vulnerability as the *sensitive attribute*. Before anything is written:

- the whole release is generalised as little as needed (month to quarter to year, country and
  citizenship to their UN M49 sub-region, age class to minor/adult, sex left out) so that at most 5 % of the rows are left out;
- every combination of the quasi-identifiers must hold people of at least *k households* (members
  of one household share everything, so counting persons would let a group of 5 be 2 families);
  rows of smaller groups are left out;
- every group must show at least two different vulnerability values (l-diversity, l = 2), or its
  vulnerability is written as ``*`` (suppressed): otherwise a group tells the vulnerability of all
  its members;
- the risk of re-identification of each record (1 / households in its group, as sdcMicro's
  individual risk for a population file) is summed up in the report.

The secret lives in ``export-secret`` in the user data folder (mode 0600, created on first use);
``AVRCASE_EXPORT_SECRET_FILE`` names another file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import uuid
from collections import Counter
from dataclasses import astuple, dataclass

from sqlalchemy.orm import Session

from avrcase.domain.disclosure import DisclosureRule
from avrcase.domain.periods import Granularity, month_code_to
from avrcase.domain.regions import region_of
from avrcase.i18n import _, ngettext
from avrcase.services import audit
from avrcase.services.clock import clock_of
from avrcase.services.dto import Actor
from avrcase.services.permissions import Permission, require
from avrcase.services.statistics import counts as statistics
from avrcase.services.statistics.export_secret import (  # noqa: F401 - the secret's names, as callers know them
    ENV_SECRET_FILE,
    SECRET_FILE_NAME,
    installation_secret,
    pseudonym,
    secret_path,
)
from avrcase.services.statistics import microdata_overlap
from avrcase.services.statistics import release as statistics_release

QUASI_IDENTIFIERS = ("citizenship", "sex", "age_class", "country_of_return", "period_of_return")
#: The sensitive attribute: never a grouping column, each group must show at least :data:`L_DIVERSITY` values.
SENSITIVE = "vulnerability"
#: The columns of an anonymised release: a key drawn at random for this release only, then the quasi-identifiers.
HEADER = ("record_key", *QUASI_IDENTIFIERS, SENSITIVE)
#: The columns of the pseudonymised file for a processor (stable pseudonyms under the office's secret).
PROCESSOR_HEADER = ("pseudonym", *QUASI_IDENTIFIERS, SENSITIVE)
#: Each group must show at least this many different vulnerability values, else its vulnerability is suppressed.
L_DIVERSITY = 2
#: What a suppressed vulnerability is written as.
SUPPRESSED = "*"
#: Sex when generalised away (Eurostat's code for "total").
ANY_SEX = "T"
#: Age classes when generalised to minor / adult.
MINOR, ADULT = "Y_LT18", "Y_GE18"
_MINOR_CLASSES = frozenset({"Y_LT14", "Y14-17"})
#: Generalise until at most this share of the rows has to be left out.
MAX_SUPPRESSED_SHARE = 0.05
_PERIOD_LEVELS = (Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR)
_DIMENSIONS = ("citizenship", "sex", "age_class", "country_of_return", "month", "vulnerability")
Span = tuple[dt.date, dt.date]


# ---------------------------------------------------------------- k-anonymity

@dataclass(frozen=True, order=True)
class Generalisation:
    """How coarse each generalisable quasi-identifier is written (0 = as recorded)."""

    period: int = 0
    country_of_return: int = 0
    citizenship: int = 0
    age: int = 0
    sex: int = 0

    @property
    def height(self) -> int:
        """How many steps of generalisation in all."""
        return self.period + self.country_of_return + self.citizenship + self.age + self.sex


#: One returnee as the export sees it: the household (case) it belongs to and its codes in
#: :data:`QUASI_IDENTIFIERS` order followed by the vulnerability.
Unit = tuple[int, tuple[str, ...]]


def _generalise(row: tuple[str, ...], g: Generalisation) -> tuple[str, ...]:
    citizenship, sex, age, country, month, vulnerability = row
    return (
        region_of(citizenship) if g.citizenship else citizenship,
        ANY_SEX if g.sex else sex,
        (MINOR if age in _MINOR_CLASSES else ADULT if age != "UNK" else age) if g.age else age,
        region_of(country) if g.country_of_return else country,
        month_code_to(month, _PERIOD_LEVELS[g.period]),
        vulnerability,
    )


def _lattice() -> list[Generalisation]:
    nodes = [Generalisation(*levels) for levels in itertools.product(range(3), *[range(2)] * 4)]
    # Least generalised first; at equal height, coarser periods before coarser places and citizenships,
    # and those before the person's own age and sex.
    return sorted(nodes, key=lambda g: (g.height, g.sex, g.age, g.citizenship, g.country_of_return))


@dataclass(frozen=True)
class _Outcome:
    """What one generalisation does to the release."""

    node: Generalisation
    #: Per returnee: its generalised codes, or None when its group holds fewer than k households.
    rows: tuple[tuple[str, ...] | None, ...]
    #: Households in each kept group (quasi-identifiers only).
    households: dict[tuple[str, ...], int]
    left_out: int
    vulnerability_suppressed: int


def _apply(units: list[Unit], node: Generalisation, k: int) -> _Outcome:
    generalised = [_generalise(codes, node) for _case, codes in units]
    households: dict[tuple[str, ...], set[int]] = {}
    values: dict[tuple[str, ...], set[str]] = {}
    for (case_id, _codes), row in zip(units, generalised, strict=True):
        households.setdefault(row[:-1], set()).add(case_id)
        values.setdefault(row[:-1], set()).add(row[-1])
    rows: list[tuple[str, ...] | None] = []
    left_out = suppressed = 0
    for row in generalised:
        group = row[:-1]
        if len(households[group]) < k:
            rows.append(None)
            left_out += 1
        elif len(values[group]) < L_DIVERSITY:
            rows.append((*group, SUPPRESSED))
            suppressed += 1
        else:
            rows.append(row)
    kept = {group: len(cases) for group, cases in households.items() if len(cases) >= k}
    return _Outcome(node, tuple(rows), kept, left_out, suppressed)


def _choose(units: list[Unit], k: int) -> tuple[_Outcome, bool]:
    """The least generalisation that leaves out at most 5 % of the rows, and among those of that height
    the one that suppresses the fewest vulnerabilities; else the one that leaves out the fewest rows.

    Returns the outcome and whether the 5 % target was met.
    """
    allowed = int(len(units) * MAX_SUPPRESSED_SHARE)
    best: _Outcome | None = None
    met: _Outcome | None = None
    for node in _lattice():
        if met is not None and node.height > met.node.height:
            break
        outcome = _apply(units, node, k)
        if outcome.left_out <= allowed:
            if met is None or outcome.vulnerability_suppressed < met.vulnerability_suppressed:
                met = outcome
        elif best is None or (outcome.left_out, outcome.vulnerability_suppressed) < (best.left_out,
                                                                                      best.vulnerability_suppressed):
            best = outcome
    if met is not None:
        return met, True
    assert best is not None
    return best, False


def refuse_small_differences(session: Session, actor: Actor | None, date_from: dt.date, date_to: dt.date,
                             k: int) -> None:
    """Refuse the file when, compared with the same period or nested files released before, a group of citizenship,
    sex, age, country and period that both can be brought to holds 1 to k−1 returnees more (or fewer) in one than
    in the other: those few are singled out, their vulnerabilities with them (a year, then its first half: the
    year's rows less the half's are the second half's, two of Central Asia among them; the same year again after
    two departures were recorded late). An earlier file is taken as it showed (``microdata_overlap.shown_groups``);
    one registered before that was kept, as :func:`_choose` writes it from today's records."""
    files: dict[Span, tuple[list[Unit], _Outcome]] = {}
    new, shown = (date_from, date_to), microdata_overlap.shown_groups(session)

    def released(span: Span, cell: int) -> tuple[list[Unit], _Outcome]:
        if span not in files:
            query = statistics.StatisticsQuery("returnees", _DIMENSIONS, *span)
            units = [(case_id, codes) for _person, case_id, codes in statistics.unit_rows(session, actor, query)]
            files[span] = (units, _choose(units, cell)[0])
        return files[span]

    def versions(span: Span, cell: int, earlier: bool) -> list[tuple[Generalisation, Counter[tuple[str, ...]] | None]]:
        """The file of ``span`` as each earlier one showed it, else as written from today's records (groups None)."""
        if earlier and shown.get(span):
            return [(Generalisation(*levels), groups) for levels, groups, _k in shown[span]]
        return [(released(span, cell)[1].node, None)]

    def at(span: Span, cell: int, node: Generalisation, was: Generalisation,
           groups: Counter[tuple[str, ...]] | None) -> Counter[tuple[str, ...]]:
        if groups is not None:
            return _coarser(groups, was, node)
        units, outcome = released(span, cell)
        return Counter(_generalise(codes, node)[:-1] for (_case, codes), row in zip(units, outcome.rows, strict=True)
                       if row is not None)

    again = [(new, (new,), max(k, *(c for _l, _g, c in shown[new])))] if shown.get(new) else []  # the same period
    for outer, parts, cell in [*microdata_overlap.comparisons(session, date_from, date_to, k), *again]:
        spans = (outer, *parts)
        # The new file is written from today's records; an earlier one is taken as it showed (``again``: its part).
        earlier = [span != new or (i > 0 and span == outer) for i, span in enumerate(spans)]
        for chosen in itertools.product(*(versions(span, cell, e) for span, e in zip(spans, earlier, strict=True))):
            node = Generalisation(*(max(levels) for levels in zip(*(astuple(n) for n, _g in chosen), strict=True)))
            whole, *pieces = [at(span, cell, node, was, groups) for span, (was, groups) in zip(spans, chosen, strict=True)]
            total = sum(pieces, Counter())
            if any(1 <= abs(whole[g] - total[g]) < cell for g in whole.keys() | total.keys()):
                detail = _("a group of fewer than %(k)d returnees of the same citizenship, sex, age, country and "
                           "period that one file holds and the other does not") % {"k": cell}
                raise microdata_overlap.refusal(outer if outer != new else parts[0], new, detail)


def _coarser(groups: Counter[tuple[str, ...]], was: Generalisation, to: Generalisation) -> Counter[tuple[str, ...]]:
    """The groups a file written at ``was`` showed, as a file written at the coarser ``to`` shows them."""
    found: Counter[tuple[str, ...]] = Counter()
    for (citizenship, sex, age, country, period), n in groups.items():
        found[(region_of(citizenship) if to.citizenship > was.citizenship else citizenship, ANY_SEX if to.sex else sex,
               (MINOR if age in _MINOR_CLASSES else ADULT if age != "UNK" else age) if to.age > was.age else age,
               region_of(country) if to.country_of_return > was.country_of_return else country,
               month_code_to(period, _PERIOD_LEVELS[to.period]))] += n
    return found


def choose_generalisation(units: list[Unit], k: int) -> Generalisation:
    """The generalisation the release is written at (see :func:`_choose`)."""
    return _choose(units, k)[0].node


@dataclass(frozen=True)
class RecordRisk:
    """sdcMicro-style re-identification risk of the written records: a record in a group of f households
    has risk 1/f (an intruder who knows a person is in the file picks the right household with that chance)."""

    highest: float
    mean: float
    #: The sum of the records' risks: how many of them an intruder would identify by guessing, on average.
    expected_reidentifications: float
    #: Records at the highest risk.
    at_highest: int

    @classmethod
    def of(cls, sizes: list[int]) -> RecordRisk:
        """The risk of records whose groups hold ``sizes`` households (one entry per record)."""
        if not sizes:
            return cls(0.0, 0.0, 0.0, 0)
        risks = [1 / f for f in sizes]
        highest = max(risks)
        return cls(highest, sum(risks) / len(risks), sum(risks), sum(1 for r in risks if r == highest))


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
    #: Written rows whose vulnerability is suppressed (their group showed one value only).
    vulnerability_suppressed: int = 0
    #: Whether at most 5 % of the rows could be left out at any generalisation.
    target_met: bool = True
    risk: RecordRisk = RecordRisk(0.0, 0.0, 0.0, 0)

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
            (g.country_of_return, _("country of return written as its UN M49 sub-region")),
            (g.citizenship, _("citizenship written as its UN M49 sub-region")),
            (g.age, _("age class written as minor (under 18) or adult")),
            (g.sex, _("sex left out (written as T)")),
        ) if flag]
        risk = self.risk
        return (
            _("Each combination of citizenship, sex, age class, country of return and period of return holds "
              "returnees of at least %(k)d households (members of one household are counted once).") % {"k": self.k},
            _("Generalised: %(what)s.") % {"what": "; ".join(done)} if done else _("Nothing was generalised."),
            ngettext("%(n)d of %(total)d returnees left out (a group of fewer than %(k)d households).",
                     "%(n)d of %(total)d returnees left out (groups of fewer than %(k)d households).", self.suppressed)
            % {"n": self.suppressed, "total": self.returnees, "k": self.k},
            *(() if self.target_met else (
                _("The aim of leaving out at most %(share)d %% of the returnees could not be met even at the "
                  "coarsest generalisation: the period holds too few returnees for a record-level release; "
                  "consider a longer period or a table instead.") % {"share": round(MAX_SUPPRESSED_SHARE * 100)},)),
            ngettext("Vulnerability is the sensitive attribute: every group shows at least two different values; "
                     "in %(n)d row it is written as * because its group showed only one.",
                     "Vulnerability is the sensitive attribute: every group shows at least two different values; "
                     "in %(n)d rows it is written as * because their groups showed only one.",
                     self.vulnerability_suppressed) % {"n": self.vulnerability_suppressed}
            if self.vulnerability_suppressed else
            _("Vulnerability is the sensitive attribute: every group shows at least two different values, "
              "so none had to be written as *."),
            _("Risk of re-identification per record (1 / households in its group): highest %(highest)s, "
              "mean %(mean)s; an intruder guessing would identify %(expected)s records on average.") % {
                "highest": f"{risk.highest:.2f}", "mean": f"{risk.mean:.2f}",
                "expected": f"{risk.expected_reidentifications:.1f}"},
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
    statistics_release.check_release_period(date_from, date_to, clock_of(session).today())
    pseudonymised = secret is not None
    if not pseudonymised:
        microdata_overlap.refuse_differencing(session, actor, date_from, date_to, k)
        refuse_small_differences(session, actor, date_from, date_to, k)
    query = statistics.StatisticsQuery("returnees", _DIMENSIONS, date_from, date_to)
    units = statistics.unit_rows(session, actor, query)
    secret = secret if secret is not None else secrets.token_bytes(32)  # a new key per release, never kept
    outcome, target_met = _choose([(case_id, codes) for _person, case_id, codes in units], k)
    kept = tuple(sorted((pseudonym(secret, person_id), *row)
                        for (person_id, _case, _codes), row in zip(units, outcome.rows, strict=True) if row is not None))
    risk = RecordRisk.of([outcome.households[row[1:-1]] for row in kept])
    audit.record(session, actor, audit.Action.EXPORT, entity="anonymised_export", date_from=date_from,
                 date_to=date_to, k=k, rows=len(kept), pseudonymised=pseudonymised)
    groups = Counter(_generalise(codes, outcome.node)[:-1] for (_p, _c, codes), row in zip(units, outcome.rows, strict=True)
                     if row is not None)  # what the file shows: returnees by group, kept against the next file
    shown = {"node": astuple(outcome.node), "groups": sorted([*g, n] for g, n in groups.items())}
    statistics_release.register(session, actor, str(uuid.uuid4()), "microdata", _("Returnees (record level)"), query,
                                None, method="pseudonymised" if pseudonymised else "k-anonymity", min_cell=k, figures=shown)
    return AnonymisedExport(date_from, date_to, kept, AnonymisationReport(
        k, len(units), len(kept), outcome.node, pseudonymised, outcome.vulnerability_suppressed, target_met, risk))

