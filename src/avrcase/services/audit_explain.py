"""What an intact ``audit.verify`` proved and what it did not, in sentences an office manager can act on (the
``audit verify`` command and the app's **Verify the chain** show the same lines).
"""

from __future__ import annotations

from typing import Protocol

from avrcase.i18n import _, ngettext
from avrcase.services.audit_seals import SealCheck, key_file


class Verified(Protocol):
    """What ``explain`` reads of ``audit.ChainCheck`` (named here, so this module need not import ``audit``)."""

    @property
    def entries(self) -> int: ...
    @property
    def keyed(self) -> bool: ...
    @property
    def anchor_checked(self) -> bool: ...
    @property
    def seals(self) -> SealCheck | None: ...


def explain(result: Verified) -> list[str]:
    """What an intact ``audit.verify`` result proved and what it did not, one sentence a line (CLI and GUI)."""
    lines = [_("Proved: no entry was edited, removed, inserted or reordered, and redacted entries still name "
               "who did what, when, to which row.")]
    seals = result.seals or SealCheck()
    if seals.lost_keys:
        # Not a failure: nothing shows the trail was changed, and nothing but the old file could ever clear it. But
        # every proof this computer's old key gave (its seals, its note of the last entry it sealed) is gone.
        ids = ", ".join(seals.lost_keys)
        lines.append((ngettext(
            "Warning: this computer's audit key file (%(path)s) was missing or replaced, and a new key was made: it "
            "no longer holds the key this computer sealed with before (%(ids)s). Seals made with it here cannot be "
            "checked, nor can cut-off entries before them be caught. Put the old file back from a backup of this "
            "computer, or import the key from a computer that holds it (“avrcase audit key import”).",
            "Warning: this computer's audit key file (%(path)s) was missing or replaced, and a new key was made: it "
            "no longer holds the keys this computer sealed with before (%(ids)s). Seals made with them here cannot "
            "be checked, nor can cut-off entries before them be caught. Put the old file back from a backup of this "
            "computer, or import the keys from a computer that holds them (“avrcase audit key import”).",
            len(seals.lost_keys)) if seals.key_id else ngettext(
            "Warning: this computer's audit key file (%(path)s) is missing: the key this computer sealed with "
            "before (%(ids)s) is gone, so seals made with it here cannot be checked. Put the file back from a "
            "backup of this computer, or import the key from a computer that holds it (“avrcase audit key import”).",
            "Warning: this computer's audit key file (%(path)s) is missing: the keys this computer sealed with "
            "before (%(ids)s) are gone, so seals made with them here cannot be checked. Put the file back from a "
            "backup of this computer, or import the keys from a computer that holds them (“avrcase audit key "
            "import”).", len(seals.lost_keys))) % {"path": key_file(), "ids": ids})
    if result.keyed:
        lines.append(_("The chain is keyed with the store's key: nobody without it can recompute the hashes."))
    if seals.checked:
        lines.append(ngettext(
            "Proved with this computer's audit key: %(n)d seal checked; no entry up to entry %(seq)s was changed "
            "after it was sealed.",
            "Proved with this computer's audit keys: %(n)d seals checked; no entry up to entry %(seq)s was changed "
            "after it was sealed.", seals.checked) % {"n": seals.checked, "seq": seals.last_sealed})
    if seals.noted is not None:
        lines.append(_("Proved: entry %(seq)s, the last this computer sealed in this store, is still there and "
                       "unchanged, so nothing up to it was cut off or recomputed.") % {"seq": seals.noted})
    if not result.keyed:
        if seals.last_sealed is not None and seals.last_sealed >= result.entries:
            pass  # the newest entry is sealed: nothing rests on the chain alone
        elif seals.last_sealed is not None:
            lines.append(_("Not proved: entries after entry %(seq)s, the last one sealed with a key this computer "
                           "holds; someone who can write to the store could change them and recompute their hashes.")
                         % {"seq": seals.last_sealed})
        else:
            lines.append(_("Not proved: the chain is not keyed, so someone who can write to the store could rewrite "
                           "entries and recompute every hash after them."))
    if seals.other_keys:
        lines.append(_("Not checked here: seals made with the audit keys of other computers (%(ids)s); import their "
                       "key with “avrcase audit key import” to check them.") % {"ids": ", ".join(seals.other_keys)})
    if seals.problem:
        lines.append(_("Seals not checked: %(problem)s") % {"problem": seals.problem})
    if result.anchor_checked:
        lines.append(_("The anchor is in the chain: no entry up to it was cut off or recomputed."))
    else:
        lines.append(_("Not proved: that entries were not cut off the end; note the anchor (or the one on a backup's "
                       "manifest) and check it later with --anchor SEQ:HASH."))
    return lines
