"""matrix-synth: read returned Engagement Matrices into a dataset and an overview report.

Everything the command line does is a library call:

    from matrix_synth import Store, ingest, check, export, build_report
    store = Store("matrix-synth.sqlite")
    ingest(["returns/"], store)
    build_report(store, "docx", "overview.docx")
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Store", "ingest", "check", "export", "build_report", "read_document", "detect"]


def __getattr__(name: str):  # lazy: importing the package must stay cheap for the CLI
    if name == "Store":
        from .store import Store
        return Store
    if name in ("ingest", "check"):
        from . import pipeline as mod
        return getattr(mod, name)
    if name == "export":
        from .export import export
        return export
    if name == "build_report":
        from .render import build_report
        return build_report
    if name == "read_document":
        from .readers import read_document
        return read_document
    if name == "detect":
        from .detect import detect
        return detect
    raise AttributeError(name)
