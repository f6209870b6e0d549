"""Is this the same person? Name words across scripts and systems, dates of birth, sex, citizenship, documents.

One design (explained with its measured recall in docs/names.md):

1. A name is split into words and particles are normalised: Arabic articles (al-, el-, ad-, ar-, …)
   and connectors (bin, ibn, bint, ould, oğlu, kyzy, qizi) are dropped, "Abd" joins the word after it
   (Abd Allah = Abdullah = Abdulloh), "-uddin/ad-Din" and "-ullah/Allah" compounds are written one way,
   and patronymics (-ovich, -ovna, -ivna, the father's name before oğlu) become optional words.
2. Every word gets phonetic keys (``name_keys``) after per-script romanisation (``romanisation``).
3. Two names are compared word against word in any order (best pairs first); a word left over in the
   longer name (a Vietnamese middle name, a patronymic) costs little, a word that does not match in
   the shorter one costs its whole share. Each person has a Latin and an original-script form; the
   best pair of forms wins and is reported.
4. The name score is then weighed with the date of birth (exact, day and month swapped, one day
   apart, same year when estimated; 1 January counts less because it is the usual default), sex and
   citizenship; the same document number (Cyrillic/Greek look-alike letters folded, letters kept) is
   a match on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from avrcase.domain.birth_dates import DOB_PENALTY, DobRule, dob_rule
from avrcase.domain.name_key_version import KEY_LENGTH, NAME_KEYS_VERSION  # noqa: F401  (re-exported)
from avrcase.domain.name_keys import keys_similarity, reading_keys, skeleton
from avrcase.domain.particles import particles_joined
from avrcase.domain.romanisation import RomanWord, Script, romanise_word, script_of, split_words

# ---------------------------------------------------------------- particles

_ARTICLES = frozenset({"al", "el", "ul", "ol", "il", "ال"})
# The article assimilated to a "sun letter" (ad-Din, ar-Rashid, ash-Shami): only before that letter,
# so that a Vietnamese "An" stays a name.
_SUN_ARTICLE = re.compile(r"^[aeu](?P<c>sh|th|dh|[dnrstz])$")
_CONNECTORS = frozenset({"bin", "ibn", "ben", "bint", "binti", "bent", "ould", "uld", "walad", "ibni",
                         "oglu", "ogly", "ogli", "ugli", "oghlu", "oghli", "uulu", "uly", "kyzy", "kizi", "qizi", "gizi", "kyzi",
                         "kizy", "qyzy", "bn", "ابن", "بن", "بنت", "bnt"})
_ABD = frozenset({"abd", "abdul", "abdel", "abdal", "abdol", "abdu", "abdur", "abdus", "abdi", "abdoul", "bd"})
_ABD_REST = re.compile(r"^[aeiou]*l*")
_DIN = re.compile(r"^(?P<stem>.{2,}?)[aeiou]?d?(?:din|deen|dinn|dine)$")
_ULLAH = re.compile(r"^(?P<stem>.{3,}?)[aeiou]?l+(?:ah|a|oh|o)$")
# Second halves of compounds written apart: Nur ad-Din, Djamal Eddine, Nasr Allah.
_JOINED_TO_PREVIOUS = frozenset({"din", "deen", "ddin", "uddin", "eddin", "addin", "iddin", "dine", "eddine", "ddine",
                                 "dn", "allah", "ullah", "ulla", "ulloh", "ollah", "allh", "llh"})
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovych|evych|ovitch|ovna|evna|ivna|ichna|yevich|ievich)$")
_FAMILY_SUFFIX = re.compile(r"(?:ov|ova|ev|eva|yev|yeva|zoda|zade|zada|zadeh|zod)$")


@dataclass(frozen=True)
class NameWord:
    """One word of a name, with its phonetic keys; optional words (patronymics) may be left out."""

    text: str
    keys: tuple[str, ...]
    optional: bool = False


def _plain(roman: RomanWord) -> str:
    return roman.readings[0]


def _is_article(plains: list[str], index: int) -> bool:
    """An article standing alone before another word (al-, el-, or assimilated as in ad-Din)."""
    if index + 1 >= len(plains):
        return False
    if plains[index] in _ARTICLES:
        return True
    sun = _SUN_ARTICLE.match(plains[index])
    return bool(sun) and plains[index + 1].startswith(sun.group("c"))  # type: ignore[union-attr]


def _joined(words: list[str]) -> list[tuple[str, bool]]:
    """Words with Abd-, -uddin and -ullah compounds joined, particles dropped; (word, optional)."""
    out: list[tuple[str, bool]] = []
    index = 0
    plains = [_plain(romanise_word(w)) for w in words]
    while index < len(words):
        word, plain = words[index], plains[index]
        if plain in _ABD and index + 1 < len(words):
            parts = [word]
            index += 1
            if _is_article(plains, index):
                parts.append(words[index])
                index += 1
            parts.append(words[index])
            out.append(("".join(parts), False))
        elif out and plain in _JOINED_TO_PREVIOUS:
            out[-1] = (out[-1][0] + word, out[-1][1])
        elif _is_article(plains, index):
            pass
        elif plain in _CONNECTORS:
            if out and plain not in ("bin", "ibn", "ben", "bint", "binti", "bent", "bn", "ابن", "بن", "بنت"):
                out[-1] = (out[-1][0], True)  # the father's name before oğlu/kyzy is a patronymic
        else:
            out.append((word, bool(_PATRONYMIC.search(plain))))
        index += 1
    return out


def _canonical(reading: str, script: Script) -> str:
    if script is Script.ARABIC and reading.startswith("al") and len(reading) > 3:
        reading = reading[2:]
    if reading.startswith("abd") and len(reading) > 4:
        return "abd" + _ABD_REST.sub("", reading[3:])
    if script is Script.ARABIC and reading.startswith("bd") and len(reading) > 3:
        rest = _ABD_REST.sub("", reading[2:])
        return "bd" + (rest[:-1] if rest.endswith("h") and len(rest) > 1 else rest)
    if (m := _DIN.match(reading)) and script is not Script.ARABIC:
        return m.group("stem") + "din"
    if (m := _ULLAH.match(reading)) and script is not Script.ARABIC and len(reading) > 6:
        return m.group("stem") + "ulla"
    return reading


@lru_cache(maxsize=4096)
def name_words(text: str) -> tuple[NameWord, ...]:
    """The words of one name form, particles normalised, each with its phonetic keys. Remembered (frozen words): a
    search keystroke reads the same words four times over (#14)."""
    result = []
    for word, optional in _joined(split_words(text)):
        roman = romanise_word(word)
        canonical = RomanWord(tuple(_canonical(r, roman.script) for r in roman.readings), roman.script)
        keys = reading_keys(canonical)
        if keys:
            result.append(NameWord(word, keys, optional))
    return tuple(result)


def search_keys(text: str) -> set[str]:
    """Every key and skeleton of every word of a name, for the search index."""
    keys: set[str] = set()
    words = name_words(text)
    if "\u200c" in text:  # رحیم‌زاده is also found as the two words a space would have made of it
        words += name_words(text.replace("\u200c", " "))
    for word in words:
        for key in word.keys:
            keys.add(key)  # Arabic-script keys keep "=" and their T/D marks (see ``name_keys.arabic_key``)
            # ض ذ ظ are z in Persian, Pashto and Urdu names (رضایی Rezaei), d in Arabic ones (رمضان Ramadan); ث s or t.
            for spelt in {key, key.replace("D", "z").replace("T", "s")}:
                if len(sk := skeleton(spelt)) >= 2:
                    keys.add("~" + sk)
    return {k for k in keys if k and k != "~"}




def key_parts(family: str, given: str, family_original: str = "", given_original: str = "") -> tuple[str, ...]:
    """The texts one person's keys are made of: the four name forms, and the family name with its particles joined
    (van der Berg is also found typed Vanderberg)."""
    return family, given, family_original, given_original, particles_joined(family)


def person_search_keys(family: str, given: str, family_original: str = "", given_original: str = "") -> set[str]:
    """The keys stored for one person: every key and skeleton of every name word, in every form."""
    keys: set[str] = set()
    for part in key_parts(family, given, family_original, given_original):
        keys |= search_keys(part)
    return {k[:KEY_LENGTH] for k in keys}


# ---------------------------------------------------------------- comparing names

WORD_MATCH = 0.8  # two words at least this alike are the same name


def word_similarity(a: NameWord, b: NameWord) -> float:
    """How alike two name words are (0–1), family-name endings (-ov, -ova, -zoda, -zade) forgiven."""
    best = keys_similarity(a.keys, b.keys)
    if best < 0.9:
        for x in a.keys:
            for y in b.keys:
                sx, sy = _FAMILY_SUFFIX.sub("", x), _FAMILY_SUFFIX.sub("", y)
                if (sx != x or sy != y) and len(sx) >= 3 and keys_similarity((sx,), (sy,)) >= 0.95:
                    best = max(best, 0.9)
    return best


def form_similarity(a: tuple[NameWord, ...], b: tuple[NameWord, ...]) -> float:
    """Similarity of two name forms in any word order; left-over middle names cost little."""
    if not a or not b:
        return 0.0
    pairs = sorted(((word_similarity(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b)), reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    total = 0.0
    for score, i, j in pairs:
        if score < WORD_MATCH:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        total += score
    shorter = min(len(a), len(b))
    # An optional word (patronymic) left out on one side does not count against the other.
    required_a = [i for i, w in enumerate(a) if not w.optional or i in used_a]
    required_b = [j for j, w in enumerate(b) if not w.optional or j in used_b]
    shorter = max(1, min(len(required_a), len(required_b)))
    score = min(1.0, total / shorter)
    extra = max(len(required_a), len(required_b)) - len(used_a)
    score -= 0.03 * max(extra, 0)
    if shorter == 1:
        score *= 0.85  # one word is little to go by
    return max(score, 0.0)


@dataclass(frozen=True)
class NameForms:
    """The forms of one person's name worth comparing: as typed in Latin, and in the original script."""

    forms: tuple[tuple[str, tuple[NameWord, ...]], ...]
    #: Script of the original-script form, if there is one.
    original_script: Script | None = None
    #: Other readings of a form's words (by its index): syllables written apart joined, Xiao Ming as Xiaoming.
    joined: tuple[tuple[int, tuple[NameWord, ...]], ...] = ()

    @classmethod
    def of(cls, family: str, given: str, family_original: str = "", given_original: str = "") -> NameForms:
        """Both forms (those not empty), each as display text and its words."""
        forms: list[tuple[str, tuple[NameWord, ...]]] = []
        joined: list[tuple[int, tuple[NameWord, ...]]] = []
        script = None
        for index, (f, g) in enumerate(((family, given), (family_original, given_original))):
            text = " ".join(p for p in (f.strip(), g.strip()) if p)
            if text:
                words = name_words(f) + name_words(g)
                if words:
                    if (together := _syllables_joined(f, g)) is not None:
                        joined.append((len(forms), together))
                    forms.append((text, words))
                    if index == 1:
                        script = script_of(text)
        return cls(tuple(forms), script, tuple(joined))

    def readings(self, index: int) -> list[tuple[NameWord, ...]]:
        """The words of form ``index``, and any other reading of them."""
        return [self.forms[index][1], *(words for i, words in self.joined if i == index)]


_SYLLABLE = re.compile(r"^[A-Za-z]{1,6}$")
_LATIN = re.compile(r"^[A-Za-z]{2,}$")


def _syllables_joined(family: str, given: str) -> tuple[NameWord, ...] | None:
    """The words with a part of two or three short Latin syllables written as one word (Chinese pinyin given names:
    Xiao Ming, Xiao-Ming and Xiaoming are one name on different papers), or None when no part is so written."""
    split = [split_words(part) for part in (family, given)]
    # Also two Latin words of any length: Mohammad Ali and Mohammadali, Abdul Karim and Abdulkarim.
    joined = [(2 <= len(s) <= 3 and all(_SYLLABLE.match(w) for w in s))
              or (len(s) == 2 and all(_LATIN.match(w) and not _PATRONYMIC.search(w.lower()) for w in s)) for s in split]
    if not any(joined):
        return None
    return tuple(w for s, j in zip(split, joined, strict=True) for w in name_words("".join(s) if j else " ".join(s)))


@dataclass(frozen=True)
class NameMatch:
    """The best-matching pair of name forms and how alike they are."""

    score: float
    ours: str = ""
    theirs: str = ""


def compare_names(a: NameForms, b: NameForms) -> NameMatch:
    """The best pair of forms of two names.

    When both people have their name in the same non-Latin script, that writing is compared with itself
    and the Latin with the Latin, never across: محمود and محمد differ, though "Mahmoud" could be read
    into محمد.
    """
    best = NameMatch(0.0)
    same_script = a.original_script is not None and a.original_script == b.original_script \
        and a.original_script is not Script.LATIN and len(a.forms) == len(b.forms) == 2
    for index_a, (text_a, _words_a) in enumerate(a.forms):
        for index_b, (text_b, _words_b) in enumerate(b.forms):
            if same_script and index_a != index_b:
                continue
            # A reading with words joined meets the other's words as written, never its joined reading: Van An
            # and Van Anh are two names though "Vanan" and "Vananh" look alike.
            readings_a, readings_b = a.readings(index_a), b.readings(index_b)
            score = max(form_similarity(x, y) for i, x in enumerate(readings_a) for j, y in enumerate(readings_b)
                        if i == 0 or j == 0)
            if score > best.score:
                best = NameMatch(score, text_a, text_b)
    return best


# ---------------------------------------------------------------- documents, persons (dates: ``birth_dates``)

_HOMOGLYPHS = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ї": "I", "Ј": "J", "Ѕ": "S", "Ү": "Y", "Ӏ": "I", "Ԛ": "Q",
    "Ԝ": "W", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})


def document_key(number: str | None) -> str:
    """A document number as a scanner reads it: upper case, Cyrillic and Greek look-alikes as Latin letters,
    every letter and digit kept (``ек 123456`` → ``EK123456``; ``ЖД12`` keeps ``ЖД``), the rest dropped."""
    if not number:
        return ""
    return "".join(c for c in number.upper().translate(_HOMOGLYPHS) if c.isalnum())


@dataclass(frozen=True)
class PersonFacts:
    """What the duplicate check compares about one person."""

    family_name: str
    given_names: str
    family_name_original: str = ""
    given_names_original: str = ""
    sex: str = "U"
    date_of_birth: dt.date | None = None
    dob_estimated: bool = False
    citizenship: str = ""
    document_number: str = ""
    document_country: str = ""
    names: NameForms = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", NameForms.of(
            self.family_name, self.given_names, self.family_name_original, self.given_names_original))


MATCH_THRESHOLD = 0.8


@dataclass(frozen=True)
class PersonMatch:
    """The verdict on two people, with the evidence a counsellor needs to check it."""

    score: float
    is_match: bool
    name: NameMatch
    dob: DobRule
    same_document: bool
    document: str
    sex_differs: bool
    citizenship_differs: bool


def compare_persons(a: PersonFacts, b: PersonFacts) -> PersonMatch:
    """Score two people: name similarity weighed by date of birth, sex and citizenship; or the same document."""
    name = compare_names(a.names, b.names)
    rule = dob_rule(a.date_of_birth, a.dob_estimated, b.date_of_birth, b.dob_estimated)
    doc_a, doc_b = document_key(a.document_number), document_key(b.document_number)
    countries = {a.document_country.upper(), b.document_country.upper()} - {""}
    same_document = bool(doc_a) and doc_a == doc_b and len(countries) <= 1
    sex_differs = {a.sex, b.sex} == {"F", "M"}
    citizenship_differs = bool(a.citizenship and b.citizenship and a.citizenship.upper() != b.citizenship.upper())
    score = name.score - DOB_PENALTY[rule]
    if sex_differs:
        score -= 0.3
    if citizenship_differs:
        score -= 0.05
    if doc_a and doc_b and doc_a != doc_b and len(countries) == 1:
        score -= 0.05  # two passports of one country: a renewal, or two people
    if same_document:
        score = max(score, 1.0)
    score = round(score, 3)
    return PersonMatch(score, same_document or score >= MATCH_THRESHOLD, name, rule, same_document,
                       doc_a if same_document else "", sex_differs, citizenship_differs)
