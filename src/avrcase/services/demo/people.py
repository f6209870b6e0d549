"""Inventing the people of one demo case: principal applicant, household, documents and addresses.

Pure Python on a ``random.Random`` the caller owns, so the same seed gives the same people; no store
access. ``services/demo_story.py`` adds the case facts and the story through the stages.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from avrcase.domain.codes import IdDocumentType, Relationship, Sex
from avrcase.domain.forms import MemberForm, PersonForm
from avrcase.domain.names import normalise_document_number
from avrcase.services.demo import data
from avrcase.services.demo.nationalities import NATIONALITIES, Family, Nationality
from avrcase.services.demo.patronymics import with_patronymics

_CUMULATIVE_NATIONALITIES = tuple(
    sum(n.weight for n in NATIONALITIES[: i + 1]) for i in range(len(NATIONALITIES))
)
_CENTRE_WEIGHTS = tuple(w for _, w in data.CENTRES)
_TOWN_WEIGHTS = tuple(w for *_, w in data.TOWNS)
#: Letters in document numbers (I and O are left out, as many issuers do).
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclass(frozen=True)
class Household:
    """The people of a case and the facts about them the story needs."""

    nationality: Nationality
    principal: PersonForm
    members: tuple[MemberForm, ...]
    principal_age: int
    shape: str  # a key of ``demo_data.PARTICIPANTS``
    unaccompanied: bool
    #: Ages of every adult woman in the household (for a plausible pregnancy).
    women_ages: tuple[int, ...]
    oldest_age: int
    children: int


def _pick_nationality(rng: random.Random) -> Nationality:
    return rng.choices(NATIONALITIES, cum_weights=_CUMULATIVE_NATIONALITIES)[0]


def _birth_date(rng: random.Random, age: int, on: dt.date, estimated: bool) -> dt.date:
    """A date of birth giving ``age`` completed years on ``on``; 1 January for an estimated one."""
    latest = on.replace(year=on.year - age) if not (on.month == 2 and on.day == 29) else dt.date(on.year - age, 2, 28)
    dob = latest - dt.timedelta(days=rng.randint(0, 364))
    return dt.date(dob.year, 1, 1) if estimated else dob


class DocumentNumbers:
    """Invents document numbers from a pattern and never gives the same normalised number twice."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._used: set[str] = set()

    def make(self, pattern: str) -> str:
        """A fresh number: ``L`` a capital letter, ``D`` a digit, anything else literal."""
        while True:
            number = "".join(
                self._rng.choice(_LETTERS) if c == "L" else str(self._rng.randint(0, 9)) if c == "D" else c
                for c in pattern
            )
            norm = normalise_document_number(number)
            if norm not in self._used:
                self._used.add(norm)
                return number


def _family_name(family: Family, sex: Sex) -> tuple[str, str]:
    return (family[0], family[1]) if sex == Sex.MALE else (family[2], family[3])


class PeopleMaker:
    """Makes households; one instance per demo run so document numbers stay unique."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.numbers = DocumentNumbers(rng)

    # ---------------------------------------------------------------- one person

    def person(self, nat: Nationality, family: Family, sex: Sex, age: int, on: dt.date, *,
               child: bool, phone: bool, address: str) -> PersonForm:
        """One person of ``nat`` as their document writes them, ``age`` years old on ``on``."""
        rng = self.rng
        family_latin, family_original = _family_name(family, sex)
        given_latin, given_original = rng.choice(nat.male if sex == Sex.MALE else nat.female)
        estimated = rng.random() < nat.estimated_dob
        dob = _birth_date(rng, age, on, estimated)
        doc_type, number, issuer, expiry = self._document(nat, dob, on, child)
        return PersonForm(
            family_name=family_latin, given_names=given_latin, sex=sex, date_of_birth=dob, citizenship=nat.code,
            dob_estimated=estimated, family_name_original=family_original, given_names_original=given_original,
            country_of_birth=nat.code, languages=nat.languages, document_type=doc_type, document_number=number,
            document_issuing_country=issuer, document_expiry=expiry,
            phone=self._phone(nat) if phone else "", address=address,
        )

    def _document(self, nat: Nationality, dob: dt.date, on: dt.date, child: bool):
        rng = self.rng
        if child:
            kinds = ((IdDocumentType.PASSPORT, 60), (IdDocumentType.BIRTH_CERTIFICATE, 25), (IdDocumentType.NONE, 15))
        else:
            kinds = ((IdDocumentType.PASSPORT, 70), (IdDocumentType.NATIONAL_ID, 5),
                     (IdDocumentType.TRAVEL_CERTIFICATE, 4), (IdDocumentType.ASYLUM_SEEKER_CARD, 9),
                     (IdDocumentType.NONE, 12))
        doc_type = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
        if doc_type == IdDocumentType.NONE:
            return doc_type, "", "", None
        issuer = nat.code
        if doc_type == IdDocumentType.PASSPORT:
            number = self.numbers.make(rng.choice(nat.passport))
            expiry = on + dt.timedelta(days=rng.randint(-200, 3300))
        elif doc_type == IdDocumentType.ASYLUM_SEEKER_CARD:
            number, issuer = self.numbers.make("PP DDDDDDD"), "LT"
            expiry = on + dt.timedelta(days=rng.randint(90, 365))
        elif doc_type == IdDocumentType.TRAVEL_CERTIFICATE:
            number = self.numbers.make("TC-LDDDDDD")
            expiry = on + dt.timedelta(days=rng.randint(60, 240))
        elif doc_type == IdDocumentType.BIRTH_CERTIFICATE:
            return doc_type, self.numbers.make("DDDDDDDDDD"), issuer, None
        else:
            number = self.numbers.make("DDDDDDDDD")
            expiry = on + dt.timedelta(days=rng.randint(100, 3000))
        return doc_type, number, issuer, max(expiry, dob + dt.timedelta(days=365 * 5))

    def _phone(self, nat: Nationality) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.8:
            return f"+370 6{rng.randint(10, 99)} {rng.randint(10000, 99999)}"
        if roll < 0.9:
            return f"{nat.phone_code} {rng.randint(100, 999)} {rng.randint(100000, 999999)}"
        return ""

    def _address(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            return rng.choices(data.CENTRES, weights=_CENTRE_WEIGHTS)[0][0]
        town, postcode, _ = rng.choices(data.TOWNS, weights=_TOWN_WEIGHTS)[0]
        flat = f"-{rng.randint(1, 60)}" if rng.random() < 0.7 else ""
        return f"{rng.choice(data.STREETS)} {rng.randint(1, 120)}{flat}, {postcode}{rng.randint(1000, 9999)} {town}"

    # ---------------------------------------------------------------- a household

    def household(self, on: dt.date) -> Household:
        """The principal applicant and (sometimes) a household, registered on ``on``."""
        rng = self.rng
        nat = _pick_nationality(rng)
        roll = rng.random()
        unaccompanied = roll < 0.015
        if unaccompanied:
            age, sex = rng.randint(14, 16), Sex.MALE if rng.random() < 0.85 else Sex.FEMALE
        elif roll < 0.055:
            age, sex = rng.randint(65, 82), Sex.MALE if rng.random() < 0.55 else Sex.FEMALE
        else:
            age, sex = int(rng.triangular(18, 62, 29)), Sex.MALE if rng.random() < 0.68 else Sex.FEMALE
        with_household = not unaccompanied and rng.random() < (0.12 if age >= 65 else 0.33)
        spouse = with_household and (age >= 65 or rng.random() < 0.8)
        if with_household and not spouse and sex == Sex.MALE and rng.random() < 0.75:
            sex = Sex.FEMALE  # single parents are mostly mothers
        family = rng.choice(nat.families)
        address = self._address()
        principal_family = family
        members: list[MemberForm] = []
        women = [age] if sex == Sex.FEMALE and age >= 18 else []
        oldest = age
        spouse_age: int | None = None
        if spouse:
            spouse_sex = Sex.FEMALE if sex == Sex.MALE else Sex.MALE
            spouse_age = max(18, age + (rng.randint(-7, 3) if sex == Sex.MALE else rng.randint(-2, 8)))
            own = rng.choice(nat.families) if nat.spouse_keeps_name else family
            wife_family = own if spouse_sex == Sex.FEMALE else family
            if sex == Sex.FEMALE and nat.spouse_keeps_name:
                principal_family = rng.choice(nat.families)
            members.append(MemberForm(self.person(nat, wife_family if spouse_sex == Sex.FEMALE else family,
                                                  spouse_sex, spouse_age, on, child=False, phone=rng.random() < 0.3,
                                                  address=address), Relationship.SPOUSE))
            if spouse_sex == Sex.FEMALE:
                women.append(spouse_age)
            oldest = max(oldest, spouse_age)
        youngest_parent = min(a for a in (age, spouse_age) if a is not None)
        children = 0
        if with_household and youngest_parent < 60:
            max_child_age = min(17, youngest_parent - 18)
            children = rng.choices((0, 1, 2, 3, 4, 5), weights=(10 if spouse else 0, 30, 30, 17, 8, 5))[0]
            for _ in range(children):
                child_age = rng.randint(0, max(0, max_child_age))
                members.append(MemberForm(self.person(nat, family, rng.choice((Sex.MALE, Sex.FEMALE)), child_age, on,
                                                      child=child_age < 16, phone=False, address=address),
                                          Relationship.CHILD))
        if with_household and age <= 50 and rng.random() < 0.06:
            parent_age = age + rng.randint(22, 34)
            members.append(MemberForm(self.person(nat, principal_family, Sex.FEMALE, parent_age, on, child=False,
                                                  phone=False, address=address), Relationship.PARENT))
            women.append(parent_age)
            oldest = max(oldest, parent_age)
        principal = self.person(nat, principal_family, sex, age, on, child=unaccompanied, phone=True, address=address)
        principal, members_with = with_patronymics(nat, principal, tuple(members))
        if not members:
            shape = "alone"
        elif spouse:
            shape = "family" if children else "couple"
        else:
            shape = "parent"
        return Household(nat, principal, members_with, age, shape, unaccompanied, tuple(women), oldest, children)
