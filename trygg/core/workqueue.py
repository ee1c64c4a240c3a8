"""What waits for one person: the rows of the work queue on their start page.

Each module offers ``work_queue(actor) -> list[WorkItem]`` in its public selectors; the start
page (``trygg.home``) asks the modules of the actor's role. A row says what waits in words,
how many, and where to go; rows with nothing waiting are left out by the page.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    label: str  # what waits, in words ("Payments waiting for your approval")
    count: int
    url: str  # where the person does it
    urgent: bool = False  # overdue or past a deadline: shown first and marked
