"""Wording files: the catalog lays the office's files over the shipped ones; reviews vouch for exact content."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from avrcase.domain.errors import ValidationError
from avrcase.domain.wording import (
    DECLARATION,
    DOCUMENTS,
    SHIPPED,
    OfficeWording,
    WordingCatalog,
    content_hash,
    parse_wording_file,
    shipped_file,
)


def test_shipped_english_is_reviewed_and_prints_every_document():
    entry = SHIPPED.entry(DECLARATION, "en")
    assert entry.source == "shipped" and not entry.draft
    assert "en" in SHIPPED.printable("itinerary") and "en" in SHIPPED.printable(DECLARATION)


def test_a_review_vouches_for_the_content_it_saw():
    data = dict(shipped_file(DOCUMENTS, "lt"))
    reviewed = OfficeWording(DOCUMENTS, "lt", data, "R. Reviewer", dt.date(2026, 12, 1), content_hash(data))
    assert WordingCatalog((reviewed,)).entry(DOCUMENTS, "lt").reviewed_by == "R. Reviewer"
    changed = {**data, "itinerary": {**data["itinerary"], "title": "Kitas"}}
    stale = OfficeWording(DOCUMENTS, "lt", changed, "R. Reviewer", dt.date(2026, 12, 1), content_hash(data))
    entry = WordingCatalog((stale,)).entry(DOCUMENTS, "lt")
    assert entry.draft and entry.source == "office"


def test_an_office_file_that_no_longer_fits_is_not_used():
    broken = OfficeWording(DECLARATION, "lt", {"language": "lt", "title": "x", "labels": {}, "statements": []})
    entry = WordingCatalog((broken,)).entry(DECLARATION, "lt")
    assert entry.outdated and entry.source == "shipped"


def test_a_documents_file_may_hold_only_the_itinerary():
    english = shipped_file(DOCUMENTS, "en")
    partial = {"language": "xx", "common": english["common"], "itinerary": english["itinerary"],
               "terms": {k: english["terms"][k] for k in ("travel_mode", "assistance_kind", "assistance_status")}}
    kind, lang, data = parse_wording_file(json.dumps(partial).encode())
    assert (kind, lang, data["status"]) == (DOCUMENTS, "xx", "draft")
    catalog = WordingCatalog((OfficeWording(DOCUMENTS, "xx", data),))
    assert "xx" in catalog.printable("itinerary") and "xx" not in catalog.printable("allowance_receipt")
    del partial["terms"]["travel_mode"]
    with pytest.raises(ValidationError, match="terms.travel_mode"):
        parse_wording_file(json.dumps(partial).encode())
