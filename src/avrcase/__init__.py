"""avrcase: case management for Assisted Voluntary Return and Reintegration programmes."""

import contextlib
import gc
from collections.abc import Iterator

__version__ = "0.1.0"

_collection_paused = False
#: The process paused collection at its start (the console script and the launcher; a test calling in-process does not).
_paused_at_start = False


def pause_collection() -> None:
    """At the start of the process (the console script and the installed app's launcher): no cyclic garbage
    collection while the modules are imported.

    Importing makes a few hundred thousand objects that live as long as the process; the collector would
    walk them again and again while they are made, about a sixth of a command's start (#14).
    """
    global _collection_paused, _paused_at_start
    if gc.isenabled():
        gc.disable()
        _collection_paused = _paused_at_start = True


def resume_collection(*, enable: bool = True) -> None:
    """The start is over: what exists now lives as long as the process, so later collections leave it out
    (``gc.freeze``), and collection resumes (``enable=False``: the desktop app's own collector takes over).

    Does nothing unless :func:`pause_collection` paused it (a test calling the command line in-process keeps
    its collector as it was).
    """
    global _collection_paused
    if _collection_paused:
        _collection_paused = False
        gc.freeze()
        if enable:
            gc.enable()


@contextlib.contextmanager
def collection_held(*, lasting: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block; the collector is as it was after it.

    For a block that streams many short-lived rows with no cycles among them (``avrcase case list``): the
    collector ran about 250 times over 100,000 cases and found nothing, about a tenth of the listing (#14).
    ``lasting``: what the block makes lives as long as the process (the ORM's mappers, configured at a command's
    first query), or the process ends right after it (one document issued), so in a process that paused collection at
    its start it is left out of later collections too (``gc.freeze``), as the start's modules are.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if lasting and _paused_at_start:
            gc.freeze()
        if enabled:
            gc.enable()
