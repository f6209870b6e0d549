"""Particles of European family names (van der Berg, De la Cruz, von Braun): written apart or joined to the name,
and left out by some records altogether.

A Dutch passport writes "van der Berg", a German residence permit "Berg, van der", a referral letter "BERG". Joined
(Vanderberg) the name is found through its own keys (``particles_joined``). Typed in the search box, particles are
*optional* words (``optional_particles``): a case holding BERG as a whole name is found, after those holding the
particles as typed (Berger is not: "Berg" is then a whole word, not letters within one).
Vietnamese names share some of these words as syllables (Văn, Lê, Mạc, La, Du, Da, Di, Đệ: Lê Văn An), and there
every word counts, so a run of particles is optional only when it is unmistakably European: it holds a particle no
Vietnamese name has (der, von, dos, del, …) or is two particles without "van" (de la).
"""

from __future__ import annotations

from collections.abc import Sequence

from avrcase.domain.romanisation import Script, script_of, split_words

#: Particles of European family names, written apart or joined to the name (van der Berg, Vanderberg, VanderBerg;
#: De la Cruz, Delacruz; Di Maria, DiMaria); a single letter too (N Diaye as Ndiaye, O Connor as OConnor).
NAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "dela", "di", "da", "du", "des", "dos",
                            "das", "ter", "ten", "la", "le", "mac", "mc"})
#: Particles that are also syllables of Vietnamese names (Văn, Đệ, Di, Đa, Du, La, Lê, Mạc) once typed without marks.
_VIETNAMESE_SYLLABLES = frozenset({"van", "de", "di", "da", "du", "la", "le", "mac"})


def particles_joined(text: str) -> str:
    """``text`` with each run of Latin particles (or single letters) joined to the word after it, ``""`` when it has
    none: ``"van der Berg"`` → ``"vanderBerg"``."""
    words = split_words(text)
    out: list[str] = []
    run: list[str] = []
    for word in words:
        lower = word.lower()
        if script_of(word) is Script.LATIN and (lower in NAME_PARTICLES or len(lower) == 1):
            run.append(word)
        else:
            out.append("".join(run) + word)
            run = []
    return " ".join(out + run) if len(out) + len(run) < len(words) else ""


def optional_particles(words: Sequence[str]) -> dict[int, int]:
    """The typed words a record may leave out, each with the name word it belongs to: every run of European
    particles before a name word (``["van", "der", "Berg"]`` → ``{0: 2, 1: 2}``; ``["von", "Braun"]`` → ``{0: 1}``),
    never a run a Vietnamese name could hold (``["Nguyen", "Le", "Van", "An"]`` → ``{}``)."""
    optional: dict[int, int] = {}
    run: list[int] = []
    for index, word in enumerate(words):
        if script_of(word) is Script.LATIN and word.lower() in NAME_PARTICLES:
            run.append(index)
            continue
        lowered = {words[i].lower() for i in run}
        if lowered - _VIETNAMESE_SYLLABLES or (len(run) >= 2 and "van" not in lowered):
            optional.update(dict.fromkeys(run, index))
        run = []
    return optional
