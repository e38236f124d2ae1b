"""Prints the API's OpenAPI document; docs/api/openapi.json is this output, committed.

uv run python -m disclosure_api.openapi > docs/api/openapi.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

from disclosure_api.app import create_app


def document() -> dict[str, Any]:
    return create_app().openapi()


def text() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(text())
