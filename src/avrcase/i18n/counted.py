"""Counted nouns for messages that hold several counts: ``1 case``, ``2 cases`` in every language's plural forms.

A sentence with one count takes ``ngettext`` directly; a sentence with several takes ``%(cases)s`` and one
of these, so that no count ever reads "1 cases" (and Lithuanian and Russian get their three forms).
"""

from __future__ import annotations

from avrcase.i18n import ngettext


def cases(n: int) -> str:
    return ngettext("%(n)d case", "%(n)d cases", n) % {"n": n}


def persons(n: int) -> str:
    return ngettext("%(n)d person", "%(n)d persons", n) % {"n": n}


def consultations(n: int) -> str:
    return ngettext("%(n)d consultation", "%(n)d consultations", n) % {"n": n}


def tables(n: int) -> str:
    return ngettext("%(n)d table", "%(n)d tables", n) % {"n": n}


def files(n: int) -> str:
    return ngettext("%(n)d file", "%(n)d files", n) % {"n": n}


def items(n: int) -> str:
    return ngettext("%(n)d item", "%(n)d items", n) % {"n": n}


def documents_and_attachments(n: int) -> str:
    return ngettext("%(n)d document or attachment", "%(n)d documents and attachments", n) % {"n": n}
