"""The PDF preview: shows every page, prints them to a (PDF file) printer, saves the exact bytes."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtPrintSupport import QPrinter

from avrcase.documents import case_summary
from avrcase.services import office
from avrcase.services.cases import case_file
from avrcase.services.documents import case_snapshots as snapshots
from avrcase.services.uow import unit_of_work
from avrcase.ui.dialogs.pdf_preview import PdfPreviewDialog
from avrcase.ui.widgets import file_dialogs
from tests.documents.conftest import page_texts, read_pdf


@pytest.fixture
def two_page_pdf(engine, actor, make_case):
    """A real case summary made long enough for two pages or more."""
    import dataclasses

    detail = make_case()
    with unit_of_work(engine, write=False) as session:
        case = case_file.get_case(session, actor, detail.id)
        profile = office.get_office_profile(session, actor)
    snapshot = snapshots.case_summary_snapshot(case, profile, "en", dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc),
                                               show_sensitive=True)
    many = tuple(dataclasses.replace(snapshot.household[0], name=f"PERSON {i}") for i in range(40))
    return case_summary.render(dataclasses.replace(snapshot, household=many))


def test_preview_shows_every_page(qtbot, two_page_pdf):
    dialog = PdfPreviewDialog(two_page_pdf.pdf, "Case summary")
    qtbot.addWidget(dialog)
    dialog.show()
    assert two_page_pdf.pages >= 2
    assert dialog.page_count == two_page_pdf.pages
    assert dialog.view.document() is dialog.document
    assert f"{two_page_pdf.pages} pages" in dialog.pages_label.text()


def test_print_to_a_pdf_file_printer(qtbot, two_page_pdf, tmp_path):
    dialog = PdfPreviewDialog(two_page_pdf.pdf, "Case summary")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    assert dialog.print_to(printer) == two_page_pdf.pages
    assert len(read_pdf(target.read_bytes()).pages) == two_page_pdf.pages


def test_save_as_writes_the_same_bytes(qtbot, two_page_pdf, tmp_path, monkeypatch):
    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *args, **kwargs: (str(target), ""))
    dialog = PdfPreviewDialog(two_page_pdf.pdf, "Case summary")
    qtbot.addWidget(dialog)
    dialog.save_button.click()
    assert target.read_bytes() == two_page_pdf.pdf
    assert "PERSON 0" in page_texts(target.read_bytes())[0]


def test_unreadable_bytes_show_no_pages(qtbot):
    dialog = PdfPreviewDialog(b"not a pdf", "Broken")
    qtbot.addWidget(dialog)
    assert dialog.page_count == 0
