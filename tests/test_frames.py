"""matrix_synth.frames (module dataframes.py): the store as pandas DataFrames with names, not ids."""
from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd

import matrix_synth
from matrix_synth.schema import FUNCTION_LABELS


def test_frames_have_names_not_ids(sample_store):
    f = matrix_synth.frames(sample_store.path, round_=2013)
    p = f.placements
    assert len(p) == len(sample_store.placements(2013))
    assert set(p["function"]) <= set(FUNCTION_LABELS.values())
    assert "NHS Fife" in set(p["board"]) and "fife" not in set(p["board"]) and "fife" in set(p["board_id"])
    assert list(p["level_name"].cat.categories) == ["1 Inform", "2 Consult", "3 Involve", "4 Collaborate", "5 Empower"]
    # themes: a list column of names, and one 0/1 column per theme, row for row
    carers = p["themes"].map(lambda ts: "Carers" in ts)
    assert carers.any() and (f.theme_flags["Carers"] == carers.astype(int)).all()
    assert set(f.theme_flags.to_numpy().ravel()) <= {0, 1} and f.theme_flags.index.equals(p.index)
    assert {"board", "topic", "partners", "layout", "placements"} <= set(f.returns.columns)
    assert len(f.returns) == len(sample_store.returns(2013))
    assert {"text", "reason", "location", "board"} <= set(f.unplaced.columns)
    assert {"section", "text", "board"} <= set(f.free_text.columns)


def test_the_readme_pivot(sample_store):
    f = matrix_synth.frames(sample_store.path, round_=2013)
    table = pd.crosstab([f.placements.board, f.placements.function], f.placements.level_name)
    assert table.to_numpy().sum() == len(f.placements)
    by_function = pd.crosstab(f.placements.function, f.placements.level_name)
    grid = {(r["function"], r["level"]) for r in sample_store.placements(2013)}
    assert (by_function.to_numpy() > 0).sum() == len(grid)
    # counting activities, a range '2-3' once
    assert f.placements.count_once.sum() <= len(f.placements)


def test_personal_data_left_out_unless_asked(sample_store):
    plain = matrix_synth.frames(sample_store.path, round_=2013)
    assert not {"completed_by", "role", "signoff", "contacts"} & set(plain.returns.columns)
    assert not plain.placements["text"].str.contains("@", regex=False).any()
    full = matrix_synth.frames(sample_store.path, round_=2013, include_personal=True)
    assert "completed_by" in full.returns.columns and full.returns["completed_by"].fillna("").str.len().sum() > 0


def test_help_and_ingest_never_import_pandas(tmp_path):
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sample = os.path.join(here, "sample_returns", "2013", "fife-engagement-matrix-2013.docx")
    code = ("import sys\nfrom matrix_synth.cli import main\n"
            f"sys.argv=['matrix-synth','ingest',{sample!r},'--db',{str(tmp_path / 's.sqlite')!r},'--jobs','1']\n"
            "try:\n main()\nexcept SystemExit: pass\nprint('PANDAS', 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "PANDAS False" in out and "new" in out
