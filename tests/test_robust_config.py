"""Issue 13: bad configuration is one plain message naming the file and the line; bounded reading."""
from __future__ import annotations

import time

import pytest

from builders import grid_docx
from conftest import run_cli


@pytest.fixture()
def one_return(tmp_path):
    folder = tmp_path / "2015"
    folder.mkdir()
    grid_docx(folder / "NHS Fife.docx", fill={(0, 0): "Shared newsletter"})
    return folder


@pytest.mark.parametrize("text,line,words", [
    ("corrections:\n  - file: 123\n    drop: true\n    cell: T1 R2C2\n", 2, "file"),
    ("corrections:\n  - file: NHS Fife.docx\n    set: NHS Fife\n", 3, "set"),
    ("corrections:\n  - file: NHS Fife.docx\n    sett: {board: NHS Fife}\n", 3, "unknown key 'sett'"),
    ("- file: NHS Fife.docx\n  set: {board: NHS Fife}\n", 1, "list"),
    ("corrections: []\nextra: 1\n", 2, "unknown key 'extra'"),
    ("corrections:\n  - file: NHS Fife.docx\n    set: {round: 99999}\n", 3, "round"),
    ("corrections:\n  - file: [unclosed\n", 3, "not valid YAML"),
])
def test_bad_corrections_name_the_line(tmp_path, one_return, text, line, words):
    path = tmp_path / "corrections.yaml"
    path.write_text(text)
    result = run_cli(["ingest", "--db", tmp_path / "s.sqlite", "--corrections", path, one_return])
    assert result.exit_code == 2, result.output
    assert f"line {line}" in result.output and words in result.output, result.output
    assert "report it" not in result.output


def test_yaml_alias_bomb_is_refused_quickly(tmp_path, one_return):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("corrections: *a9")
    path = tmp_path / "corrections.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size < 1000
    start = time.monotonic()
    result = run_cli(["ingest", "--db", tmp_path / "s.sqlite", "--corrections", path, one_return])
    assert time.monotonic() - start < 10
    assert result.exit_code == 2 and "aliases" in result.output


def test_malformed_themes_file_is_one_message_not_22_failures(tmp_path, one_return):
    path = tmp_path / "themes.yaml"
    path.write_text("themes:\n  - id: carers\n    keywords: carers\n")
    result = run_cli(["ingest", "--db", tmp_path / "s.sqlite", "--themes", path, one_return])
    assert result.exit_code == 2
    assert "line 3" in result.output and "keywords" in result.output
    assert "read-error" not in result.output


def test_theme_tagging_of_one_huge_cell_is_bounded():
    import random
    from matrix_synth.themes import load
    rng = random.Random(1)
    taxonomy = load(None)
    words = [kw.rstrip("*") + "".join(rng.choice("abcdefgh") for _ in range(4))
             for t in taxonomy.themes for kw in t.keywords]
    text = " ".join(rng.choice(words) for _ in range(120_000))  # ~1 MB of distinct keyword-like words
    start = time.monotonic()
    taxonomy.tag(text)
    assert time.monotonic() - start < 2
