"""Patronymics for the demo's households, as the documents of the countries that write one spell them.

Russian, Belarusian, Ukrainian, Tajik, Kyrgyz and Uzbek documents name the father: a son of Sergei is
*Sergeevich*, a daughter *Sergeevna*. Children take their father's given name (the principal's or the
spouse's when he is in the household); adults get a father's name of their own nationality. The names
are drawn from their own generator, seeded by the household, so a demo of the same seed keeps every
other value it had before patronymics were added.
"""

from __future__ import annotations

import dataclasses
import random

from avrcase.domain.codes import Relationship, Sex
from avrcase.domain.forms import MemberForm, PersonForm
from avrcase.services.demo.nationalities import Nationality

#: Male given name (Latin, as the demo writes it) → (son's, daughter's) patronymic, where a rule would
#: get it wrong.
_IRREGULAR = {"BY": {"Pavel": ("Paŭlavich", "Paŭlaŭna")}, "UA": {"Mykola": ("Mykolaiovych", "Mykolaivna")}}


def patronymic(country: str, father: str, sex: Sex) -> str:
    """The patronymic of a son (or of a daughter, ``sex`` female) of ``father`` in ``country``'s spelling."""
    son, daughter = _forms(country, father)
    return daughter if sex == Sex.FEMALE else son


def _forms(country: str, father: str) -> tuple[str, str]:
    if father in _IRREGULAR.get(country, {}):
        return _IRREGULAR[country][father]
    if country == "UA":
        if father.endswith("ii"):
            return father + "ovych", father[:-1] + "ivna"  # Andrii: Andriiovych, Andriivna
        if father.endswith("o"):
            return father[:-1] + "ovych", father[:-1] + "ivna"  # Dmytro: Dmytrovych, Dmytrivna
        return father + "ovych", father + "ivna"
    if country == "BY":
        if father.endswith(("ei", "ai")):
            return father[:-1] + "evich", father[:-1] + "eŭna"
        if father.endswith("y"):
            return father + "evich", father + "eŭna"
        return father + "avich", father + "aŭna"
    if father.endswith("ii"):
        return father[:-2] + "ievich", father[:-2] + "ievna"  # Dmitrii: Dmitrievich
    if father.endswith(("ei", "ai")):
        return father[:-1] + "evich", father[:-1] + "evna"  # Sergei: Sergeevich
    return father + "ovich", father + "ovna"


#: Citizenships whose documents carry a patronymic.
COUNTRIES = frozenset({"RU", "BY", "UA", "TJ", "KG", "UZ"})


def with_patronymics(nat: Nationality, principal: PersonForm,
                     members: tuple[MemberForm, ...]) -> tuple[PersonForm, tuple[MemberForm, ...]]:
    """The household with a patronymic for everyone, where ``nat`` writes them."""
    if nat.code not in COUNTRIES:
        return principal, members
    rng = random.Random(f"{principal.document_number}|{principal.family_name}|{principal.given_names}")

    def own(person: PersonForm) -> PersonForm:
        father = rng.choice(nat.male)[0]
        return dataclasses.replace(person, patronymic=patronymic(nat.code, father, person.sex))

    principal = own(principal)
    fathers = [principal] if principal.sex == Sex.MALE else []
    fathers += [m.person for m in members if m.relationship == Relationship.SPOUSE and m.person.sex == Sex.MALE]
    children_father = fathers[0].given_names if fathers else rng.choice(nat.male)[0]
    out = []
    for member in members:
        person = member.person
        if member.relationship == Relationship.CHILD:
            person = dataclasses.replace(person, patronymic=patronymic(nat.code, children_father, person.sex))
        else:
            person = own(person)
        out.append(dataclasses.replace(member, person=person))
    return principal, tuple(out)
