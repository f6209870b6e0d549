"""Korean (Hangul) names in Latin letters as South Korea's passports write them.

A family name is spelt as its bearers and their passports spell it (김 Kim, 이 Lee, 박 Park, 최 Choi), not by the
Revised Romanization (Gim, I, Bak, Choe); given names by the Revised Romanization, their syllables joined
(민준 Minjun, 서연 Seoyeon), a final consonant carried over to a syllable that begins with a vowel (지은 Jieun,
석우 Seogu).
"""

from __future__ import annotations

_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
            "yu", "eu", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
           "ng", "t", "t", "k", "t", "p", "t")
#: A final consonant said at the start of the next syllable when that one begins with a vowel (ㅇ): 지은, 석우 Seogu.
_CARRIED = {1: "g", 2: "kk", 4: "n", 7: "d", 8: "r", 16: "m", 17: "b", 19: "s", 20: "ss", 22: "j", 23: "ch",
            24: "k", 25: "t", 26: "p", 27: "h"}
_SILENT = 11  # ㅇ as an initial
#: Family names as their bearers' passports spell them (the Revised Romanization would write Gim, I, Bak, Choe).
FAMILY_NAMES = {
    "김": "kim", "이": "lee", "박": "park", "최": "choi", "정": "jung", "강": "kang", "조": "cho", "윤": "yoon",
    "장": "jang", "임": "lim", "한": "han", "오": "oh", "서": "seo", "신": "shin", "권": "kwon", "황": "hwang",
    "안": "ahn", "송": "song", "류": "ryu", "유": "yoo", "전": "jeon", "홍": "hong", "고": "ko", "문": "moon",
    "양": "yang", "손": "son", "배": "bae", "백": "baek", "허": "heo", "남": "nam", "심": "shim", "노": "noh",
    "하": "ha", "곽": "kwak", "성": "sung", "차": "cha", "주": "joo", "우": "woo", "구": "koo", "민": "min",
    "진": "jin", "나": "na", "엄": "eom", "채": "chae", "원": "won", "천": "cheon", "방": "bang", "공": "kong",
    "현": "hyun", "함": "ham", "변": "byun", "염": "yeom", "여": "yeo", "추": "choo", "석": "seok", "선": "sun",
    "설": "seol", "길": "gil", "표": "pyo", "명": "myung", "기": "ki", "금": "keum", "육": "yook", "경": "kyung",
    "황보": "hwangbo", "남궁": "namgoong", "제갈": "jegal", "선우": "sunwoo", "독고": "dokgo",
}


def is_hangul(word: str) -> bool:
    """Whether a word has Hangul syllables."""
    return any(0xAC00 <= ord(c) <= 0xD7A3 for c in word)


def hangul_reading(word: str) -> str:
    """A Hangul word by the Revised Romanization, in lower case: ``"민준"`` → ``"minjun"``; other characters dropped."""
    syllables = [divmod(ord(c) - 0xAC00, 28) for c in word if 0xAC00 <= ord(c) <= 0xD7A3]
    out = []
    for index, (lead, final) in enumerate(syllables):
        initial, medial = divmod(lead, 21)
        out.append(_INITIALS[initial] + _MEDIALS[medial])
        following = syllables[index + 1][0] // 21 if index + 1 < len(syllables) else None
        if final and following == _SILENT and final in _CARRIED:
            out.append(_CARRIED[final])
        elif final == 8 and following == 5:  # ㄹ before ㄹ: ll (Illi)
            out.append("l")
        else:
            out.append(_FINALS[final])
    text = "".join(out)
    return text.replace("lr", "ll")


def hangul_readings(word: str) -> tuple[str, ...]:
    """Readings of a Hangul word: a family name's passport spelling first (김 kim, then gim), else the RR one."""
    reading = hangul_reading(word)
    family = FAMILY_NAMES.get(word)
    return (family, reading) if family and family != reading else (reading,)
