"""What PinnedTransport hands to the connection pool: the checked IP, the name for Host and TLS."""

from __future__ import annotations

import httpx

from disclosure_crawl.transport import PinnedTransport


async def test_https_request_goes_to_the_checked_ip_with_the_name_for_sni_and_host() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"ok")

    async def resolver(_host: str, _port: int) -> list[str]:
        return ["93.184.216.34"]

    transport = PinnedTransport(resolver=resolver)
    transport._pools["www.example.gov.cn"] = httpx.MockTransport(answer)
    async with httpx.AsyncClient(transport=transport) as client:
        response = await client.get("https://www.example.gov.cn:8443/yjs/index.shtml?page=2")
    [sent] = seen
    assert response.text == "ok"
    assert str(sent.url) == "https://93.184.216.34:8443/yjs/index.shtml?page=2"
    assert sent.headers["host"] == "www.example.gov.cn:8443"
    assert sent.extensions["sni_hostname"] == "www.example.gov.cn"
    # The client still sees the URL it asked for.
    assert str(response.request.url) == "https://www.example.gov.cn:8443/yjs/index.shtml?page=2"


async def test_ipv6_answers_are_bracketed_in_the_pinned_url() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    async def resolver(_host: str, _port: int) -> list[str]:
        return ["2001:4860:4860::8888"]

    transport = PinnedTransport(resolver=resolver)
    transport._pools["v6.example"] = httpx.MockTransport(answer)
    async with httpx.AsyncClient(transport=transport) as client:
        await client.get("http://v6.example/a.pdf")
    assert str(seen[0].url) == "http://[2001:4860:4860::8888]/a.pdf"
    assert "sni_hostname" not in seen[0].extensions
