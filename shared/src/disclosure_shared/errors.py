"""Error hierarchy. Permanent errors go to the dead-letter topic at once; anything else is retried.

PipelineError
  ├── InputRejected (permanent: the input itself is bad; `code` names why)
  │     NotADisclosure, CorruptPdf, EncryptedPdf, EmptyDocument, TooManyPages, TooLarge,
  │     TooComplex, DecompressionBomb, DocumentTimeout, WorkerCrashed,
  │     FetchFailed, UnsafeUrl, UndecodableMessage, UnsupportedSchema
  ├── BackendUnavailable (an outage of Kafka, MongoDB or the blob store: retried while it lasts,
  │     never the document's fault; see outages.py)
  └── (other transient failures are ordinary exceptions: retried, then dead-lettered)
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base of the project's own errors."""


class InputRejected(PipelineError):
    """The input can never be processed as it is; retrying will not help."""

    code = "rejected"

    def __init__(self, reason: str, *, sha256: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.sha256 = sha256
        """The identity of the rejected bytes when they were received (the bytes are kept)."""

    def __str__(self) -> str:
        return f"{self.code}: {self.reason}"

    def __reduce__(self) -> tuple[object, ...]:
        # keep `sha256` when the error crosses a process boundary (isolated workers)
        return (_rebuild, (type(self), self.reason, self.sha256))


def _rebuild(kind: type[InputRejected], reason: str, sha256: str | None) -> InputRejected:
    return kind(reason, sha256=sha256)


class NotADisclosure(InputRejected):
    """Not a disclosure: bytes that are neither a PDF nor a text export (an image, a spreadsheet
    renamed .pdf), or a readable input in which no 预算/决算 disclosure is recognised (a README, a web
    page of a few words)."""

    code = "not-a-disclosure"


class CorruptPdf(InputRejected):
    code = "corrupt-pdf"


class EncryptedPdf(InputRejected):
    code = "encrypted-pdf"


class EmptyDocument(InputRejected):
    code = "empty-document"


class TooManyPages(InputRejected):
    code = "too-many-pages"


class TooLarge(InputRejected):
    code = "too-large"


class FetchFailed(InputRejected):
    code = "fetch-failed"


class UnsafeUrl(InputRejected):
    code = "unsafe-url"


class UndecodableMessage(InputRejected):
    code = "undecodable-message"


class UnsupportedSchema(InputRejected):
    """A message whose envelope schema version this service does not know."""

    code = "unsupported-schema"


class TooComplex(InputRejected):
    """Processing the input would exceed a per-document budget (pages × area, image pixels, text)."""

    code = "too-complex"


class DecompressionBomb(InputRejected):
    """A compressed stream inflates beyond the per-document budget."""

    code = "decompression-bomb"


class DocumentTimeout(InputRejected):
    """The document did not finish within its wall-time budget."""

    code = "timeout"


class WorkerCrashed(InputRejected):
    """The isolated worker processing the document died (killed, out of memory) more than once."""

    code = "worker-crashed"


class BackendUnavailable(PipelineError):
    """Kafka, MongoDB or the blob store cannot be reached: wait and retry, the input is fine."""

    code = "backend-unavailable"


class SourceUnavailable(PipelineError):
    """The remote source did not answer usefully now; a later attempt may succeed."""

    code = "source-unavailable"


def short(error: BaseException, limit: int = 300) -> str:
    """An error as one bounded line: its type and the start of its message."""
    text = " ".join(str(error).split())
    if len(text) > limit:
        text = text[:limit] + f"… ({len(text)} chars)"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
