import asyncio
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from disclosure_ingest.fetching import check_url, fetch_url, read_file
from disclosure_shared.errors import FetchFailed, SourceUnavailable, TooLarge, UnsafeUrl
from disclosure_shared.netsafety import is_public, safe_filename
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


# ---- trust nothing (issue 15) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
        "::127.0.0.1",  # IPv4-compatible loopback
        "::ffff:10.0.0.1",  # IPv4-mapped private
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo whose client is 10.0.0.1
        "fe80::1",
        "ff02::1",
    ],
)
def test_ipv6_disguises_of_private_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860:4860::8888", "64:ff9b::808:808"])
def test_public_addresses_are_public(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


async def test_a_host_resolving_to_a_disguised_private_address_is_refused(monkeypatch) -> None:
    async def resolve(host, port, **kwargs):
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("64:ff9b::a9fe:a9fe", port, 0, 0))]

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", resolve)
    with pytest.raises(UnsafeUrl, match="non-public"):
        await check_url("http://metadata.example/latest", Limits())


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("a\x00b\x1b[31m.pdf", "ab[31m.pdf"),
        ("...hidden.pdf", "hidden.pdf"),
        ("..", None),
        ("", None),
    ],
)
def test_file_names_from_the_network_are_made_safe(given: str, kept: str | None) -> None:
    assert safe_filename(given) == kept


async def test_a_content_disposition_path_is_stored_as_its_last_component() -> None:
    headers = {"Content-Disposition": 'attachment; filename="../../etc/x.pdf"'}
    with serve({"/d": (200, headers, PDF)}) as base:
        received = await fetch_url(base + "/d", LOCAL)
    assert received.source.filename == "x.pdf"


@contextmanager
def dripping(interval_s: float, total: int) -> Iterator[str]:
    """A server that sends one byte of a PDF every `interval_s` seconds."""

    class Drip(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(total))
            self.end_headers()
            try:
                for _ in range(total):
                    self.wfile.write(b"%")
                    self.wfile.flush()
                    time.sleep(interval_s)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *_: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def test_a_server_dripping_bytes_cannot_hold_a_fetch_past_its_deadline() -> None:
    limits = LOCAL.model_copy(update={"fetch_timeout_s": 2.0, "fetch_deadline_s": 1.5})
    with dripping(0.2, 100) as base:  # each read arrives in time; the whole would take 20 s
        started = time.monotonic()
        with pytest.raises(SourceUnavailable, match="not fetched within"):
            await fetch_url(base + "/slow.pdf", limits)
    assert time.monotonic() - started < 5


async def test_the_checked_address_is_the_one_connected_to(monkeypatch) -> None:
    """The name is resolved once, by the check; the connection goes to that address with the name
    in the Host header (so a second DNS answer cannot redirect it)."""
    seen: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get("Host", ""))
            self.send_response(200)
            self.send_header("Content-Length", str(len(PDF)))
            self.end_headers()
            self.wfile.write(PDF)

        def log_message(self, *_: object) -> None:
            return

    lookups: list[str] = []

    async def resolve(host, port, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", resolve)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        received = await fetch_url(f"http://portal.invalid:{port}/a.pdf", LOCAL)
    finally:
        server.shutdown()
        server.server_close()
    assert received.data == PDF
    assert lookups == ["portal.invalid"] and seen == [f"portal.invalid:{port}"]
