"""Every field the audit trail records has words for the viewer's details column (not "must_change_password")."""

from __future__ import annotations

import avrcase.store.models  # noqa: F401 - registers every table
from avrcase.services.audit import REDACTED
from avrcase.services.data_protection.audit_labels import FIELD_LABELS, field_label
from avrcase.store.models import complete_metadata

#: Never shown as a field: the trail's own columns, derived search keys, the stored bytes of files and images.
NOT_SHOWN = frozenset({"at", "entity", "entity_id", "hash", "prev_hash", "seal", "seal_key", "seq", "user_id",
                       "search_key", "search_text", "sort_name", "document_number_norm", "name_keys_version",
                       "data", "pdf", "key", "signature", "source_key"}) | REDACTED


def test_every_recorded_field_has_a_label():
    columns = {column.name for table in complete_metadata().sorted_tables for column in table.columns}
    assert sorted(columns - NOT_SHOWN - set(FIELD_LABELS)) == []


def test_a_forms_label_is_reused_without_its_colon_and_an_unknown_field_reads_as_stored():
    assert field_label("assessed_on") == "Assessed on" and field_label("must_change_password") == \
        "Must change the password"
    assert field_label("something_new") == "something_new"
