"""The fetcher against the fake portal: pinning to the checked address, politeness, retries."""

from __future__ import annotations

import asyncio
import time

import pytest

from disclosure_crawl.config import FetchPolicy
from disclosure_crawl.fetcher import Fetcher, FetchError, Validators
from disclosure_crawl.testing import FakePortal, Resource, fake_resolver

PDF = b"%PDF-1.4\n" + b"x" * 1000


def policy(**overrides: object) -> FetchPolicy:
    values = {"min_interval_s": 0.0, "deadline_s": 2.0, "attempts": 2, "backoff_s": 0.01}
    return FetchPolicy.model_validate({**values, "allowed_networks": ["127.0.0.0/8"], **overrides})


def allow_portal(host: str | None) -> bool:
    return host in ("portal.test", "private.test")


async def test_connects_to_the_address_it_checked_with_the_name_in_the_host_header(fake_portal: FakePortal):
    fake_portal.pdf("/a.pdf", PDF)
    lookups: list[str] = []

    async def counting(host: str, port: int) -> list[str]:
        lookups.append(host)
        return await fake_resolver(host, port)

    async with Fetcher(policy(respect_robots=False), allow_portal, resolver=counting) as fetcher:
        fetched = await fetcher.fetch(fake_portal.base() + "/a.pdf", expect="pdf")
    # portal.test exists only in the injected resolver: the request reached the server, so the
    # connection went to the address that resolver gave and was checked, with no lookup of its own.
    assert fetched.data == PDF
    assert lookups == ["portal.test"]
    assert fake_portal.host_headers == [f"portal.test:{fake_portal.port}"]


async def test_private_address_is_refused_before_any_connection(fake_portal: FakePortal):
    async with Fetcher(policy(), allow_portal, resolver=fake_resolver) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(fake_portal.base("private.test") + "/g.pdf")
    assert caught.value.reason == "blocked-address"


async def test_loopback_needs_an_explicit_allowance(fake_portal: FakePortal):
    fake_portal.pdf("/a.pdf", PDF)
    strict = FetchPolicy(respect_robots=False, min_interval_s=0)
    async with Fetcher(strict, allow_portal, resolver=fake_resolver) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(fake_portal.base() + "/a.pdf")
    assert caught.value.reason == "blocked-address"
    assert fake_portal.hits["/a.pdf"] == 0


async def test_per_host_pause_and_concurrency_cap(fake_portal: FakePortal):
    for n in range(6):
        fake_portal.put(f"/p{n}.pdf", Resource(PDF, "application/pdf", delay_s=0.15))
    rules = policy(respect_robots=False, per_host_concurrency=2, min_interval_s=0.1)
    async with Fetcher(rules, allow_portal, resolver=fake_resolver) as fetcher:
        started = time.monotonic()
        await asyncio.gather(*(fetcher.fetch(f"{fake_portal.base()}/p{n}.pdf") for n in range(6)))
        elapsed = time.monotonic() - started
    assert fake_portal.max_in_flight == 2
    assert elapsed >= 5 * 0.1  # six starts, at least 0.1 s apart


async def test_transient_failures_are_retried_permanent_ones_are_not(fake_portal: FakePortal):
    fake_portal.put("/flaky.pdf", Resource(PDF, "application/pdf", fail_first=1))
    async with Fetcher(policy(respect_robots=False), allow_portal, resolver=fake_resolver) as fetcher:
        fetched = await fetcher.fetch(fake_portal.base() + "/flaky.pdf", expect="pdf")
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(fake_portal.base() + "/missing.pdf")
    assert fetched.data == PDF and fake_portal.hits["/flaky.pdf"] == 2
    assert caught.value.reason == "http-404" and fake_portal.hits["/missing.pdf"] == 1


async def test_conditional_get_answers_not_modified(fake_portal: FakePortal):
    fake_portal.pdf("/a.pdf", PDF)
    async with Fetcher(policy(respect_robots=False), allow_portal, resolver=fake_resolver) as fetcher:
        first = await fetcher.fetch(fake_portal.base() + "/a.pdf")
        again = await fetcher.fetch(fake_portal.base() + "/a.pdf", validators=first.validators)
        stale = await fetcher.fetch(fake_portal.base() + "/a.pdf", validators=Validators(etag='"old"'))
    assert first.validators.etag and first.validators.last_modified
    assert again.not_modified and again.data == b""
    assert stale.status == 200 and stale.data == PDF


async def test_redirects_are_capped(fake_portal: FakePortal):
    for n in range(4):
        fake_portal.put(f"/r{n}", Resource(status=302, location=f"/r{n + 1}"))
    fake_portal.pdf("/r4", PDF)
    async with Fetcher(
        policy(respect_robots=False, max_redirects=2), allow_portal, resolver=fake_resolver
    ) as f:
        with pytest.raises(FetchError) as caught:
            await f.fetch(fake_portal.base() + "/r0")
    assert caught.value.reason == "too-many-redirects"
    assert fake_portal.hits["/r3"] == 0


async def test_unreadable_robots_txt_means_disallow(fake_portal: FakePortal):
    fake_portal.put("/robots.txt", Resource(b"", status=500))
    fake_portal.pdf("/a.pdf", PDF)
    async with Fetcher(policy(attempts=1), allow_portal, resolver=fake_resolver) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(fake_portal.base() + "/a.pdf")
    assert caught.value.reason == "robots" and fake_portal.hits["/a.pdf"] == 0


async def test_the_deadline_covers_the_whole_response_not_each_read(fake_portal: FakePortal):
    # 20 pieces 0.1 s apart: every read is far quicker than the deadline, the whole is not.
    fake_portal.put("/trickle.pdf", Resource(PDF * 20, "application/pdf", trickle_s=0.1))
    rules = policy(respect_robots=False, deadline_s=0.6, attempts=1)
    async with Fetcher(rules, allow_portal, resolver=fake_resolver) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(fake_portal.base() + "/trickle.pdf")
    assert caught.value.reason == "deadline"
    assert time.monotonic() - started < 1.5


async def test_a_declared_length_over_the_limit_is_refused_before_reading(fake_portal: FakePortal):
    fake_portal.pdf("/big.pdf", PDF * 50)
    async with Fetcher(
        policy(respect_robots=False, max_bytes=10_000), allow_portal, resolver=fake_resolver
    ) as f:
        with pytest.raises(FetchError, match="declares") as caught:
            await f.fetch(fake_portal.base() + "/big.pdf")
    assert caught.value.reason == "too-large"


async def test_robots_txt_is_read_through_a_redirect(fake_portal: FakePortal):
    fake_portal.put("/robots.txt", Resource(status=301, location="/site/robots.txt"))
    fake_portal.put("/site/robots.txt", Resource(b"User-agent: *\nDisallow: /closed/\n", "text/plain"))
    fake_portal.pdf("/closed/a.pdf", PDF)
    fake_portal.pdf("/open/a.pdf", PDF)
    async with Fetcher(policy(), allow_portal, resolver=fake_resolver) as fetcher:
        assert (await fetcher.fetch(fake_portal.base() + "/open/a.pdf")).data == PDF
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(fake_portal.base() + "/closed/a.pdf")
    assert caught.value.reason == "robots" and fake_portal.hits["/closed/a.pdf"] == 0
