"""A family name in capitals as its own alphabet and its country's papers write it (``capitals``).

Its own module, importing nothing but ``re``: every command's data classes print names in capitals, and the rest of
``names`` (romanisation, name keys, rapidfuzz) is 20 ms of a command's start that most commands never use (#14).
"""

from __future__ import annotations

import functools
import re

#: Letters only the Turkish and Azerbaijani alphabets have among the Latin ones; their i has its dot in capitals.
_TURKIC_LETTERS = re.compile("[ıİşŞğĞəƏ]")
#: Citizenships whose travel documents write names in the Turkish or Azerbaijani alphabet (DEMİR, ALİYEV).
_TURKIC_COUNTRIES = frozenset({"TR", "AZ"})


#: Particles of a family name that stay as typed when written in lower case: the name itself is in capitals, as French
#: and Dutch registers and the passports of the Netherlands write it (van der BERG, bin ABDULLAH, de la CRUZ).
_LOWER_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des", "dos", "das",
                              "do", "ter", "ten", "te", "zu", "und", "la", "le", "y", "e", "bin", "binti", "bint", "ibn",
                              "ben", "al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "ould", "bte", "bt", "a/l",
                              "a/p"})
_PARTICLE_GAPS = re.compile(r"([\s\-]+)")


@functools.lru_cache(maxsize=16384)  # a listing of 100,000 cases asks for the same family names again and again (#14)
def capitals(name: str, citizenship: str = "") -> str:
    """``name`` in capitals as its own alphabet writes them: in a Turkish or Azerbaijani name (one with ı, ş, ğ or ə,
    or of a Turkish or Azerbaijani citizen) the i keeps its dot, ``Şahin`` → ``ŞAHİN`` (``str.upper`` made it
    ``ŞAHIN``, which a Turk reads Şahın), ``Demir`` of a Turkish citizen → ``DEMİR``, ``Kılıç`` → ``KILIÇ``; any
    other name as ``str.upper`` makes it. A particle typed in lower case before the name stays so: ``bin Abdullah``
    → ``bin ABDULLAH``, ``van der Berg`` → ``van der BERG`` (typed ``Van Der Berg``, it is ``VAN DER BERG``)."""
    turkic = citizenship in _TURKIC_COUNTRIES or (not name.isascii() and _TURKIC_LETTERS.search(name) is not None)
    if _PARTICLE_GAPS.search(name) is None:  # one word: no particle to keep
        return name.replace("i", "İ").upper() if turkic else name.upper()
    pieces = _PARTICLE_GAPS.split(name)
    last_word = max((i for i, piece in enumerate(pieces) if piece and not _PARTICLE_GAPS.fullmatch(piece)), default=-1)
    return "".join(piece if piece in _LOWER_PARTICLES and index < last_word
                   else piece.replace("i", "İ").upper() if turkic else piece.upper()
                   for index, piece in enumerate(pieces))
