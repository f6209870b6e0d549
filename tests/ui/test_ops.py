"""Background work: a job that ends at once is still heard, a failing one reports its error."""

from PySide6.QtCore import QObject, Slot

from avrcase.domain.errors import ValidationError


class _Receiver(QObject):
    """Lives on the UI thread, like a window whose slots receive a task's outcome."""

    def __init__(self):
        super().__init__()
        self.results, self.errors, self.progress = [], [], []

    @Slot(object)
    def on_finished(self, result):
        self.results.append(result)

    @Slot(object)
    def on_failed(self, error):
        self.errors.append(error)

    @Slot(int, int)
    def on_progressed(self, done, total):
        self.progress.append((done, total))


def test_a_job_that_ends_at_once_is_not_lost(qtbot, ops):
    receiver = _Receiver()

    def job(session, report):
        report(1, 1)
        return 42

    # The worker may finish before run_in_background returns; the slots are connected before it starts.
    for _ in range(20):
        ops.run_in_background(job, finished=receiver.on_finished, failed=receiver.on_failed,
                              progressed=receiver.on_progressed)
    ops.wait_for_background()
    qtbot.waitUntil(lambda: len(receiver.results) == 20, timeout=5000)
    assert receiver.results == [42] * 20 and receiver.errors == []
    assert receiver.progress == [(1, 1)] * 20


def test_a_failing_job_reports_the_error_and_not_a_result(qtbot, ops):
    receiver = _Receiver()

    def job(session, report):
        raise ValidationError({"date": "The date is in the future."})

    ops.run_in_background(job, finished=receiver.on_finished, failed=receiver.on_failed)
    ops.wait_for_background()
    qtbot.waitUntil(lambda: len(receiver.errors) == 1, timeout=5000)
    assert receiver.results == []
    assert str(receiver.errors[0]) == "The date is in the future."


def test_save_or_explain_puts_each_refusal_where_it_belongs(qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from avrcase.domain.errors import ConflictError, NotFoundError
    from avrcase.ui import ops as ops_module

    parent = QWidget()
    qtbot.addWidget(parent)
    shown = {"fields": [], "conflict": [], "box": []}
    monkeypatch.setattr(ops_module, "show_error", lambda _parent, error: shown["box"].append(str(error)))

    def attempt(result_or_error):
        def save():
            if isinstance(result_or_error, Exception):
                raise result_or_error
            return result_or_error
        return ops_module.save_or_explain(parent, save, show_errors=shown["fields"].append,
                                          show_conflict=shown["conflict"].append)

    assert attempt(7) == 7
    assert attempt(ValidationError({"number": "Please enter the number."})) is ops_module.UNSAVED
    assert attempt(ConflictError("Someone else changed it.")) is ops_module.UNSAVED
    assert attempt(NotFoundError("There is no such case.")) is ops_module.UNSAVED
    assert shown == {"fields": [{"number": "Please enter the number."}], "conflict": ["Someone else changed it."],
                     "box": ["There is no such case."]}


def test_a_write_announces_the_cases_it_changed_once_committed(qtbot, ops):
    heard = []
    ops.bus.data_changed.connect(lambda kind, ids: heard.append((kind, ids)))

    assert ops.write(lambda session, actor, value: value * 2, 21, changed=7) == 42
    ops.write(lambda session, actor: {"id": 9}, changed=lambda result: [result["id"], 10])
    ops.write(lambda session, actor: None)  # says nothing changed: nothing announced
    assert heard == [("case", [7]), ("case", [9, 10])]

    def refused(session, actor):
        raise ValidationError({"x": "no"})

    try:
        ops.write(refused, changed=7)
    except ValidationError:
        pass
    assert heard == [("case", [7]), ("case", [9, 10])]  # rolled back, so not announced
