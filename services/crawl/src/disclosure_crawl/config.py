"""Portal configuration: one versioned TOML file per portal, validated when it is loaded.

A portal names its start URLs (the 预决算公开 columns), how its list pages paginate, which links
lead to detail pages and attachments, which titles count as disclosures, and which hosts may be
fetched. Every section has defaults that fit the common government CMSs, so a bare start URL works.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CONFIG_SCHEMA_VERSION = 1


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt option must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    return pattern


class Pagination(Strict):
    """How a list page leads to its further pages.

    script    the page count only inside a call like createPageHTML(12, 0, "index", "shtml"):
              pages index.shtml, index_1.shtml … index_11.shtml
    template  numbered pages from a template, e.g. "?page={n}" or "list_{n}.html", relative to the
              start URL; numbering starts at `first` and stops at the first page without new entries
    links     follow pagination links whose href matches `link_pattern`
    auto      script when the page has the call, otherwise links
    none      the start page only
    """

    style: Literal["auto", "script", "template", "links", "none"] = "auto"
    template: str | None = None
    first: int = 2
    link_pattern: str = r"(?:index_\d+\.s?html?|list_\d+\.s?html?|[?&]page=\d+)$"

    _check_pattern = field_validator("link_pattern")(_compiles)

    @model_validator(mode="after")
    def _template_needs_n(self) -> Pagination:
        if self.style == "template" and (not self.template or "{n}" not in self.template):
            raise ValueError('pagination style "template" needs a template containing {n}')
        return self


class Links(Strict):
    """Which anchors matter on list and detail pages."""

    list_selector: str = "a[href]"
    """CSS selector of the anchors of list entries (and sub-columns) on a list page."""
    attachment_selector: str = "a[href]"
    """CSS selector of attachment anchors on a detail page."""
    column_pattern: str = r"(?:/|/index\.s?html?|/list(?:_1)?\.s?html?)$"
    """A link to a nested column (a further list page) has an href like this and a column title."""
    column_keywords: list[str] = Field(default_factory=lambda: ["预决算", "预算", "决算", "三公"])
    max_column_depth: int = Field(default=2, ge=0)
    detail_pattern: str = r"\.(?:s?html?|jsp|aspx?|php)$"
    """An entry whose title counts and whose href matches this is a detail page."""
    attachment_extensions: list[str] = Field(default_factory=lambda: [".pdf"])
    skip_extensions: list[str] = Field(
        default_factory=lambda: [".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".zip", ".rar", ".7z"]
    )
    """Attachments of these kinds are recorded with a reason and not fetched (the pipeline reads PDFs)."""
    article_selector: str | None = None
    """CSS selector of the article on a detail page that publishes its disclosure inline (tables in
    the page, no attachment); default: the element around the page's tables."""

    _check_patterns = field_validator("column_pattern", "detail_pattern")(_compiles)


class Recheck(Strict):
    """How often known detail pages and attachments are asked again. List pages are read on every
    run and a URL never seen before is always fetched; a known one changed (or first seen) within
    `every_run_days` is asked on every run; an older one once `backoff` times its age since it last
    changed has passed since it was last asked, at most `max_interval_days` apart. Each unchanged
    answer so lengthens the wait by the factor 1 + backoff (an exponential back-off, capped)."""

    every_run_days: float = Field(default=7.0, ge=0)
    backoff: float = Field(default=0.5, ge=0)
    """0: every known URL is asked on every run."""
    max_interval_days: float = Field(default=30.0, gt=0)


class Titles(Strict):
    """Which titles count as disclosures, and how year and organization are read from them."""

    include: list[str] = Field(
        default_factory=lambda: [
            "部门预算",
            "单位预算",
            "部门决算",
            "单位决算",
            "三公经费",
            "预算公开",
            "决算公开",
            r"\d{2}\s*年度?预算$",
        ]
    )
    exclude: list[str] = Field(
        default_factory=lambda: [
            "政府预算",
            "政府决算",
            "政府性基金",
            "总预算",
            "总决算",
            "预算执行",
            "预算调整",
            "审计",
            "征求意见",
            "采购",
            "招标",
            "绩效评价",
        ]
    )
    require_year: bool = True
    """A title without a year is a column name ("部门预算"), not a disclosure."""
    year_pattern: str = r"(?<!\d)(20\d{2}|\d{2})\s*(?:年度?|度)"
    organization_pattern: str | None = None
    """A regex with a group named `org`; without it the title minus year and kind words is used."""

    _check_patterns = field_validator("include", "exclude", mode="after")(
        lambda patterns: [_compiles(p) for p in patterns]
    )
    _check_year = field_validator("year_pattern")(_compiles)

    @field_validator("organization_pattern")
    @classmethod
    def _org_group(cls, pattern: str | None) -> str | None:
        if pattern is not None and "(?P<org>" not in _compiles(pattern):
            raise ValueError("organization_pattern needs a group named org: (?P<org>...)")
        return pattern


class FetchPolicy(Strict):
    """Politeness and safety bounds of every request made for this portal."""

    user_agent: str = "disclosure-crawl/0.1 (+budget disclosure archive; polite crawler)"
    min_interval_s: float = Field(default=1.0, ge=0)
    """Pause between two requests to one host (robots.txt Crawl-delay raises it)."""
    per_host_concurrency: int = Field(default=2, ge=1)
    deadline_s: float = Field(default=60.0, gt=0)
    """Total time for one request, connect to last byte (a slow trickle cannot hold a worker)."""
    max_bytes: int = Field(default=100 * 1024 * 1024, gt=0)
    max_redirects: int = Field(default=5, ge=0)
    attempts: int = Field(default=3, ge=1)
    backoff_s: float = Field(default=1.0, ge=0)
    max_backoff_s: float = Field(default=30.0, ge=0)
    respect_robots: bool = True
    allow_private_networks: bool = False
    """Tests only: allow loopback/private addresses (or just `allowed_networks`)."""
    allowed_networks: list[str] = Field(default_factory=list)
    """Non-public networks that may be connected to (e.g. 127.0.0.0/8 for a loopback test portal)."""


class PortalConfig(Strict):
    schema_version: Literal[1] = 1
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = ""
    region: str | None = None
    verified: bool = False
    """True only when the start URLs and rules were checked against the live site."""
    note: str = ""
    start_urls: list[str] = Field(min_length=1)
    allowed_hosts: list[str] = Field(default_factory=list)
    """Hosts that may be fetched ("*.example.gov.cn" for subdomains); default: the start URLs' hosts."""
    interval_minutes: int = Field(default=24 * 60, ge=1)
    max_pages: int = Field(default=50, ge=1)
    """List pages read per start URL (nested columns included)."""
    pagination: Pagination = Pagination()
    links: Links = Links()
    titles: Titles = Titles()
    fetch: FetchPolicy = FetchPolicy()
    recheck: Recheck = Recheck()

    @field_validator("start_urls")
    @classmethod
    def _http_urls(cls, urls: list[str]) -> list[str]:
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"start URL {url!r} is not an http(s) URL")
        return urls

    @model_validator(mode="after")
    def _default_hosts(self) -> PortalConfig:
        if not self.allowed_hosts:
            hosts = sorted({urlsplit(u).hostname or "" for u in self.start_urls})
            object.__setattr__(self, "allowed_hosts", hosts)
        return self

    def allows_host(self, host: str | None) -> bool:
        if not host:
            return False
        host = host.lower().rstrip(".")
        for allowed in self.allowed_hosts:
            allowed = allowed.lower()
            if allowed.startswith("*.") and (host.endswith(allowed[1:]) or host == allowed[2:]):
                return True
            if host == allowed:
                return True
        return False


class ConfigError(ValueError):
    """A portal file that cannot be read or does not validate; the message names the file."""


def load_portal(path: Path) -> PortalConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    try:
        return PortalConfig.model_validate(data)
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def preset_names() -> list[str]:
    folder = resources.files("disclosure_crawl") / "portals"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def load_preset(name: str) -> PortalConfig:
    folder = resources.files("disclosure_crawl") / "portals"
    with resources.as_file(folder / f"{name}.toml") as path:
        if not path.is_file():
            raise ConfigError(f"no portal preset {name!r}; presets: {', '.join(preset_names())}")
        return load_portal(path)


def portal_for_url(url: str, **overrides: object) -> PortalConfig:
    """A portal from a bare start URL with the default rules."""
    host = urlsplit(url).hostname or "portal"
    name = re.sub(r"[^a-z0-9_-]+", "-", host.lower()).strip("-") or "portal"
    return PortalConfig.model_validate({"name": name, "start_urls": [url], **overrides})


def resolve_portal(argument: str) -> PortalConfig:
    """A CLI argument: a URL, a path to a TOML file, or a preset name."""
    if "://" in argument:
        return portal_for_url(argument)
    path = Path(argument)
    if path.suffix == ".toml" or path.exists():
        return load_portal(path)
    return load_preset(argument)
