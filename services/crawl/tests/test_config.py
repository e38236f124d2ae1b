"""Portal files: validated at load with errors that name the file; presets; bare start URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_crawl.config import ConfigError, load_portal, load_preset, preset_names, resolve_portal

PRESETS = {"qiaokou", "qingshan", "hannan", "wuchang", "wuhan", "putuo", "jiangsu"}


def test_every_preset_loads_and_says_it_is_unverified() -> None:
    assert set(preset_names()) == PRESETS
    for name in PRESETS:
        portal = load_preset(name)
        assert portal.name == name
        assert portal.verified is False and portal.note
        assert all(portal.allows_host(u.split("/")[2]) for u in portal.start_urls)
        assert portal.fetch.min_interval_s >= 1.0 and not portal.fetch.allow_private_networks


def test_a_bare_start_url_gets_default_rules() -> None:
    portal = resolve_portal("http://www.example.gov.cn/zwgk/czyjs/index.shtml")
    assert portal.name == "www-example-gov-cn"
    assert portal.allowed_hosts == ["www.example.gov.cn"]
    assert portal.pagination.style == "auto"
    assert not portal.allows_host("evil.example.com")
    assert not portal.allows_host("sub.www.example.gov.cn")


def test_wildcard_hosts() -> None:
    portal = resolve_portal("http://a.example.gov.cn/")
    wild = portal.model_copy(update={"allowed_hosts": ["*.example.gov.cn"]})
    assert wild.allows_host("files.example.gov.cn") and wild.allows_host("example.gov.cn")
    assert not wild.allows_host("example.gov.cn.evil.com") and not wild.allows_host("badexample.gov.cn")


def test_a_toml_portal_file(tmp_path: Path) -> None:
    path = tmp_path / "district.toml"
    path.write_text(
        """
schema_version = 1
name = "district"
start_urls = ["http://portal.example/yjs/"]
[pagination]
style = "template"
template = "list_{n}.html"
[titles]
organization_pattern = '^(?P<org>.+?)\\d{4}年'
""",
        encoding="utf-8",
    )
    portal = resolve_portal(str(path))
    assert portal.pagination.template == "list_{n}.html"
    assert portal.titles.organization_pattern is not None


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ('name = "x"\nstart_urls = ["ftp://h/"]', "not an http(s) URL"),
        ('name = "x"\nstart_urls = ["http://h/"]\nstart_url = "typo"', "start_url"),
        ('name = "x"\nstart_urls = ["http://h/"]\n[pagination]\nstyle = "template"', "{n}"),
        ('name = "x"\nstart_urls = ["http://h/"]\n[titles]\ninclude = ["("]', "invalid regular expression"),
        ('name = "x"\nstart_urls = ["http://h/"]\n[titles]\norganization_pattern = "(.+)年"', "named org"),
        ('schema_version = 2\nname = "x"\nstart_urls = ["http://h/"]', "schema_version"),
        ('name = "x"\nstart_urls = [', "district.toml"),
    ],
)
def test_bad_files_are_refused_with_the_file_and_the_reason(
    tmp_path: Path, body: str, complaint: str
) -> None:
    path = tmp_path / "district.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_portal(path)
    assert "district.toml" in str(caught.value) and complaint in str(caught.value)


def test_unknown_preset_lists_the_presets() -> None:
    with pytest.raises(ConfigError, match="qiaokou"):
        load_preset("nowhere")
