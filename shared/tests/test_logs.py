import logging

from disclosure_shared.logs import LINE_LIMIT, TRACEBACK_LIMIT, BoundedFormatter


def formatted(message: str, *args: object, error: BaseException | None = None) -> str:
    exc_info = (type(error), error, error.__traceback__) if error else None
    record = logging.LogRecord("t", logging.ERROR, __file__, 1, message, args, exc_info)
    return BoundedFormatter("%(levelname)s %(message)s").format(record)


def test_a_huge_message_is_cut_to_the_line_limit() -> None:
    line = formatted("failed for %s", "x" * 10_000_000)
    assert len(line) < LINE_LIMIT + 100 and "chars cut" in line


def test_a_traceback_keeps_its_end() -> None:
    try:
        raise ValueError("boom " + "y" * 50_000)
    except ValueError as exc:
        line = formatted("stage failed", error=exc)
    assert len(line) < LINE_LIMIT + TRACEBACK_LIMIT + 200
    assert "ValueError: boom yyy" in line and "test_a_traceback_keeps_its_end" in line
