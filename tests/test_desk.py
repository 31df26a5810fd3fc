"""The analyst's desk: the public API and the README's Python example, the CLI's one grammar, what the
test machine can run, and no POSIX-only code path."""
from __future__ import annotations

import os
import re
import shutil
import stat
import sys

import pytest

from conftest import REPO, _check, run_cli

README = os.path.join(REPO, "README.md")


def _python_blocks() -> list[str]:
    with open(README, encoding="utf-8") as fh:
        return re.findall(r"```python\n(.*?)```", fh.read(), flags=re.S)


def test_public_api_names_are_functions_not_modules():
    import importlib

    import matrix_synth
    importlib.import_module("matrix_synth.export")
    importlib.import_module("matrix_synth.detect")
    from matrix_synth import (Store, build_report, check, detect_matrices, export_placements, ingest,  # noqa: F401
                              read_document, review_items)
    for name in matrix_synth.__all__:
        obj = getattr(matrix_synth, name)
        assert callable(obj) and not isinstance(obj, type(os)), name


def test_readme_python_example_runs(samples_dir, tmp_path, monkeypatch, capsys):
    blocks = _python_blocks()
    assert blocks, "the README has a Python example"
    shutil.copytree(samples_dir, tmp_path / "sample_returns")
    monkeypatch.chdir(tmp_path)
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert (tmp_path / "overview-2014.docx").stat().st_size > 10_000
    assert (tmp_path / "returns-2014.xlsx").exists()
    assert capsys.readouterr().out.startswith("0 ")


def test_capability_check_tells_writer_from_calc(tmp_path, monkeypatch):
    """A LibreOffice with Writer but no Calc: soffice is on the PATH, yet spreadsheets cannot convert."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n# converts documents only\nfor a; do last=$a; done\n"
                    "case \"$last\" in *.html) out=\"$(dirname \"$last\")/probe.odt\"; echo x > \"$out\";; esac\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    if sys.platform.startswith("win"):
        pytest.skip("a shell script stands in for soffice")
    assert shutil.which("soffice") == str(fake)
    assert _check("writer")[0] is True
    ok, reason = _check("calc")
    assert ok is False and "Calc" in reason
