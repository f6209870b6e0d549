"""The audit viewer speaks in words: "Case file opened", "Case VNO-2026-00001", "Payment" — not table names (#19)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from avrcase.domain.codes import StaffRole
from avrcase.services.cases import case_file
from avrcase.ui.ops import Ops
from avrcase.ui.views.audit_view import COL_ACTION, COL_RECORD, AuditView
from tests.ui.finance_setup import manager, officer, project, returnee  # noqa: F401 - fixtures


def test_entries_show_actions_and_records_in_words(qtbot, engine, ops, make_case, actor_as):
    case = make_case()
    ops.read(case_file.get_case, case.id)
    view = AuditView(Ops(engine, actor_as(StaffRole.MANAGER, "vida")))
    qtbot.addWidget(view)
    rows = [(view.model.texts(r)[COL_ACTION], view.model.texts(r)[COL_RECORD]) for r in range(view.model.rowCount())]
    assert ("Case file opened", f"Case {case.case_number}") in rows
    assert ("Added", "Person") in rows
    assert not any("_" in action or "#" in record for action, record in rows)
    filters = [view.action_filter.itemText(i) for i in range(view.action_filter.count())]
    assert "Case file opened" in filters and "case_opened" not in filters


def test_verify_the_chain_says_what_the_seals_proved_and_what_not(qtbot, engine, ops, make_case, actor_as):
    make_case()
    view = AuditView(Ops(engine, actor_as(StaffRole.MANAGER, "vida")))
    qtbot.addWidget(view)
    assert view.verify()
    text = view.verdict.text()
    assert "The audit trail is intact" in text and "Proved with this computer's audit key" in text
    assert "the last this computer sealed in this store, is still there" in text
    assert "Not proved: entries after entry" not in text  # the newest entry is sealed too
    assert "could rewrite entries and recompute" not in text


def test_dates_and_times_in_the_details_read_as_the_interface_writes_them(qtbot, engine, ops, make_case, actor_as):
    """A sign-in's details read "last_sign_in_at: 2026-12-07T05:18:22.4238…", in UTC, beside "When" in the office's
    time; the stored form stays in the tooltip for whoever checks the record itself."""
    import re

    from PySide6.QtCore import Qt

    from avrcase.ui.views.audit_view import COL_DETAILS

    make_case()
    view = AuditView(Ops(engine, actor_as(StaffRole.MANAGER, "vida")))
    qtbot.addWidget(view)
    stored = re.compile(r"\d{4}-\d{2}-\d{2}")
    details = [view.model.texts(r)[COL_DETAILS] for r in range(view.model.rowCount())]
    tips = [view.model.index(r, COL_DETAILS).data(Qt.ItemDataRole.ToolTipRole) for r in range(view.model.rowCount())]
    assert any(stored.search(tip or "") for tip in tips)  # the trail holds dates and instants…
    assert not [text for text in details if stored.search(text)]  # …and the list writes them in words


def test_escape_closes_the_audit_window(qtbot, engine, actor_as):
    """With no window manager the audit trail's window has no title bar: Escape did nothing, and it stayed over the
    main window for good."""
    view = AuditView(Ops(engine, actor_as(StaffRole.MANAGER, "vida")))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_the_details_name_each_field_in_words_of_the_screens_language(qtbot, engine, ops, make_case, actor_as):
    """The details read "dob_estimated: False", "family_name: …", "must_change_password: …": the stored field names,
    in English whatever the interface's language; they read in words now, the stored name in the tooltip."""
    from avrcase.i18n import set_locale
    from avrcase.ui.views.audit_view import COL_DETAILS

    make_case()
    manager = actor_as(StaffRole.MANAGER, "vida")
    for language, words in (("en", "Date of birth estimated"), ("lt", "Apytikslė gimimo data"),
                            ("ru", "Дата рождения приблизительная")):
        set_locale(language)  # back to English after the test (conftest)
        view = AuditView(Ops(engine, manager))
        qtbot.addWidget(view)
        rows = range(view.model.rowCount())
        joined = "\n".join(view.model.texts(r)[COL_DETAILS] for r in rows)
        tips = "\n".join(view.model.index(r, COL_DETAILS).data(Qt.ItemDataRole.ToolTipRole) or "" for r in rows)
        assert words in joined, language
        assert not {"dob_estimated", "family_name", "must_change_password"} & set(joined.replace(":", " ").split())
        assert "dob_estimated" in tips and "family_name" in tips  # the stored names stay in the tooltip


def test_a_record_of_the_case_names_the_case_by_its_number(qtbot, engine, ops, make_case, actor_as):
    """A household member's or a document's record read "Case: — → 431", the store's own key of the case, which
    nobody in the office knows; it reads the case number, and the tooltip keeps the record as stored."""
    from avrcase.ui.views.audit_view import COL_DETAILS

    case = make_case(members=1)
    view = AuditView(Ops(engine, actor_as(StaffRole.MANAGER, "vida")))
    qtbot.addWidget(view)
    rows = range(view.model.rowCount())
    details = [view.model.texts(r)[COL_DETAILS] for r in rows]
    tips = [view.model.index(r, COL_DETAILS).data(Qt.ItemDataRole.ToolTipRole) or "" for r in rows]
    assert any(f"Case: — → {case.case_number}" in text for text in details), details
    assert not any(f"Case: — → {case.id}" in text for text in details)
    assert any(f"case_id: — → {case.id}" in tip for tip in tips)


def test_an_administrator_reads_a_created_row_as_every_created_row_reads(qtbot, engine, make_case, actor_as):
    """An administrator (who may not read cases) saw "Family name: hidden for your role → hidden for your role" on
    each created person: a created row had no value before, so it reads "— → hidden for your role"."""
    from avrcase.ui.views.audit_view import COL_DETAILS

    make_case()
    view = AuditView(Ops(engine, actor_as(StaffRole.ADMINISTRATOR, "aiste")))
    qtbot.addWidget(view)
    rows = [view.model.texts(r) for r in range(view.model.rowCount())]
    person = next(texts[COL_DETAILS] for texts in rows if (texts[COL_ACTION], texts[COL_RECORD]) == ("Added", "Person"))
    assert "Family name: — → hidden for your role" in person, person
    assert not [texts for texts in rows if "hidden for your role → hidden for your role" in texts[COL_DETAILS]
                and texts[COL_ACTION] == "Added"]


def test_an_amount_reads_as_money_and_a_member_of_staff_by_name(qtbot, engine, ops, returnee, officer, manager):
    """A delivery of €5,000.00 read "Actual cost: — → 500000" on the trail, a hundred times the amount to anyone
    who does not know the store keeps cents; the tooltip keeps the record as stored."""
    from avrcase.ui.views.audit_view import COL_DETAILS

    _delivered(ops, returnee, officer, manager, 1130, 5000)
    view = AuditView(Ops(engine, manager))
    qtbot.addWidget(view)
    rows = range(view.model.rowCount())
    details = [view.model.texts(r)[COL_DETAILS] for r in rows]
    tips = [view.model.index(r, COL_DETAILS).data(Qt.ItemDataRole.ToolTipRole) or "" for r in rows]
    assert any("Actual cost: — → €5,000.00" in text for text in details), details
    assert any("Estimated cost: — → €1,130.00" in text for text in details)
    assert not any("500000" in text or "113000" in text for text in details)
    assert any("actual_minor: — → 500000" in tip for tip in tips)
    # The manager who approved it by name, not "Approved by: — → 2", the key of an account.
    assert any(f"Approved by: — → {manager.display_name}" in text for text in details), details


def test_a_refused_sign_in_reads_in_the_screen_s_language(qtbot, engine, actor_as):
    """A refused sign-in read "failures: 1; Причина: wrong password" in a Russian viewer: a field by its stored
    name and the reason in English, as the trail keeps it."""
    from avrcase.services.accounts.accounts import authenticate
    from avrcase.services.uow import unit_of_work

    manager = actor_as(StaffRole.MANAGER, "vida")
    with unit_of_work(engine) as session:
        assert authenticate(session, "vida", "not her password").actor is None
    details = _russian_details(qtbot, engine, manager)
    assert "Неудачные попытки входа: 1; Причина: неверный пароль" in details, details


def test_a_period_that_ends_before_it_begins_is_said_not_shown_as_empty(qtbot, engine, make_case, actor_as):
    """Dates in the wrong order listed nothing without a word, as if nothing had happened in the period."""
    import datetime as dt

    make_case()
    view = AuditView(Ops(engine, actor_as(StaffRole.MANAGER, "vida")))
    qtbot.addWidget(view)
    assert view.model.rowCount() > 0
    view.date_from.set_date(dt.date(2026, 11, 1))
    view.date_to.set_date(dt.date(2026, 3, 1))
    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    assert view.period_problem.message == (
        "The period ends before it begins: choose a last day on or after Nov 1, 2026.")
    assert view.model.rowCount() == 0
    view.date_to.set_date(None)
    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    assert view.period_problem.message == ""


def test_a_recorded_code_reads_in_words_of_the_screen_s_language(qtbot, engine, ops, returnee, officer, manager):
    """A plan item's move read "Статус: approved → delivered" in a Russian viewer: the stored codes, in English."""
    _delivered(ops, returnee, officer, manager, 300, 300)
    details = _russian_details(qtbot, engine, manager)
    assert any("Статус: Одобрено → Выполнено" in text for text in details), details
    assert any("Категория: — → Жильё" in text for text in details), details
    assert not any("approved → delivered" in text for text in details)


def _delivered(ops, returnee, officer, manager, estimated, actual):
    """A plan item of ``estimated`` euros drafted, approved by ``manager`` and delivered for ``actual``."""
    from avrcase.domain.reintegration import ItemCategory, ItemStatus
    from avrcase.services.finance.dto import PlanItemForm
    from avrcase.services.reintegration import plans as reintegration
    from tests.support.finance import eur

    ops.actor = officer
    plan = ops.write(reintegration.draft_plan, returnee.id, [PlanItemForm(ItemCategory.HOUSING, "Rent", eur(estimated))])
    ops.actor = manager
    plan = ops.write(reintegration.approve_plan, plan.id, plan.version)
    ops.actor = officer
    ops.write(reintegration.move_item, plan.id, plan.version, plan.items[0].key, ItemStatus.DELIVERED,
              actual_cost=eur(actual))


def _russian_details(qtbot, engine, manager) -> list[str]:
    """The Details column of the trail as a Russian interface shows it to ``manager``."""
    from avrcase.i18n import set_locale
    from avrcase.ui.views.audit_view import COL_DETAILS

    set_locale("ru")
    try:
        view = AuditView(Ops(engine, manager))
        qtbot.addWidget(view)
        return [view.model.texts(r)[COL_DETAILS] for r in range(view.model.rowCount())]
    finally:
        set_locale("en")


def test_the_record_column_is_headed_by_a_noun_in_russian(qtbot, engine, actor_as):
    """Walk 12: the Russian audit trail headed the column of records "Записать" ("to record", a button's verb)."""
    from avrcase.i18n import set_locale

    set_locale("ru")
    try:
        view = AuditView(Ops(engine, actor_as(StaffRole.MANAGER, "vida")))
        qtbot.addWidget(view)
        assert view.model.headerData(COL_RECORD, Qt.Orientation.Horizontal) == "Запись"
    finally:
        set_locale("en")
