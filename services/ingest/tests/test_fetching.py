import pytest

from disclosure_ingest.fetching import check_url, fetch_url, read_file
from disclosure_shared.errors import FetchFailed, SourceUnavailable, TooLarge, UnsafeUrl
from disclosure_shared.settings import Limits
from disclosure_shared.testing.http import serve

LOCAL = Limits(allow_private_networks=True, max_bytes=1000, fetch_timeout_s=5, max_redirects=2)
PDF = b"%PDF-1.7 tiny"


async def test_fetch_returns_bytes_and_source() -> None:
    routes = {"/a/%E9%A2%84%E7%AE%97.pdf": (200, {"Content-Type": "application/pdf"}, PDF)}
    with serve(routes) as base:
        received = await fetch_url(base + "/a/%E9%A2%84%E7%AE%97.pdf", LOCAL)
    assert received.data == PDF
    assert received.source.filename == "预算.pdf"
    assert received.source.bytes == len(PDF)
    assert received.source.content_type == "application/pdf"


async def test_redirects_are_followed_up_to_the_limit() -> None:
    routes = {
        "/one": (302, {"Location": "/two"}, b""),
        "/two": (301, {"Location": "/doc"}, b""),
        "/doc": (200, {}, PDF),
        "/loop": (302, {"Location": "/loop"}, b""),
    }
    with serve(routes) as base:
        assert (await fetch_url(base + "/one", LOCAL)).data == PDF
        with pytest.raises(FetchFailed, match="redirects"):
            await fetch_url(base + "/loop", LOCAL)


async def test_client_errors_are_permanent_and_outages_transient() -> None:
    with serve({"/busy": (503, {}, b"try later"), "/limited": (429, {}, b"")}) as base:
        with pytest.raises(FetchFailed, match="HTTP 404"):
            await fetch_url(base + "/missing.pdf", LOCAL)
        with pytest.raises(SourceUnavailable, match="HTTP 503"):
            await fetch_url(base + "/busy", LOCAL)
        with pytest.raises(SourceUnavailable, match="HTTP 429"):
            await fetch_url(base + "/limited", LOCAL)
        dead = base.rsplit(":", 1)[0] + ":1"
    with pytest.raises(SourceUnavailable, match="ConnectError"):
        await fetch_url(dead + "/x.pdf", LOCAL)


async def test_size_cap_applies_to_declared_and_streamed_sizes() -> None:
    big = b"%PDF" + b"0" * 5000
    with serve({"/declared": (200, {}, big), "/streamed": (200, {"Content-Length": ""}, big)}) as base:
        with pytest.raises(TooLarge, match="declares"):
            await fetch_url(base + "/declared", LOCAL)
        with pytest.raises(TooLarge, match="sent more than"):
            await fetch_url(base + "/streamed", LOCAL)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/a.pdf",
        "javascript:alert(1)",
        "http://user:pw@example.org/a.pdf",
        "http:///a",
    ],
)
async def test_hostile_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        await check_url(url, LOCAL)


@pytest.mark.parametrize("host", ["127.0.0.1", "169.254.169.254", "10.1.2.3", "[::1]", "localhost"])
async def test_private_addresses_are_refused_by_default(host: str) -> None:
    with pytest.raises(UnsafeUrl, match="non-public"):
        await check_url(f"http://{host}/a.pdf", Limits())


def test_read_file_enforces_the_size_limit(tmp_path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF" + b"0" * 2000)
    with pytest.raises(TooLarge):
        read_file(path, LOCAL)
    small = tmp_path / "small.pdf"
    small.write_bytes(PDF)
    received = read_file(small, LOCAL)
    assert received.data == PDF and received.source.filename == "small.pdf"
    assert received.source.uri and received.source.uri.startswith("file://")
