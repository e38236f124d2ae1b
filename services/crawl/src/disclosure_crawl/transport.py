"""An httpx transport that connects to the very address it checked.

Checking a name and then letting the HTTP library resolve it again leaves a window in which the
name can change (DNS rebinding). This transport resolves the host once, checks every answer, and
sends the request to the checked IP itself: the URL's host is replaced by the IP, the Host header
keeps the name, and for https the TLS server name (SNI) and certificate check use the name through
httpcore's `sni_hostname` request extension. One inner pool per host name keeps a TLS connection
verified for one name from being reused for another name on the same IP. Proxies from the
environment are not used (a proxy would resolve the name itself).
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from disclosure_crawl.addresses import IPNetwork, Resolver, pick_address, system_resolver


class PinnedTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        *,
        resolver: Resolver = system_resolver,
        allow_private: bool = False,
        allowed_networks: Sequence[IPNetwork] = (),
    ) -> None:
        self.resolver = resolver
        self.allow_private = allow_private
        self.allowed_networks = list(allowed_networks)
        self._pools: dict[str, httpx.AsyncBaseTransport] = {}

    def _pool(self, host: str) -> httpx.AsyncBaseTransport:
        pool = self._pools.get(host)
        if pool is None:
            pool = self._pools[host] = httpx.AsyncHTTPTransport(trust_env=False, retries=0)
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        address = await pick_address(
            host,
            port,
            self.resolver,
            allow_private=self.allow_private,
            allowed=self.allowed_networks,
        )
        extensions = dict(request.extensions)
        if request.url.scheme == "https":
            extensions["sni_hostname"] = host
        pinned = httpx.Request(
            request.method,
            request.url.copy_with(host=address),
            headers=request.headers,  # Host: the name, as built by the client from the original URL
            stream=request.stream,
            extensions=extensions,
        )
        return await self._pool(host).handle_async_request(pinned)

    async def aclose(self) -> None:
        for pool in self._pools.values():
            await pool.aclose()
        self._pools.clear()
