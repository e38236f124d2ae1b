import pytest

from disclosure_shared.settings import PipelineSettings


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
