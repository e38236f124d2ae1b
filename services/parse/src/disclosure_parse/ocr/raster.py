"""Page images: render a PDF page to grayscale pixels and straighten a slightly skewed scan."""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

Gray = NDArray[np.uint8]


def render_page(page: Any, dpi: int) -> Gray:
    """A pypdfium2 page as an 8-bit grayscale image at `dpi`."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    image = bitmap.to_numpy()
    if image.ndim == 3:  # some pdfium builds return one channel with a trailing axis, or BGR(A)
        image = image[:, :, 0] if image.shape[2] == 1 else cv2.cvtColor(image[:, :, :3], cv2.COLOR_BGR2GRAY)
    return np.ascontiguousarray(image, dtype=np.uint8)


def ink_mask(gray: Gray) -> Gray:
    """255 where there is ink (Otsu threshold). No smoothing: at 150 dpi the stroke of "一" is one
    pixel thick and a median filter would erase it; callers drop specks where they matter."""
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return np.asarray(mask, dtype=np.uint8)


def skew_degrees(gray: Gray) -> float:
    """Skew of the page's long near-horizontal strokes (table rules, else text lines), 0.0 if none.

    A short horizontal opening keeps rules (and drops most glyph strokes) even when tilted by a
    degree; a Hough transform restricted to +-3 degrees at 0.05 degree steps then gives the angle.
    """
    mask = ink_mask(gray)
    width = mask.shape[1]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(8, width // 60), 1))
    strokes = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    span = math.radians(3.0)
    found = cv2.HoughLines(
        strokes,
        1,
        math.radians(0.05),
        max(20, width // 5),
        min_theta=math.pi / 2 - span,
        max_theta=math.pi / 2 + span,
    )
    if found is None:
        return 0.0
    thetas = np.asarray(found).reshape(-1, 2)[:25, 1]  # strongest lines first
    return float(np.degrees(np.median(thetas)) - 90.0)


def deskew(gray: Gray, min_degrees: float = 0.08) -> Gray:
    """The image rotated so its rules are level; untouched when already straight."""
    angle = skew_degrees(gray)
    if abs(angle) < min_degrees:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255,))
    return np.asarray(rotated, dtype=np.uint8)
