"""matrix-synth: read returned Engagement Matrices into a dataset and an overview report.

Everything the command line does is a library call:

    from matrix_synth import Store, ingest, check, export_placements, build_report
    store = Store("matrix-synth.sqlite")
    ingest(["returns/"], store)
    build_report(store, "docx", "overview.docx")
    export_placements(store, "xlsx", "returns.xlsx")
    f = frames("matrix-synth.sqlite")        # pandas DataFrames: f.placements, f.returns, …

The functions have names of their own, so none is shadowed by a module of the same name
(matrix_synth.export and matrix_synth.detect are modules; the functions are export_placements
and detect_matrices).
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Store", "ingest", "check", "export_placements", "build_report", "read_document", "detect_matrices",
           "review_items", "serve_review", "frames"]


def __getattr__(name: str):  # lazy: importing the package must stay cheap for the CLI
    if name == "Store":
        from .store import Store
        return Store
    if name in ("ingest", "check"):
        from . import pipeline as mod
        return getattr(mod, name)
    if name == "export_placements":
        from .export import export
        return export
    if name == "build_report":
        from .render import build_report
        return build_report
    if name == "read_document":
        from .readers import read_document
        return read_document
    if name == "detect_matrices":
        from .detect import detect
        return detect
    if name == "review_items":
        from .review import review_items
        return review_items
    if name == "frames":
        from .dataframes import frames
        return frames
    if name == "serve_review":
        from .review_server import serve
        return serve
    raise AttributeError(name)
