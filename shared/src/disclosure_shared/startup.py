"""Start-up imports with the garbage collector paused, and modules loaded on their first use."""

from __future__ import annotations

import gc
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Modules imported at start-up live as long as the process, so none of their objects is garbage;
    the collector's passes over them while they are built cost about a tenth of the import time
    (pydantic's schemas, the rule catalog's patterns)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_on_first_use(name: str) -> None:
    """Put module `name` in sys.modules unexecuted: it runs when one of its attributes is first read.
    For a dependency's import of a module it rarely uses: pdfminer imports charset_normalizer as it
    starts (about 2% of `process` on one file) for a fallback that decodes a bytes string of unknown
    encoding. Nothing happens when the module is imported already or missing. (importlib's LazyLoader
    does not do here: `import name` reads the module's __spec__, which loads it.)"""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    loader = spec.loader
    module = importlib.util.module_from_spec(spec)

    def load(attribute: str) -> object:  # PEP 562: asked for the attributes the module lacks
        del module.__dict__["__getattr__"]
        loader.exec_module(module)
        return getattr(module, attribute)

    module.__dict__["__getattr__"] = load
    sys.modules[name] = module
