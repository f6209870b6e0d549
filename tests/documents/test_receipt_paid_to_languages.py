"""The receipt of an allowance split between two people, with a guardian's line, in every language it ships in:
the "Paid to" column head and the guardian's signature label are read back from the PDF beside English, the
names of both people and each one's original script print, and every font is embedded."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import unicodedata
from importlib import resources

import pytest

from avrcase.documents import allowance_receipt
from avrcase.documents.bilingual import Signatory
from avrcase.domain.wording import DOCUMENTS, shipped_file
from tests.documents.pdf_checks import assert_fonts_embedded
from tests.documents.test_finance_documents import receipt_snapshot
from tests.documents.test_more_returnee_languages import _missing, _printed_words

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

#: Every language a receipt prints in (the shipped documents wording files), English aside.
LANGUAGES = sorted(p.name.removesuffix(".json") for p in (resources.files("avrcase.resources") / "documents").iterdir()
                   if p.name.endswith(".json") and p.name != "en.json")


def _split(snapshot: allowance_receipt.AllowanceReceiptSnapshot) -> allowance_receipt.AllowanceReceiptSnapshot:
    """Two payments to two people, the second a child of an unaccompanied child's case: a guardian countersigns."""
    first, second = snapshot.payments
    return dataclasses.replace(
        snapshot, recipient=(("case_number", "VNO-2026-00001"),),
        payments=(dataclasses.replace(first, paid_to="KUZNETSOVA Alyona\nКузнецова Алёна\n1990-02-03"),
                  dataclasses.replace(second, paid_to="KUZNETSOV Ivan\nКузнецов Иван\n2010-05-06")),
        signatories=(Signatory("recipient_sig", "KUZNETSOVA Alyona · Кузнецова Алёна"),
                     Signatory("recipient_sig", "KUZNETSOV Ivan · Кузнецов Иван"), Signatory("guardian_sig", ""),
                     Signatory("officer_sig", "Rūta Finansė")))


def _loose(word: str) -> str:
    """A word as pdftotext may give it back from a correctly printed page: without its combining marks (it puts
    the Arabic damma of دُفع before its letter), Kurdish ە as the Arabic ه whose glyph it shares, no spaces (it cuts
    Punjabi ਕਾਨੂੰਨੀ after the tippi: ਕਾਨੂੰ ਨੀ). Seen right on the page images (pdftoppm) before this was written."""
    kept = "".join(c for c in unicodedata.normalize("NFKC", word) if unicodedata.category(c) not in ("Mn", "Mc"))
    return kept.replace("\u06d5", "\u0647").replace(" ", "")


def _not_printed(text: str, printed: set[str], page_text: str) -> list[str]:
    """The words of ``text`` that pdftotext does not give back, even loosely."""
    loose = {_loose(word) for word in printed}
    missing = [word for word in _missing(text, printed) if _loose(word.strip("()/:")) not in loose]
    return [] if missing and _loose(text) in _loose(page_text) else missing


def test_every_receipt_language_has_the_new_words():
    assert len(LANGUAGES) == 35
    for lang in ("en", *LANGUAGES):
        labels = shipped_file(DOCUMENTS, lang)["allowance_receipt"]["labels"]
        assert labels["paid_to"].strip() and labels["guardian_sig"].strip(), lang
        if lang != "en":  # a real translation, not the English copied
            assert labels["paid_to"] != "Paid to" and labels["guardian_sig"] != "Guardian or legal representative"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_split_receipt_prints_who_took_what_in_each_language(lang, tmp_path):
    pdf = allowance_receipt.render(_split(receipt_snapshot(("en", lang)))).pdf
    printed = _printed_words(pdf, tmp_path)
    (tmp_path / "receipt.pdf").write_bytes(pdf)
    page_text = subprocess.run(["pdftotext", str(tmp_path / "receipt.pdf"), "-"], capture_output=True, text=True,
                               check=True).stdout
    labels = shipped_file(DOCUMENTS, lang)["allowance_receipt"]["labels"]
    for text in (labels["paid_to"], labels["guardian_sig"], "Paid to", "Guardian or legal representative",
                 "KUZNETSOV Ivan", "Кузнецов Иван"):
        assert _not_printed(text, printed, page_text) == [], (lang, text)
    assert_fonts_embedded(pdf)
