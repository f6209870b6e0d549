"""Reading one cell the way offices write it: country names in any language or ISO codes, dates in the sheet's
formats (``dates``, read through here), yes/no in en/lt/ru, coded values by code or by their English or Lithuanian
label."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from avrcase.domain.codes import Vocabulary
from avrcase.i18n import _
from avrcase.services.imports.cells import CellError, fold
from avrcase.services.imports.dates import (  # noqa: F401  (read through ``values`` by rows and plan)
    SETTLING_ROWS,
    DateOrder,
    birth_month,
    birth_year,
    date_order,
    parse_date,
    parse_datetime,
)

#: Languages whose country names are recognised (Babel's CLDR names), besides ISO alpha-2/alpha-3 codes.
COUNTRY_NAME_LOCALES = ("en", "lt", "ru", "uk", "be", "pl", "de", "fr", "es", "it", "pt", "tr", "ar", "fa", "ka",
                        "hy", "az", "uz", "kk", "ky", "tg", "tk", "ro", "vi", "zh", "hi", "ur", "bn", "ps", "so", "am")
#: Names sheets still use that CLDR has replaced.
_COUNTRY_ALIASES = {"Turkey": "TR", "Turkija": "TR", "Czech Republic": "CZ", "Macedonia": "MK", "Ivory Coast": "CI",
                    "Swaziland": "SZ", "Burma": "MM", "Cape Verde": "CV", "East Timor": "TL", "Kirgizija": "KG",
                    "Киргизия": "KG", "Kirgizstanas": "KG", "Молдавия": "MD", "Moldavija": "MD", "Белоруссия": "BY",
                    "Baltarusija": "BY", "Sakartvelas": "GE",  # Lithuanian's official second name for Georgia
                    "RKS": "XK"}  # Kosovo's passports write RKS (``iso3166`` has the XKX of IOM's and the EU's lists)
_YES = {"yes", "y", "true", "1", "x", "✓", "taip", "t", "да", "д", "+"}
_NO = {"no", "n", "false", "0", "ne", "нет", "н", "-", ""}


@functools.cache
def _countries() -> dict[str, str]:
    from babel import Locale

    table: dict[str, str] = {}
    english = Locale.parse("en").territories
    codes = {str(code) for code in english
             if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "QO", "ZZ")}
    for name in COUNTRY_NAME_LOCALES:
        territories = Locale.parse(name).territories
        for code in codes:
            if code in territories:
                table.setdefault(fold(territories[code]), code)
    for code in codes:
        table.setdefault(fold(code), code)
    # ISO 3166-1 alpha-3 codes (UKR, GEO, MDA), as passports' machine-readable lines write citizenship, and
    # ISO's English names ("Moldova, Republic of", "Russian Federation"); Babel's CLDR has no alpha-3.
    from iso3166 import countries

    for country in countries:
        if country.alpha2 in codes:
            table.setdefault(fold(country.alpha3), country.alpha2)
            for name in (country.name, country.apolitical_name):
                table.setdefault(fold(name), country.alpha2)
    for alias, code in _COUNTRY_ALIASES.items():
        table.setdefault(fold(alias), code)
    table.setdefault("stateless", "XX")
    return table


def country(text: str) -> str:
    """An ISO 3166 alpha-2 code from a code or a country name in any of ``COUNTRY_NAME_LOCALES``."""
    found = _countries().get(fold(text))
    if found is None:
        raise CellError(_("“%(value)s” is not a country avrcase knows; write the country's name or its two- or "
                          "three-letter ISO code (GE or GEO).") % {"value": text})
    return found


def yes_no(text: str) -> bool:
    """True/False from yes/no in English, Lithuanian or Russian (and 1/0, x)."""
    value = fold(text)
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no.") % {"value": text})


@functools.cache
def _labels(vocabulary: type[Vocabulary]) -> dict[str, str]:
    from avrcase.i18n import available_locales, load_translations

    catalogs = [load_translations(name) for name in available_locales() if name != "en"]
    table: dict[str, str] = {}
    for member in vocabulary:
        english = vocabulary._labels()[member.value]
        for name in (member.value, member.value.replace("_", " "), english, *(c.gettext(english) for c in catalogs)):
            table.setdefault(fold(name), member.value)
    for name, value in _OTHER_NAMES.get(vocabulary.__name__, {}).items():
        table.setdefault(fold(name), value)
    return table


#: Names beyond the catalogs' labels that office sheets use, per vocabulary (Russian ones from before the catalog).
_OTHER_NAMES: dict[str, dict[str, str]] = {
    # A household's rows say who each is as a person says it: "pareiškėja", "sutuoktinis", "sūnus", "жена".
    "Relationship": {
        **dict.fromkeys(("applicant", "main applicant", "head of household", "pareiškėjas", "pareiškėja",
                         "šeimos galva", "заявитель", "заявительница", "основной заявитель", "глава семьи"), "principal"),
        **dict.fromkeys(("wife", "husband", "partner", "sutuoktinis", "sutuoktinė", "žmona", "vyras", "partneris",
                         "partnerė", "супруг", "супруга", "жена", "муж"), "spouse"),
        **dict.fromkeys(("son", "daughter", "sūnus", "dukra", "duktė", "сын", "дочь", "ребенок", "ребёнок"), "child"),
        **dict.fromkeys(("father", "mother", "tėvas", "motina", "mama", "tėtis", "отец", "мать"), "parent"),
        **dict.fromkeys(("brother", "sister", "brolis", "sesuo", "брат", "сестра"), "sibling"),
        **dict.fromkeys(("grandson", "granddaughter", "anūkas", "anūkė", "внук", "внучка"), "grandchild"),
        **dict.fromkeys(("grandfather", "grandmother", "senelis", "senelė", "дедушка", "бабушка"), "grandparent"),
    },
    "Vulnerability": {
        "несопровождаемый ребенок": "unaccompanied_child", "несопровождаемый ребёнок": "unaccompanied_child",
        "несопровождаемый несовершеннолетний": "unaccompanied_child", "unaccompanied minor": "unaccompanied_child",
        "unaccompanied child": "unaccompanied_child", "separated child": "unaccompanied_child", "uam": "unaccompanied_child",
        "nelydimas vaikas": "unaccompanied_child", "nelydimas nepilnametis": "unaccompanied_child",
        "жертва торговли людьми": "victim_of_trafficking", "торговля людьми": "victim_of_trafficking",
        "trafficking": "victim_of_trafficking", "vot": "victim_of_trafficking",
        "prekyba žmonėmis": "victim_of_trafficking",
        "серьезное заболевание": "medical_condition", "серьёзное заболевание": "medical_condition",
        "заболевание": "medical_condition", "медицинские проблемы": "medical_condition",
        "medical": "medical_condition", "medical condition": "medical_condition", "illness": "medical_condition",
        "liga": "medical_condition", "sveikatos būklė": "medical_condition",
        "инвалидность": "disability", "инвалид": "disability", "disabled": "disability", "neįgalumas": "disability",
        "neįgalus": "disability", "neįgali": "disability",
        "пожилой человек": "elderly", "пожилой": "elderly", "пожилая": "elderly", "elderly": "elderly",
        "senyvas": "elderly", "senyvo amžiaus": "elderly",
        "беременная женщина": "pregnant", "беременная": "pregnant", "беременность": "pregnant", "pregnant": "pregnant",
        "nėščia": "pregnant", "nėštumas": "pregnant",
        "одинокий родитель или многодетная семья": "single_parent_large_family", "одинокий родитель":
            "single_parent_large_family", "многодетная семья": "single_parent_large_family",
        "single parent": "single_parent_large_family", "large family": "single_parent_large_family",
        "daugiavaikė šeima": "single_parent_large_family", "vienas iš tėvų": "single_parent_large_family",
        "пережившие пытки или насилие": "torture_violence_survivor", "пытки": "torture_violence_survivor",
        "насилие": "torture_violence_survivor", "жертва насилия": "torture_violence_survivor",
        "torture": "torture_violence_survivor", "violence": "torture_violence_survivor",
        "smurto auka": "torture_violence_survivor", "kankinimai": "torture_violence_survivor",
    },
    "ApprovalStatus": {
        "не запрашивалось": "not_requested", "не запрошено": "not_requested", "not requested": "not_requested",
        "neprašyta": "not_requested",
        "запрошено": "requested", "ожидается ответ": "requested", "requested": "requested", "pending": "requested",
        "prašyta": "requested", "laukiama": "requested",
        "одобрено": "approved", "утверждено": "approved", "согласовано": "approved", "approved": "approved",
        "pritarta": "approved", "patvirtinta": "approved",
        "отказано": "refused", "отклонено": "refused", "refused": "refused", "rejected": "refused",
        "atsisakyta": "refused", "atmesta": "refused",
    },
}


#: Common ways sheets write sex, beyond the labels.
_SEX = {"m": "M", "male": "M", "man": "M", "vyras": "M", "v": "M", "vyr": "M", "муж": "M", "мужской": "M", "м": "M",
        "f": "F", "female": "F", "woman": "F", "moteris": "F", "mot": "F", "жен": "F", "женский": "F", "ж": "F"}


def sex_letters(cells: Iterable[object]) -> str:
    """How a sex column writes its letters: ``en`` (M male, F female), ``lt`` (V vyras, M moteris: a Lithuanian
    form's letters) or ``both`` (V and F in one column: an M could be either)."""
    letters = {fold(str(cell)) for cell in cells if cell is not None}
    if "v" in letters:
        return "both" if "f" in letters else "lt"
    return "en"


def code(vocabulary: type[Vocabulary], text: str, *, letters: str = "en") -> str:
    """The code of ``vocabulary`` written as its code or its English or Lithuanian label; a sex column's "M" as
    its ``letters`` read it (see ``sex_letters``)."""
    value = fold(text)
    if vocabulary.__name__ == "Sex" and value == "m" and letters != "en":
        if letters == "lt":
            return "F"  # moteris: the column writes V for vyras
        raise CellError(_("“M” is male in English but moteris (female) in Lithuanian, and this column has both F "
                          "and V; write F or M as in English, or moteris or vyras."))
    if vocabulary.__name__ == "Sex" and value in _SEX:
        return _SEX[value]
    found = _labels(vocabulary).get(value)
    if found is None:
        choices = "; ".join(f"{m.label} ({m.value})" for m in vocabulary)
        raise CellError(_("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": choices})
    return found
