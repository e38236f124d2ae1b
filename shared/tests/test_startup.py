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
load_on_first_use("colorsys")
import colorsys  # an import statement alone does not run it
ran_before = "rgb_to_hsv" in vars(colorsys)
hsv = colorsys.rgb_to_hsv(1.0, 0.0, 0.0)
print(ran_before, "rgb_to_hsv" in vars(colorsys), hsv == (0.0, 1.0, 1.0))
load_on_first_use("no_such_module_here")
print("no_such_module_here" in sys.modules)
"""


def test_a_module_loaded_on_first_use_runs_only_when_used() -> None:
    done = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "True", "False"]
