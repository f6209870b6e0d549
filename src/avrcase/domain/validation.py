"""Validation rules for what a counsellor types, with messages in a counsellor's words.

Every check collects all problems at once so a dialog can show each beside its field; nothing is
saved unless the whole form is valid. Field names are dotted paths (``members.1.date_of_birth``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
import unicodedata

from avrcase.domain.codes import (
    STATELESS,
    ApprovalStatus,
    CaseKind,
    ConsentGiver,
    IdDocumentType,
    Relationship,
    Sex,
    Vulnerability,
)
from avrcase.domain.errors import ValidationError
from avrcase.domain.forms import CaseForm, ConsultationForm, PersonForm, VulnerabilityForm
from avrcase.domain.names import without_edge_debris
from avrcase.domain.scripts import describe_characters, unprintable_characters, unprintable_name_message
from avrcase.i18n import _
from avrcase.i18n.format import format_date, is_country_code

MAX_NAME = 100
MAX_TEXT = 4000
OLDEST_BIRTH_YEAR = 1900
ADULT_AGE = 18
_PHONE = re.compile(r"^\+?[0-9 ()\-/]{6,24}$")
#: An e-mail address as a person types one: something, one @, a domain with a dot; no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
#: How many years an office may keep closed cases before they are anonymised.
RETENTION_YEARS = (1, 100)


def email_error(address: str) -> str:
    """What is wrong with an e-mail address (empty is allowed), or ``""``."""
    address = address.strip()
    if address and not _EMAIL.match(address):
        return _("“%(address)s” is not an e-mail address; it looks like name@example.org.") % {"address": address}
    return ""


def retention_years_error(years: int) -> str:
    """What is wrong with a retention period, or ``""``."""
    low, high = RETENTION_YEARS
    if not low <= years <= high:
        return _("Keep closed cases from %(low)d to %(high)d years.") % {"low": low, "high": high}
    return ""


def _has_control(text: str) -> bool:
    """Control characters (ESC, BEL, CR, …) would steer a terminal that lists the name; lone surrogates are
    bytes that were not UTF-8."""
    return any(unicodedata.category(c) in ("Cc", "Cs") for c in text)


#: Embeddings and isolates that must be closed again (by U+202C or U+2069) within the line that opens them.
_BIDI_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
#: Overrides reverse the letters on screen ("Trojan Source"): what is shown is not what is stored or searched.
_BIDI_OVERRIDES = frozenset("\u202d\u202e")


def _bidi_controls_problem(text: str) -> list[str]:
    """The direction controls of ``text`` that make it read differently from what is stored: an override, or an
    embedding or isolate left open at the end of its line (or a close with nothing open). The marks Arabic and Persian
    text uses (U+200E, U+200F, U+061C) and balanced embeddings and isolates are fine."""
    bad = [c for c in text if c in _BIDI_OVERRIDES]
    for line in text.split("\n"):
        stack: list[str] = []
        for c in line:
            if c in _BIDI_OPENERS:
                stack.append(c)
            elif c in ("\u202c", "\u2069"):
                if stack and _BIDI_OPENERS[stack[-1]] == c:
                    stack.pop()
                else:
                    bad.append(c)
        bad += stack
    return list(dict.fromkeys(bad))


def free_text_problem(text: str) -> str | None:
    """What is wrong with a note, an address or other free text beyond its length, or ``None``."""
    if bad := _bidi_controls_problem(text):
        return _("The text holds invisible direction controls that make it read differently from what is saved, "
                 "probably copied along with it from another program: %(chars)s. Please delete them or type the "
                 "text again.") % {"chars": describe_characters(bad)}
    return None


def file_name_problem(name: str) -> str | None:
    """What makes a file's name show differently from what it is (a line break or other control character, a
    direction override turning ``gpj.exe`` round), or ``None``."""
    bad = [c for c in name if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")] + _bidi_controls_problem(name)
    if bad:
        return _("The file's name holds line breaks or invisible controls that show it differently from what it is: "
                 "%(chars)s. Please rename the file and attach it again.") % {
            "chars": describe_characters(list(dict.fromkeys(bad)))}
    return None


def _free_text(errors: dict[str, str], key: str, text: str) -> None:
    """Put the problem of a free-text field beside it, unless the field already has one."""
    if key not in errors and (problem := free_text_problem(text)):
        errors[key] = problem


def age_on(date_of_birth: dt.date, on: dt.date) -> int:
    """Completed years of age on a given day."""
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def _country(errors: dict[str, str], key: str, code: str, *, required: bool, allow_stateless: bool = False):
    if not code:
        if required:
            errors[key] = _("Please choose a country.")
        return
    if allow_stateless and code == STATELESS:
        return
    if not is_country_code(code):
        errors[key] = _("“%(code)s” is not a country code we know.") % {"code": code}


#: Invisible characters a word processor or a web page leaves in a pasted name that the house font has (so they pass
#: ``unprintable_characters``): a soft hyphen, a zero-width space. They cut the name in two words for the search.
_PASTED_INVISIBLES = frozenset("\u00ad\u200b")
#: Emoji's skin tones, variation selectors and keycap: not symbols by their category, but parts of one.
_EMOJI_PARTS = frozenset("\ufe0e\ufe0f\u20e3") | frozenset(map(chr, range(0x1F3FB, 0x1F400)))


def _not_name_characters(value: str) -> tuple[list[str], list[str]]:
    """The digits, and the emoji and other symbols (©, +, €), of ``value``: each once, in order."""
    chars = list(dict.fromkeys(value))
    digits = [c for c in chars if unicodedata.category(c) == "Nd"]
    symbols = [c for c in chars if unicodedata.category(c) in ("So", "Sm", "Sc") or c in _EMOJI_PARTS]
    return digits, symbols


#: Marks a name part may start or end with: apostrophes and the letters written for them (O'Brien, ʻOkeke, D’Angelo,
#: Ge'ez, D`Angelo), the Hebrew geresh and gershayim (ג׳ורג׳), the Armenian apostrophe. Any other punctuation at an
#: end (-Ali, @Ali, Ali-, "Nino,") is a typing or pasting slip that the declaration would print.
_EDGE_MARKS = frozenset("'’‘ʼʻʽʾʿ`´′ꞌ׳״՚")
#: Marks that may also close a name part: the period of an initial or an abbreviation (St., John F.), Thai's ฯ.
_CLOSING_MARKS = frozenset(".ฯ")
#: Punctuation (Pc Pd Ps Pe Pi Pf Po) and modifier symbols (^, ¨), the marks a stray name part ends with.
_STRAY_CATEGORIES = frozenset(("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sk"))


def _stray(char: str, allowed: frozenset[str]) -> bool:
    return unicodedata.category(char) in _STRAY_CATEGORIES and char not in allowed


def _edge_problem(value: str) -> str | None:
    """A name part starting or ending with punctuation (or a symbol such as ^) other than ``_EDGE_MARKS``."""
    if value and _stray(value[0], _EDGE_MARKS):
        return _("A name cannot start with “%(char)s”. Please type it as the travel document writes it.") % {
            "char": value[0]}
    if value and _stray(value[-1], _EDGE_MARKS | _CLOSING_MARKS):
        return _("A name cannot end with “%(char)s”. Please type it as the travel document writes it.") % {
            "char": value[-1]}
    return None


def name_problem(value: str) -> str | None:
    """What is wrong with one part of a name (too long, control characters, digits or emoji, a script no font prints,
    punctuation at an end), or ``None``. Spaces and pasted invisible characters at its ends are not a problem: they
    are dropped when it is stored (``names.composed_name``)."""
    value = without_edge_debris(value)
    if len(value) > MAX_NAME:
        return _("A name can have at most %(n)d characters.") % {"n": MAX_NAME}
    if _has_control(value):
        return _("A name cannot hold control characters (escape, bell, line breaks, tabs).")
    digits, symbols = _not_name_characters(value)
    if digits:
        return _("A name cannot hold digits: %(chars)s. Please type it as the travel document writes it.") % {
            "chars": describe_characters(digits)}
    if symbols:
        return _("A name cannot hold emoji or other symbols: %(chars)s. Please type it as the travel document "
                 "writes it.") % {"chars": describe_characters(symbols)}
    if unprintable := unprintable_characters(value) + [c for c in dict.fromkeys(value) if c in _PASTED_INVISIBLES]:
        # Refused here rather than printed as a blank on the declaration the person signs.
        return unprintable_name_message(unprintable)
    return _edge_problem(value)


def person_errors(form: PersonForm, today: dt.date, prefix: str = "") -> dict[str, str]:
    """All problems with one person's details, keyed by ``prefix`` + field name."""
    errors: dict[str, str] = {}
    p = prefix
    if not form.family_name.strip() and not form.given_names.strip():
        errors[p + "family_name"] = _("Please enter the name as it is written in the travel document.")
    for key, value in (("family_name", form.family_name), ("given_names", form.given_names),
                       ("patronymic", form.patronymic), ("family_name_original", form.family_name_original),
                       ("given_names_original", form.given_names_original)):
        problem = name_problem(value)
        if problem:
            errors[p + key] = problem
    if _has_control(form.document_number):
        errors[p + "document_number"] = _("A document number cannot hold control characters.")
    dob = form.date_of_birth
    if dob is None:
        errors[p + "date_of_birth"] = _(
            "Please enter the date of birth; if it is not known, enter a best guess and tick “estimated”."
        )
    elif dob > today:
        errors[p + "date_of_birth"] = _("The date of birth %(date)s is in the future.") % {"date": format_date(dob)}
    elif dob.year < OLDEST_BIRTH_YEAR:
        errors[p + "date_of_birth"] = _("The date of birth %(date)s is too far in the past.") % {
            "date": format_date(dob)
        }
    _country(errors, p + "citizenship", form.citizenship, required=True, allow_stateless=True)
    _country(errors, p + "country_of_birth", form.country_of_birth, required=False)
    if form.document_type != IdDocumentType.NONE:
        if not form.document_number.strip():
            errors[p + "document_number"] = _("Please enter the document number, or choose “No document”.")
        elif len(form.document_number) > 40:
            errors[p + "document_number"] = _("A document number has at most 40 characters.")
        _country(errors, p + "document_issuing_country", form.document_issuing_country, required=False)
        if form.document_expiry and dob and form.document_expiry <= dob:
            errors[p + "document_expiry"] = _("The document cannot expire before the holder was born.")
    elif form.document_number.strip():
        errors[p + "document_type"] = _("Please choose the type of the document whose number you entered.")
    if form.phone.strip() and not _PHONE.match(form.phone.strip()):
        errors[p + "phone"] = _("A phone number has digits, spaces and an optional leading +, for example +370 612 34567.")
    if len(form.address) > 500:
        errors[p + "address"] = _("The address is too long (at most 500 characters).")
    _free_text(errors, p + "address", form.address)
    return errors


def validate_person(form: PersonForm, today: dt.date) -> None:
    """Raise ``ValidationError`` when a person's details are not acceptable."""
    errors = person_errors(form, today)
    if errors:
        raise ValidationError(errors)


def vulnerability_errors(person: PersonForm, vulnerabilities: Sequence[VulnerabilityForm], registered: dt.date,
                         path: str) -> dict[str, str]:
    """Problems with one person's vulnerabilities, as ``<path>.N`` (position) or ``<path>`` for the whole list."""
    errors: dict[str, str] = {}
    seen: set[Vulnerability] = set()
    for index, vulnerability in enumerate(vulnerabilities):
        if vulnerability.code in seen:
            errors[f"{path}.{index}"] = _("“%(v)s” is listed twice.") % {"v": vulnerability.code.label}
        seen.add(vulnerability.code)
        if len(vulnerability.details) > MAX_TEXT:
            errors[f"{path}.{index}"] = _("The details are too long.")
        _free_text(errors, f"{path}.{index}", vulnerability.details)
    dob = person.date_of_birth
    if Vulnerability.UNACCOMPANIED_CHILD in seen and dob and age_on(dob, registered) >= ADULT_AGE:
        errors[path] = _(
            "“Unaccompanied or separated child” needs a person under 18; check the date of birth."
        )
    if Vulnerability.PREGNANT in seen and person.sex == Sex.MALE:
        errors[path] = _(
            "“%(v)s” is ticked for a man: tick it for the woman it concerns, or check the person's sex."
        ) % {"v": Vulnerability.PREGNANT.label}
    return errors


def validate_case(form: CaseForm, today: dt.date) -> None:
    """Raise ``ValidationError`` listing every problem with a new or edited case."""
    errors = person_errors(form.principal, today, "principal.")
    registered = form.registered_on or today
    if registered > today:
        errors["registered_on"] = _("The registration date cannot be in the future.")
    _country(errors, "country_of_return", form.country_of_return, required=True)
    if len(form.final_destination) > 200:
        errors["final_destination"] = _("The final destination is too long (at most 200 characters).")
    _free_text(errors, "final_destination", form.final_destination)

    if form.kind == CaseKind.HOUSEHOLD and not form.members:
        errors["members"] = _("A household case needs at least one member besides the principal applicant.")
    if form.kind == CaseKind.INDIVIDUAL and form.members:
        errors["members"] = _("An individual case has no other members; choose “Household” to add them.")
    for index, member in enumerate(form.members):
        prefix = f"members.{index}."
        errors.update(person_errors(member.person, today, prefix))
        if member.relationship == Relationship.PRINCIPAL:
            errors[prefix + "relationship"] = _("Only one person can be the principal applicant.")

    dob = form.principal.date_of_birth
    errors.update(vulnerability_errors(form.principal, form.vulnerabilities, registered, "vulnerabilities"))
    # A child who returns with a parent or guardian is a member of that adult's case: a child is the principal
    # applicant only when unaccompanied or separated, which the counsellor says (and the case is then handled as
    # such: consent by a guardian or legal representative, the vulnerability on every list and report).
    if (dob is not None and age_on(dob, registered) < ADULT_AGE
            and Vulnerability.UNACCOMPANIED_CHILD not in {v.code for v in form.vulnerabilities}):
        errors.setdefault("vulnerabilities", _(
            "The principal applicant is under 18: tick “Unaccompanied or separated child”, or register the child as "
            "a member of the case of the parent or guardian they return with; or check the date of birth."))
    for index, member in enumerate(form.members):
        errors.update(vulnerability_errors(member.person, member.vulnerabilities, registered,
                                           f"members.{index}.vulnerabilities"))

    if form.return_decision_date and form.return_decision_date > today:
        errors["return_decision_date"] = _("The return decision date cannot be in the future.")
    if form.return_decision_date and not form.return_decision_number.strip():
        errors["return_decision_number"] = _("Please enter the number of the return decision.")
    if form.return_decision_number.strip() and not form.return_decision_date:
        errors["return_decision_date"] = _("Please enter the date of the return decision.")
    if form.approval_status in (ApprovalStatus.APPROVED, ApprovalStatus.REFUSED):
        if form.approval_date is None:
            errors["approval_date"] = _("Please enter the date of the authorities' answer.")
        elif form.approval_date > today:
            errors["approval_date"] = _("The authorities' answer cannot be dated in the future.")
    elif form.approval_date is not None:  # "Not requested yet — Nov 1, 2026" was saved
        errors["approval_date"] = _("There is no answer yet: leave the answer's date empty, or choose “Approved” or "
                                    "“Refused”.")

    consent = form.consent
    if consent is not None:
        if consent.given_on > today:
            errors["consent.given_on"] = _("Consent cannot be dated in the future.")
        minor = dob is not None and age_on(dob, consent.given_on) < ADULT_AGE
        if minor and consent.given_by == ConsentGiver.SELF:
            errors["consent.given_by"] = _(
                "The principal applicant is a child: consent is given by a parent, guardian or legal representative."
            )
    if len(form.notes) > MAX_TEXT:
        errors["notes"] = _("The notes are too long (at most %(n)d characters).") % {"n": MAX_TEXT}
    _free_text(errors, "notes", form.notes)
    _free_text(errors, "return_decision_number", form.return_decision_number)
    if errors:
        raise ValidationError(errors)


def validate_consultation(form: ConsultationForm, now: dt.datetime, registered_on: dt.date) -> None:
    """Raise ``ValidationError`` for a consultation that cannot have happened as entered."""
    errors: dict[str, str] = {}
    if form.held_at > now + dt.timedelta(minutes=5):
        errors["held_at"] = _("A consultation is logged after it took place; the time is in the future.")
    elif form.held_at.date() < registered_on:
        errors["held_at"] = _("The consultation is dated before the case was registered (%(date)s).") % {
            "date": format_date(registered_on)
        }
    if form.interpreter_name.strip() and not form.interpreter_language:
        errors["interpreter_language"] = _("Please choose the language the interpreter used.")
    if not form.topics and not form.notes.strip():
        errors["topics"] = _("Tick at least one topic discussed, or write a note.")
    if len(form.notes) > MAX_TEXT * 4:
        errors["notes"] = _("The notes are too long.")
    _free_text(errors, "notes", form.notes)
    _free_text(errors, "interpreter_name", form.interpreter_name)
    for index, follow_up in enumerate(form.follow_ups):
        if not follow_up.action.strip():
            errors[f"follow_ups.{index}.action"] = _("Please describe the follow-up action.")
        _free_text(errors, f"follow_ups.{index}.action", follow_up.action)
        if follow_up.due_on < form.held_at.date():
            errors[f"follow_ups.{index}.due_on"] = _("A follow-up cannot be due before the consultation.")
    if errors:
        raise ValidationError(errors)
