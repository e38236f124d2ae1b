import pytest

from disclosure_ingest.sniffing import HTML, PDF, TEXT, detect_content_type
from disclosure_shared.errors import EmptyDocument, NotADisclosure


def test_pdf_is_recognised_by_its_header_not_its_name() -> None:
    assert detect_content_type(b"%PDF-1.7\n...") == PDF
    assert detect_content_type(b"\r\n%PDF-1.4 leading junk is tolerated") == PDF


def test_exports_are_text_or_html() -> None:
    assert detect_content_type("2023 年度部门决算\n收入支出决算总表".encode()) == TEXT
    assert detect_content_type("<html><body>部门预算</body></html>".encode()) == HTML
    assert detect_content_type("部门预算".encode("gb18030")) == TEXT


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04\x14\x00\x06\x00", b"just some english words"],
)
def test_other_files_are_rejected_with_the_reason(data: bytes) -> None:
    with pytest.raises(NotADisclosure) as caught:
        detect_content_type(data, sha256="ab" * 32)
    assert caught.value.code == "not-a-disclosure"
    assert caught.value.sha256 == "ab" * 32


def test_empty_input_is_its_own_error() -> None:
    with pytest.raises(EmptyDocument):
        detect_content_type(b"  \n ")
