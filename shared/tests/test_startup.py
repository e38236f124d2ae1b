import gc
import subprocess
import sys

import pytest

from disclosure_shared.startup import collector_paused


def test_the_collector_is_paused_inside_and_enabled_again_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failed_import_enables_the_collector_again() -> None:
    with pytest.raises(ModuleNotFoundError), collector_paused():
        import disclosure_shared.no_such_module  # type: ignore[import-not-found]  # noqa: F401
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


LAZY = """
import sys
from disclosure_shared.startup import load_on_first_use
load_on_first_use("charset_normalizer")
import pdfminer.utils
loaded_before = "charset_normalizer.api" in sys.modules
guess = pdfminer.utils.make_compat_str("Ãé".encode("latin-1") * 20)  # bytes: pdfminer asks charset_normalizer
print(loaded_before, "charset_normalizer.api" in sys.modules, isinstance(guess, str))
load_on_first_use("no_such_module_here")
print("no_such_module_here" in sys.modules)
"""


def test_a_module_loaded_on_first_use_runs_only_when_used() -> None:
    done = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "True", "False"]
