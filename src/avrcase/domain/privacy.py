"""Data-protection rules of the office profile and the declaration: who to name, how to reach them, which
grammatical form a statement takes for the person who signs it."""

from __future__ import annotations

import re
from collections.abc import Mapping

from avrcase.domain.codes import Sex
from avrcase.i18n import N_, _

#: The supervisory authority of a Lithuanian office, the default until the office names its own.
LITHUANIAN_AUTHORITY = "Valstybinė duomenų apsaugos inspekcija / State Data Protection Inspectorate"

#: Longest texts the office profile keeps (the columns' sizes).
MAX_CONTROLLER = 200
MAX_EMAIL = 120

# One "@", something before it, a dot in the domain, no spaces: enough to catch a slip, not an RFC parser.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


def is_email(text: str) -> bool:
    """Whether ``text`` looks like one e-mail address."""
    return bool(_EMAIL.match(text))


def data_protection_errors(*, controller_name: str, organisation: str, dpo_email: str, dpo_address: str,
                           supervisory_authority: str) -> dict[str, str]:
    """Problems with the profile's data-protection fields, by field name (empty when all is well)."""
    errors: dict[str, str] = {}
    if len(controller_name) > MAX_CONTROLLER:
        errors["controller_name"] = _("The controller's name is at most %(n)d characters.") % {"n": MAX_CONTROLLER}
    elif not (controller_name.strip() or organisation.strip()):
        errors["controller_name"] = _("Please name the data controller (usually the organisation).")
    email = dpo_email.strip()
    if email and (len(email) > MAX_EMAIL or not is_email(email)):
        errors["dpo_email"] = _("“%(email)s” is not an e-mail address; write it as name@example.org.") % {"email": email}
    if not email and not dpo_address.strip():
        errors["dpo_email"] = _("Please give the data-protection contact: an e-mail address, a postal address or both. "
                                "The declaration tells every applicant how to reach them.")
    if not supervisory_authority.strip():
        errors["supervisory_authority"] = _(
            "Please name the supervisory authority a person may complain to (in Lithuania: %(authority)s).") % {
            "authority": LITHUANIAN_AUTHORITY}
    return errors


_SHARING_CHOICE = {
    "yes": N_("agreed"),
    "no": N_("did not agree"),
    "unasked": N_("not asked or not answered"),
}


def sharing_choice_label(choice: bool | None) -> str:
    """The optional sharing choice in words, as source text (translate it at use, in the language wanted)."""
    if choice is None:
        return _SHARING_CHOICE["unasked"]
    return _SHARING_CHOICE["yes" if choice else "no"]


def gendered(forms: Mapping[str, Mapping[str, str]], sex: str) -> dict[str, str]:
    """Each word of ``forms`` (word → {"M", "F", "U"} → text) in the form for ``sex``.

    The neutral or doubled form ("U") is used when the sex is unknown or other, and whenever a wording
    has no form for the recorded sex.
    """
    key = sex if sex in (Sex.MALE.value, Sex.FEMALE.value) else "U"
    return {word: variants.get(key) or variants["U"] for word, variants in forms.items()}
