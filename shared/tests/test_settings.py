import os

import pytest
from pydantic import ValidationError

from disclosure_shared.settings import PipelineSettings, environment_limits


def test_conventional_variables_fill_the_endpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "10.0.0.1:9092")
    monkeypatch.setenv("MONGODB_URI", "mongodb://db:27017/")
    settings = PipelineSettings()
    assert settings.kafka.bootstrap_servers == "10.0.0.1:9092"
    assert settings.mongo.uri == "mongodb://db:27017/"


def test_prefixed_nested_variables_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "plain:1")
    monkeypatch.setenv("DISCLOSURE_KAFKA__BOOTSTRAP_SERVERS", "prefixed:2")
    monkeypatch.setenv("DISCLOSURE_KAFKA__TOPIC_PREFIX", "t1.")
    monkeypatch.setenv("DISCLOSURE_LIMITS__MAX_PAGES", "7")
    settings = PipelineSettings()
    assert settings.kafka.bootstrap_servers == "prefixed:2"
    assert settings.kafka.topic("disclosure.fetched") == "t1.disclosure.fetched"
    assert settings.limits.max_pages == 7


LIMITS_ENVIRONMENTS = [
    {},
    {
        "DISCLOSURE_LIMITS__MAX_PAGES": "7",
        "DISCLOSURE_LIMITS__OCR_ENABLED": "false",
        "disclosure_limits__document_seconds": "0.5",
    },
    {"DISCLOSURE_LIMITS": '{"max_pages": 9, "ocr_dpi": 150}', "DISCLOSURE_LIMITS__MAX_PAGES": "11"},
    {"DISCLOSURE_LIMITS__MAX_PAGES": "", "DISCLOSURE_LIMITS__NOT_A_LIMIT": "1"},
]


@pytest.mark.parametrize("environment", LIMITS_ENVIRONMENTS)
def test_the_limits_read_without_pydantic_settings_are_the_pipeline_settings_limits(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str]
) -> None:
    for name in list(os.environ):
        if name.upper().startswith("DISCLOSURE_LIMITS"):
            monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert environment_limits() == PipelineSettings().limits


def test_limit_variables_override_the_json_section(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCLOSURE_LIMITS", '{"max_pages": 9, "ocr_dpi": 150}')
    monkeypatch.setenv("DISCLOSURE_LIMITS__MAX_PAGES", "11")
    monkeypatch.setenv("disclosure_limits__ocr_enabled", "0")
    limits = environment_limits()
    assert (limits.max_pages, limits.ocr_dpi, limits.ocr_enabled) == (11, 150, False)


def test_a_limit_that_is_not_a_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCLOSURE_LIMITS__MAX_PAGES", "many")
    with pytest.raises(ValidationError):
        environment_limits()
