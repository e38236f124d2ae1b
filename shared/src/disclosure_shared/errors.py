"""Error hierarchy. Permanent errors go to the dead-letter topic at once; anything else is retried.

PipelineError
  ├── InputRejected (permanent: the input itself is bad; `code` names why)
  │     NotADisclosure, CorruptPdf, EncryptedPdf, EmptyDocument, TooManyPages, TooLarge,
  │     FetchFailed, UnsafeUrl, UndecodableMessage
  └── (transient failures are ordinary exceptions: broker, store, timeouts)
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


class NotADisclosure(InputRejected):
    code = "not-a-pdf"


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


class SourceUnavailable(PipelineError):
    """The remote source did not answer usefully now; a later attempt may succeed."""

    code = "source-unavailable"
