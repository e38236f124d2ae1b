"""A per-page time limit checked between OCR steps.

OCR of one page is a sequence of short steps (render, find lines, one recognition batch, one text
band), each well under a second, so checking a deadline between steps bounds a page's time to the
limit plus one step, inside the pool worker, without a subprocess per page (which would reload the
models every time) and without killing a worker that holds other documents' work.
"""

from __future__ import annotations

import time


class OcrTimeout(Exception):
    """The page's OCR went past its time limit."""


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise OcrTimeout(f"OCR exceeded the page limit of {self.seconds:g} s")


NO_DEADLINE = Deadline(float("inf"))
