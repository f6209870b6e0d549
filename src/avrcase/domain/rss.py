"""Reintegration Sustainability Survey (RSS): the survey's definition from a data file, and its scoring.

The questions, answer values, indicator weights and dimensions come from a JSON file, so an office
can load IOM's official values without code changes. A dimension score is the weighted mean of the
values of its answered indicators; the composite is the weighted mean of the dimension scores. Every
score lies in [0, 1]. Unanswered or not-applicable indicators are left out and said so; a dimension
whose answered weight is below the file's ``min_answered_share`` gets no score, and then neither does
the composite. Arithmetic is exact (fractions), so a score never strays outside [0, 1] by rounding.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path

from avrcase.domain.errors import AvrcaseError, ValidationError
from avrcase.i18n import N_, _, current_locale, ngettext
from avrcase.i18n.format import format_number

DEFAULT_FILE = "default.json"
#: The version of the file layout this module reads.
FORMAT = 1


def localised(texts: Mapping[str, str], locale: str | None = None) -> str:
    """The text for ``locale``, else its language, else English, else the first given."""
    locale = locale or current_locale()
    for candidate in (locale, locale.split("_", 1)[0], "en"):
        if candidate in texts:
            return texts[candidate]
    return next(iter(texts.values()), "")


@dataclass(frozen=True)
class Answer:
    """One answer option; ``value`` in [0, 1], or None for “no answer” and for “does not apply”.

    An answer that does not apply (no school-age children) takes its indicator out of the dimension;
    a refused or unknown answer leaves a gap that counts against the answered share.
    """

    key: str
    labels: Mapping[str, str]
    value: Fraction | None
    not_applicable: bool = False

    def label(self, locale: str | None = None) -> str:
        """The answer's text in the locale."""
        return localised(self.labels, locale)


@dataclass(frozen=True)
class Indicator:
    """One indicator: its question, the dimension it belongs to, its weight there and its answers."""

    key: str
    dimension: str
    weight: Fraction
    names: Mapping[str, str]
    questions: Mapping[str, str]
    answers: tuple[Answer, ...]

    def name(self, locale: str | None = None) -> str:
        """A short name for lists and statements, for example “Food security”."""
        return localised(self.names, locale)

    def question(self, locale: str | None = None) -> str:
        """The question as the interviewer asks it."""
        return localised(self.questions, locale)

    def answer(self, key: str) -> Answer | None:
        """The answer option ``key``, or None when the indicator has none such."""
        return next((answer for answer in self.answers if answer.key == key), None)


@dataclass(frozen=True)
class Dimension:
    """A dimension of reintegration (economic, social, psychosocial) and its weight in the composite."""

    key: str
    labels: Mapping[str, str]
    weight: Fraction

    def label(self, locale: str | None = None) -> str:
        """The dimension's name in the locale."""
        return localised(self.labels, locale)


@dataclass(frozen=True)
class SurveyDefinition:
    """A whole survey as loaded from a file, with where it comes from and whether it is official."""

    name: str
    source: str
    status: str
    official: bool
    dimensions: tuple[Dimension, ...]
    indicators: tuple[Indicator, ...]
    min_answered_share: Fraction = Fraction(1, 2)

    def indicator(self, key: str) -> Indicator | None:
        """The indicator ``key``, or None."""
        return next((indicator for indicator in self.indicators if indicator.key == key), None)

    def indicators_of(self, dimension: str) -> tuple[Indicator, ...]:
        """The indicators of one dimension, in file order."""
        return tuple(indicator for indicator in self.indicators if indicator.dimension == dimension)


class SurveyFileError(AvrcaseError):
    """A survey file that cannot be used; ``problems`` lists each one in plain words."""

    def __init__(self, name: str, problems: list[str]):
        self.problems = tuple(problems)
        header = _("The survey file “%(name)s” cannot be used:") % {"name": name}
        super().__init__("\n".join([header, *(f"- {problem}" for problem in self.problems)]))


def parse_survey(text: str, name: str = "") -> SurveyDefinition:
    """The survey in JSON ``text``; raises ``SurveyFileError`` listing every problem found."""
    try:
        raw = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as err:
        problem = _("It is not valid JSON: %(problem)s (line %(line)d, column %(column)d).") % {
            "problem": err.msg, "line": err.lineno, "column": err.colno}
        raise SurveyFileError(name, [problem]) from None
    reader = _Reader()
    definition = reader.definition(raw)
    if reader.problems or definition is None:
        raise SurveyFileError(name, reader.problems)
    return definition


class _Reader:
    """Reads the parsed JSON into a definition, noting every problem in plain words instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def _say(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def _text(self, where: str, value: object, what: str) -> Mapping[str, str]:
        """A text, or texts per locale (``{"en": ..., "lt": ...}``)."""
        texts = {"en": value} if isinstance(value, str) else value
        if not isinstance(texts, dict) or not texts or not all(
            isinstance(v, str) and v.strip() and isinstance(k, str) for k, v in texts.items()
        ):
            self._say(where, _("%(what)s is missing; give a text, or texts by language such as "
                               "{\"en\": \"...\"}.") % {"what": what})
            return {}
        return texts

    def _number(self, where: str, value: object, what: str, *, zero_ok: bool, at_most_one: bool) -> Fraction | None:
        number = None if isinstance(value, bool) or not isinstance(value, (int, Decimal)) else Fraction(value)
        if number is not None and (number > 0 or (zero_ok and number == 0)) and not (at_most_one and number > 1):
            return number
        if zero_ok:
            message = _("%(what)s must be a number from 0 to 1, not “%(value)s”.")
        elif at_most_one:
            message = _("%(what)s must be a number above 0 and at most 1, not “%(value)s”.")
        else:
            message = _("%(what)s must be a number above 0, not “%(value)s”.")
        self._say(where, message % {"what": what, "value": value})
        return None

    def _keyed(self, where: str, raw: object, what: str) -> list[tuple[str, str, dict]]:
        """The entries of a list of objects with unique string keys, as (where, key, entry)."""
        if not isinstance(raw, list) or not raw:
            self._say(where, _("“%(what)s” must be a non-empty list.") % {"what": what})
            return []
        out, seen = [], set()
        for number, entry in enumerate(raw, 1):
            place = f"{where} {what} {number}".strip()
            key = entry.get("key") if isinstance(entry, dict) else None
            if not isinstance(key, str) or not key.strip():
                self._say(place, _("each entry needs a “key”."))
            elif key in seen:
                self._say(place, _("the key “%(key)s” is used twice.") % {"key": key})
            else:
                seen.add(key)
                out.append((f"{place} (“{key}”)", key, entry))
        return out

    def definition(self, raw: object) -> SurveyDefinition | None:
        if not isinstance(raw, dict):
            self._say("", _("The file must hold one JSON object."))
            return None
        if raw.get("format") != FORMAT:
            self._say("", _("“format” must be %(format)d; this app reads no other.") % {"format": FORMAT})
        header = {}
        for key in ("name", "source", "status"):
            value = raw.get(key)
            if not isinstance(value, str) or not value.strip():
                self._say("", _("“%(key)s” must say, in words, %(what)s.") % {"key": key, "what": _(_HEADER[key])})
            header[key] = value
        if not isinstance(raw.get("official"), bool):
            self._say("", _("“official” must be true or false: are these IOM's official values?"))
        share = self._number("", raw.get("min_answered_share", Decimal("0.5")), "“min_answered_share”",
                             zero_ok=False, at_most_one=True)
        dimensions = []
        for place, key, entry in self._keyed("", raw.get("dimensions"), "dimensions"):
            label = self._text(place, entry.get("label"), "“label”")
            weight = self._number(place, entry.get("weight"), "“weight”", zero_ok=False, at_most_one=False)
            dimensions.append(Dimension(key, label, weight or Fraction(0)))
        indicators = [self._indicator(place, key, entry, {d.key for d in dimensions})
                      for place, key, entry in self._keyed("", raw.get("indicators"), "indicators")]
        for dimension in dimensions:
            if not any(indicator.dimension == dimension.key for indicator in indicators):
                self._say("", _("The dimension “%(key)s” has no indicator.") % {"key": dimension.key})
        if self.problems:
            return None
        return SurveyDefinition(header["name"], header["source"], header["status"], raw["official"],
                                tuple(dimensions), tuple(indicators), share or Fraction(1, 2))

    def _indicator(self, where: str, key: str, entry: dict, dimensions: set[str]) -> Indicator:
        dimension = entry.get("dimension")
        if dimension not in dimensions:
            self._say(where, _("“dimension” must be one of the file's dimensions (%(keys)s), not “%(value)s”.")
                      % {"keys": ", ".join(sorted(dimensions)), "value": dimension})
        weight = self._number(where, entry.get("weight"), "“weight”", zero_ok=False, at_most_one=False)
        names = self._text(where, entry.get("name"), "“name”")
        questions = self._text(where, entry.get("question"), "“question”")
        answers, known = [], len(self.problems)
        for place, answer_key, raw_answer in self._keyed(where, entry.get("answers"), "answers"):
            label = self._text(place, raw_answer.get("label"), "“label”")
            value = raw_answer.get("value", "")
            not_applicable = raw_answer.get("not_applicable", False)
            if not isinstance(not_applicable, bool) or (not_applicable and value is not None):
                self._say(place, _("“not_applicable” is true or false, and a true one has “value”: null."))
            elif value is not None:
                value = self._number(place, value, "“value”", zero_ok=True, at_most_one=True)
            answers.append(Answer(answer_key, label, value, not_applicable is True))
        if len(self.problems) == known and answers and all(answer.value is None for answer in answers):
            self._say(where, _("at least one answer needs a “value” between 0 and 1."))
        return Indicator(key, str(dimension), weight or Fraction(0), names, questions, tuple(answers))


#: What each header field of a survey file must state.
_HEADER = {
    "name": N_("the survey's name"),
    "source": N_("where the questions, values and weights come from"),
    "status": N_("whether the values may be used as they are"),
}


def load_survey(path: Path | str) -> SurveyDefinition:
    """The survey in the file at ``path``; unreadable or invalid files raise ``SurveyFileError``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SurveyFileError(path.name, [_("It cannot be read: %(problem)s") % {"problem": err}]) from None
    return parse_survey(text, path.name)


def default_survey() -> SurveyDefinition:
    """The survey shipped in ``resources/rss/default.json`` (read its ``status`` before trusting weights)."""
    text = (resources.files("avrcase.resources") / "rss" / DEFAULT_FILE).read_text(encoding="utf-8")
    return parse_survey(text, DEFAULT_FILE)


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's score (None when too little was answered) and which indicators it rests on."""

    key: str
    score: float | None
    answered: tuple[str, ...]
    missing: tuple[str, ...]
    answered_share: Fraction
    not_applicable: tuple[str, ...] = ()


@dataclass(frozen=True)
class SurveyScore:
    """The scores of one survey: per dimension and composite, each in [0, 1] or None, and what was missing."""

    definition: SurveyDefinition = field(repr=False)
    dimensions: tuple[DimensionScore, ...]
    composite: float | None

    def dimension(self, key: str) -> DimensionScore:
        """The score of dimension ``key``."""
        return next(score for score in self.dimensions if score.key == key)

    @property
    def missing(self) -> tuple[str, ...]:
        """Keys of indicators without a scored answer, in file order."""
        return tuple(key for score in self.dimensions for key in score.missing)

    def statements(self, locale: str | None = None) -> list[str]:
        """Plain sentences about what was missing and what could therefore not be scored."""
        out: list[str] = []
        skipped = [key for score in self.dimensions for key in score.not_applicable]
        if skipped:
            out.append(ngettext(
                "%(names)s does not apply to this returnee and is left out.",
                "%(names)s do not apply to this returnee and are left out.",
                len(skipped),
            ) % {"names": self._names(skipped, locale)})
        if self.missing:
            out.append(ngettext(
                "%(n)d of %(total)d indicators has no scored answer (%(names)s); it is left out of the scores.",
                "%(n)d of %(total)d indicators have no scored answer (%(names)s); they are left out of the scores.",
                len(self.missing),
            ) % {"n": len(self.missing), "total": len(self.definition.indicators),
                 "names": self._names(self.missing, locale)})
        for score, dimension in zip(self.dimensions, self.definition.dimensions):
            if score.score is None:
                out.append(_(
                    "No score for the dimension “%(dimension)s”: the answers cover %(share)s of its weight, "
                    "less than the %(minimum)s needed."
                ) % {
                    "dimension": dimension.label(locale),
                    "share": _percent(score.answered_share, locale),
                    "minimum": _percent(self.definition.min_answered_share, locale),
                })
        if self.composite is None:
            out.append(_("No composite score, because a dimension has no score."))
        return out

    def _names(self, keys: Iterable[str], locale: str | None) -> str:
        by_key = {indicator.key: indicator for indicator in self.definition.indicators}
        return ", ".join(f"“{by_key[key].name(locale)}”" for key in keys)


def _percent(share: Fraction, locale: str | None) -> str:
    whole = round(Decimal(share.numerator) / share.denominator * 100)
    return _("%(number)s%%") % {"number": format_number(whole, locale)}


def score_survey(definition: SurveyDefinition, answers: Mapping[str, str]) -> SurveyScore:
    """Score ``answers`` (indicator key → answer key); unknown keys raise ``ValidationError``."""
    errors: dict[str, str] = {}
    for key, answer in answers.items():
        indicator = definition.indicator(key)
        if indicator is None:
            errors[key] = _("The survey has no indicator “%(key)s”.") % {"key": key}
        elif indicator.answer(answer) is None:
            errors[key] = _("“%(answer)s” is not an answer to “%(name)s”.") % {
                "answer": answer, "name": indicator.name()}
    if errors:
        raise ValidationError(errors)
    scored = [_score_dimension(definition, dimension.key, answers) for dimension in definition.dimensions]
    composite = None
    if all(exact is not None for _score, exact in scored):
        weights = sum((d.weight for d in definition.dimensions), Fraction(0))
        weighted = sum((d.weight * exact for d, (_score, exact) in zip(definition.dimensions, scored)), Fraction(0))
        composite = float(weighted / weights)
    return SurveyScore(definition, tuple(score for score, _exact in scored), composite)


def _score_dimension(
    definition: SurveyDefinition, key: str, answers: Mapping[str, str]
) -> tuple[DimensionScore, Fraction | None]:
    """One dimension's score, and its exact value for the composite (None when too little was answered)."""
    weighted = answered_weight = total_weight = Fraction(0)
    answered, missing, skipped = [], [], []
    for indicator in definition.indicators_of(key):
        chosen = indicator.answer(answers[indicator.key]) if indicator.key in answers else None
        if chosen is not None and chosen.not_applicable:
            skipped.append(indicator.key)
            continue
        total_weight += indicator.weight
        if chosen is None or chosen.value is None:
            missing.append(indicator.key)
            continue
        answered.append(indicator.key)
        weighted += indicator.weight * chosen.value
        answered_weight += indicator.weight
    share = answered_weight / total_weight if total_weight else Fraction(0)
    exact = weighted / answered_weight if answered and share >= definition.min_answered_share else None
    score = None if exact is None else float(exact)
    return DimensionScore(key, score, tuple(answered), tuple(missing), share, tuple(skipped)), exact
