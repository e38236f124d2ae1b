"""The OCR engine: RapidOCR with the ONNX models its wheel carries, loaded once per process.

Nothing is downloaded at run time: the wheel's models/ folder holds the det, rec and cls models that
the default configuration names, and construction fails loudly if one is missing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from disclosure_parse.ocr.deadline import NO_DEADLINE, Deadline

Gray = NDArray[np.uint8]

# One inference thread: the parse service already runs one worker process per core.
_PARAMS: dict[str, Any] = {
    "Global.log_level": "error",
    "Global.use_cls": False,  # disclosures are upright; the angle classifier costs time for nothing
    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    # Text at 150-200 dpi needs no upscaling: "max" only shrinks pages larger than the limit.
    "Det.limit_type": "max",
    "Det.limit_side_len": 2000,
}
_BATCH = 16


@dataclass(frozen=True)
class TextBox:
    """A detected text line: its box in image pixels and what it reads."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    score: float


class OcrEngine:
    def __init__(self) -> None:
        from rapidocr import RapidOCR  # heavy import: only processes that OCR pay for it

        # Typed as Any: its __call__ returns a union of output classes, and we call one private loader.
        self._ocr: Any = RapidOCR(params=_PARAMS)
        models = Path(self._ocr.cfg.Global.model_root_dir)
        missing = [
            p for p in ("PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx") if not (models / p).exists()
        ]
        if missing:
            raise RuntimeError(f"OCR models missing from the rapidocr wheel: {missing}")

    def recognize(self, crops: list[Gray], deadline: Deadline = NO_DEADLINE) -> list[tuple[str, float]]:
        """Text of single-line crops (no detection), in input order."""
        from rapidocr.ch_ppocr_rec import TextRecInput

        if not crops:
            return []
        rec = self._ocr._load_rec_model()  # recognition alone (loaded once), batched, for table cells
        results: list[tuple[str, float]] = []
        for start in range(0, len(crops), _BATCH):
            deadline.check()
            batch = [_bgr(c) for c in crops[start : start + _BATCH]]
            out = rec(TextRecInput(img=batch))
            results.extend(
                zip(out.txts or ("",) * len(batch), out.scores or (0.0,) * len(batch), strict=True)
            )
        return results

    def read_lines(self, image: Gray) -> list[TextBox]:
        """Detection + recognition: every text line in the image."""
        out = self._ocr(_bgr(image), use_det=True, use_cls=False, use_rec=True)
        boxes = getattr(out, "boxes", None)
        texts = getattr(out, "txts", None)
        if boxes is None or texts is None or len(texts) == 0:
            return []
        found: list[TextBox] = []
        for box, text, score in zip(boxes, texts, out.scores, strict=True):
            xs = [float(p[0]) for p in box]
            ys = [float(p[1]) for p in box]
            found.append(TextBox(min(xs), min(ys), max(xs), max(ys), str(text), float(score)))
        return found


def _bgr(image: Gray) -> NDArray[np.uint8]:
    return image if image.ndim == 3 else np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)


_engine: OcrEngine | None = None
_lock = threading.Lock()


def get_engine() -> OcrEngine:
    """The process's engine, loaded on first use (each pool worker loads its own once)."""
    global _engine
    if _engine is None:
        with _lock:
            if _engine is None:
                _engine = OcrEngine()
    return _engine
