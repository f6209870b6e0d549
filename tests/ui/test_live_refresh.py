"""Another computer's change on the open screens: the change bus hears it, an open edit dialog says so."""

from __future__ import annotations

from avrcase.domain.codes import StaffRole
from avrcase.services.accounts import users
from avrcase.services.cases import case_file
from avrcase.services.cases import register as cases
from avrcase.services.permissions import SYSTEM
from avrcase.services.uow import unit_of_work
from avrcase.ui.change_bus import CASES, ChangeBus
from avrcase.ui.dialogs.case_dialog import CaseDialog
from avrcase.ui.live_refresh import LiveRefresh
from avrcase.ui.ops import Ops
from tests.conftest import make_case_form


def test_an_edit_dialog_says_when_someone_else_saved_the_case_meanwhile(qtbot, pg_engine):
    with unit_of_work(pg_engine) as session:
        ruta = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "R", StaffRole.COUNSELLOR).id)
        jonas = users.actor_by_id(session, users.add_user(session, SYSTEM, "jonas", "J", StaffRole.COUNSELLOR).id)
    with unit_of_work(pg_engine, actor=ruta) as session:
        case_id = cases.register_case(session, ruta, make_case_form()).id
    ops, bus = Ops(pg_engine, ruta), ChangeBus()
    live = LiveRefresh(pg_engine.url.render_as_string(hide_password=False), bus, own_too=True)
    try:
        assert live.listener.listening.wait(10)
        dialog = CaseDialog(ops, bus, ops.read(case_file.get_case, case_id))
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.changed_banner.message == ""
        # Jonas, at another desk, saves the same case.
        with unit_of_work(pg_engine, actor=jonas) as session:
            detail = case_file.reread_case(session, jonas, case_id)
            cases.update_case(session, jonas, case_id, detail.version, make_case_form(notes="phoned back"))
        with qtbot.waitSignal(bus.data_changed, timeout=2000, check_params_cb=lambda kind, ids: kind == CASES):
            pass
        qtbot.waitUntil(lambda: dialog.changed_banner.message != "", timeout=2000)
        assert dialog.changed_banner.message.startswith("Changed by another user at ")
        # Saving what the dialog shows is refused with the conflict message; Jonas's change stays.
        dialog.save()
        assert dialog.conflict_box is not None and "changed by someone else" in dialog.conflict_box.text()
        dialog.conflict_box.close()
        assert ops.read(case_file.get_case, case_id).notes == "phoned back"
    finally:
        live.stop()


def test_a_travel_document_dialog_hears_another_desk_through_the_server(qtbot, pg_engine):
    """A document belongs to a person, not a case: its note names no case ("many"), and the dialog still checks."""
    from avrcase.domain.travel_documents import TravelDocumentStatus
    from avrcase.services.travel import documents as travel_documents
    from avrcase.ui.views.travel_tab import TravelTab
    from tests.ui.travel_data import give_passports

    with unit_of_work(pg_engine) as session:
        ona = users.actor_by_id(session, users.add_user(session, SYSTEM, "ona", "O", StaffRole.TRAVEL_OFFICER).id)
        paulius = users.actor_by_id(session, users.add_user(session, SYSTEM, "paulius", "P",
                                                            StaffRole.TRAVEL_OFFICER).id)
        ruta = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "R", StaffRole.COUNSELLOR).id)
    with unit_of_work(pg_engine, actor=ruta) as session:
        case = cases.register_case(session, ruta, make_case_form())
    ops, bus = Ops(pg_engine, ona), ChangeBus()
    give_passports(ops, case)
    live = LiveRefresh(pg_engine.url.render_as_string(hide_password=False), bus, own_too=True)  # one process here
    try:
        assert live.listener.listening.wait(10)
        tab = TravelTab(ops, bus, case.id)
        qtbot.addWidget(tab)
        tab.show()
        tab.documents.table.selectRow(0)
        dialog = tab.documents.edit_selected()
        document = dialog.document
        with unit_of_work(pg_engine, actor=paulius) as session:  # Paulius, at another desk
            travel_documents.move_travel_document_status(session, paulius, document.id, document.version,
                                                         TravelDocumentStatus.HANDED_OVER)
        qtbot.waitUntil(lambda: dialog.changed_banner.message != "", timeout=2000)
        assert dialog.changed_banner.message.startswith("Changed by another user at ")
        dialog.save()
        assert "nothing was saved" in dialog.summary.message.lower()
    finally:
        live.stop()


def test_a_search_on_the_server_is_read_without_a_transaction_and_counts_another_desks_new_case(
        qtbot, pg_engine, tmp_path, monkeypatch):
    """#14 (session 30): a keystroke in the search box on the office server sends no BEGIN and ROLLBACK around its
    count and page (at READ COMMITTED each statement sees what was committed when it began either way); a case
    another desk registers meanwhile still reaches the list, its count and the count of all cases."""
    import types

    from PySide6.QtCore import QSettings

    from avrcase.ui.main_window import MainWindow
    from avrcase.ui.models import case_paging
    from tests.conftest import make_person

    with unit_of_work(pg_engine) as session:
        ruta = users.actor_by_id(session, users.add_user(session, SYSTEM, "ruta", "R", StaffRole.COUNSELLOR).id)
        jonas = users.actor_by_id(session, users.add_user(session, SYSTEM, "jonas", "J", StaffRole.COUNSELLOR).id)
    with unit_of_work(pg_engine, actor=ruta) as session:
        cases.register_case(session, ruta, make_case_form(principal=make_person(family_name="Khutsishvili")))
        cases.register_case(session, ruta, make_case_form(principal=make_person(family_name="Beridze",
                                                                                document_number="GE77")))
    in_transaction: list[bool] = []
    listed = cases.list_with_count

    def noting(session, actor, query, **kwargs):
        listing = listed(session, actor, query, **kwargs)
        in_transaction.append(session.connection().connection.dbapi_connection.info.transaction_status != 0)  # IDLE
        return listing

    reads = types.ModuleType("reads")
    reads.__dict__.update(vars(case_paging.cases), list_with_count=noting)
    monkeypatch.setattr(case_paging, "cases", reads)
    ops, bus = Ops(pg_engine, ruta), ChangeBus()
    live = LiveRefresh(pg_engine.url.render_as_string(hide_password=False), bus, own_too=True)
    try:
        assert live.listener.listening.wait(10)
        window = MainWindow(ops, bus, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        window.case_list.search.setText("khutsishv")
        window.case_list.apply_filters()
        model = window.case_list.model
        assert (model.rowCount(), window.count_label.text()) == (1, "1 of 2 cases matches")
        assert in_transaction and not any(in_transaction), in_transaction
        # Jonas, at another desk, registers a Khutsishvili too.
        with unit_of_work(pg_engine, actor=jonas) as session:
            cases.register_case(session, jonas, make_case_form(principal=make_person(
                family_name="Khutsishvili", given_names="Giorgi", document_number="GE99")))
        qtbot.waitUntil(lambda: window.count_label.text() == "2 of 3 cases match", timeout=3000)
        assert sorted(model.case_row(row).principal_name.split()[-1] for row in range(model.rowCount())) == [
            "Giorgi", "Nino"]
        assert not any(in_transaction), in_transaction
    finally:
        live.stop()
