"""Importing the parser leaves charset_normalizer unexecuted until pdfminer needs it."""

from __future__ import annotations

import subprocess
import sys

RUN = """
import sys
import disclosure_parse.extraction  # pdfminer and pdfplumber, as a worker preloads them
loaded_before = "charset_normalizer.api" in sys.modules
import pdfminer.utils
guess = pdfminer.utils.make_compat_str("Ãé".encode("latin-1") * 20)  # bytes: pdfminer asks charset_normalizer
print(loaded_before, "charset_normalizer.api" in sys.modules, isinstance(guess, str))
"""


def test_charset_normalizer_runs_when_pdfminer_first_guesses_an_encoding() -> None:
    done = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "True"]
