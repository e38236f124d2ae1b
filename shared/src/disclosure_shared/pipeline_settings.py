"""The whole pipeline's configuration read from the environment (prefix DISCLOSURE_, nested with "__").

Apart from settings.py, which holds the sections: pydantic-settings costs about 0.1 s to import, and
`disclosures process` reads only the limits (`settings.environment_limits`). `PipelineSettings` is
still imported from disclosure_shared.settings, which loads this module on first use.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from disclosure_shared.settings import (
    BlobSettings,
    KafkaSettings,
    Limits,
    MongoSettings,
    OpsSettings,
    RetrySettings,
)


class PipelineSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DISCLOSURE_", env_nested_delimiter="__", extra="ignore", env_ignore_empty=True
    )

    kafka: KafkaSettings = KafkaSettings()
    mongo: MongoSettings = MongoSettings()
    blobs: BlobSettings = BlobSettings()
    limits: Limits = Limits()
    retry: RetrySettings = RetrySettings()
    ops: OpsSettings = OpsSettings()
    cpu_workers: int = 0
    """Processes for CPU-bound parsing in the parse service; 0 = one per core."""

    @model_validator(mode="before")
    @classmethod
    def _plain_env_names(cls, data: Any) -> Any:
        """Fill kafka/mongo endpoints from the conventional unprefixed variables when set."""
        if not isinstance(data, dict):
            return data
        plain = {
            ("kafka", "bootstrap_servers"): os.environ.get("KAFKA_BOOTSTRAP_SERVERS"),
            ("mongo", "uri"): os.environ.get("MONGODB_URI"),
        }
        for (section, key), value in plain.items():
            if not value:
                continue
            current = data.get(section)
            merged = (
                dict(current)
                if isinstance(current, dict)
                else (current.model_dump() if isinstance(current, BaseModel) else {})
            )
            merged.setdefault(key, value)
            data[section] = merged
        return data
