"""What the front ends hear while a store is prepared on its first open after an update (``store.preparation``).

The window and the command line show these reports; the window's widgets never import the store itself.
"""

from __future__ import annotations

from avrcase.store.preparation import Preparation as Preparation
from avrcase.store.preparation import PreparationStopped as PreparationStopped
from avrcase.store.preparation import Progress as Progress
from avrcase.store.preparation import Step as Step
