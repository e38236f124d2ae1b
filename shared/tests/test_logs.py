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


def test_repeated_warnings_are_counted_not_printed() -> None:
    from disclosure_shared.logs import RepeatFilter

    gate = RepeatFilter(window_s=60)

    def record(message: str, level: int = logging.ERROR) -> logging.LogRecord:
        return logging.LogRecord("aiokafka", level, __file__, 1, message, (), None)

    passed = [gate.filter(record("Unable connect to node with id 1")) for _ in range(500)]
    assert passed.count(True) == 1  # one line for five hundred repeats
    assert gate.filter(record("another error"))  # a different message is told at once
    assert all(gate.filter(record("done for ab", logging.INFO)) for _ in range(3))  # info is never held
    gate._last[("aiokafka", "Unable connect to node with id 1")] = (0.0, 499)  # the window has passed
    summary = record("Unable connect to node with id 1")
    assert gate.filter(summary) and "499 more like this" in summary.getMessage()
