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
