"""Issue 13, done means: a few hundred mutants of the sample returns (fixed seeds) are each reported, with
no traceback, no 'report it', valid JSON, and peak memory under 1.5 GB."""
from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
import time
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = sorted(os.path.join(dp, n) for dp, _, ns in os.walk(os.path.join(REPO, "sample_returns")) for n in ns
               if n.endswith((".docx", ".xlsx")))
N_MUTANTS = 300

_NUM_ATTR = re.compile(rb'(\s[\w:]+=")(\d+)(")')


def _mutate_xml(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(9)
    if kind == 0:  # a count or size far beyond any matrix
        hits = list(_NUM_ATTR.finditer(data))
        if hits:
            m = rng.choice(hits)
            big = rng.choice([b"1000000000", b"-1", b"x", b"", b"99999999999999999999", b"1e9"])
            return data[:m.start(2)] + big + data[m.end(2):]
    if kind == 1:
        return data[: rng.randrange(len(data))]  # truncated
    if kind == 2:  # a DTD with an entity, perhaps after a long comment
        pad = b"<!--" + b"x" * rng.choice([0, 70_000]) + b"-->" if rng.random() < 0.5 else b""
        head, sep, rest = data.partition(b"?>")
        return head + sep + pad + b'<!DOCTYPE x [<!ENTITY e "EXPANDED">]>' + rest.replace(b"<w:t>", b"<w:t>&e;", 1)
    if kind == 3:  # UTF-16
        return data.decode("utf-8", "replace").replace("UTF-8", "UTF-16").encode("utf-16")
    if kind == 4:  # control characters and escape sequences in text
        return data.replace(b"<w:t>", b"<w:t>\x1b[31m", 3).replace(b"<t>", b"<t>\x1b]0;x\x07", 3)
    if kind == 5:  # an element repeated
        m = re.search(rb"<(w:tc|c|row|w:tr)\b[^>]*>.*?</\1>", data, re.S)
        if m:
            return data[:m.end()] + m.group(0) * rng.choice([50, 500]) + data[m.end():]
    if kind == 6:  # deep nesting
        depth = rng.choice([100, 1000])
        inner = b"<w:tbl><w:tr><w:tc>" * depth + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * depth
        return data.replace(b"<w:body>", b"<w:body>" + inner, 1)
    if kind == 7:  # a span or repeat added
        return data.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="100000000"/>', 1).replace(
            b"<c ", b'<c r="XFD1048576" ', 1)
    pos = rng.randrange(len(data))  # random bytes
    return data[:pos] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16))) + data[pos:]


def _mutant(src: str, dst: str, rng: random.Random) -> None:
    raw = open(src, "rb").read()
    how = rng.random()
    if how < 0.6:
        with zipfile.ZipFile(src) as zin:
            infos = zin.infolist()
            xml_parts = [i.filename for i in infos if i.filename.endswith(".xml")]
            target = rng.choice([p for p in xml_parts if p.startswith(("word/document", "xl/worksheets",
                                                                       "xl/sharedStrings", "xl/workbook"))]
                                or xml_parts)
            with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
                for info in infos:
                    data = zin.read(info)
                    if info.filename == target:
                        data = _mutate_xml(data, rng)
                    zout.writestr(info.filename, data)
        return
    data = bytearray(raw)
    if how < 0.8:
        for _ in range(rng.randrange(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif how < 0.9:
        data = data[: rng.randrange(len(data))]
    else:
        start = rng.randrange(len(data))
        data[start:start + rng.randrange(1, 4096)] = b"\x00" * 64
    with open(dst, "wb") as fh:
        fh.write(bytes(data))


def test_fuzz_mutants_of_the_samples(tmp_path):
    folder = tmp_path / "2015"
    folder.mkdir()
    names = []
    for seed in range(N_MUTANTS):
        rng = random.Random(seed)
        src = SEEDS[seed % len(SEEDS)]
        name = f"m{seed:03d}-{os.path.basename(src)}"
        _mutant(src, str(folder / name), rng)
        names.append(name)
    env = {**os.environ, "MATRIX_SYNTH_FILE_SECONDS": "20"}
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "matrix_synth", "check", "--json", "--jobs", "2", str(folder)],
                         capture_output=True, timeout=300, env=env)
    elapsed = time.monotonic() - start
    stderr = out.stderr.decode("utf-8", "replace")
    assert out.returncode in (0, 1), stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    data = json.loads(out.stdout.decode("utf-8"))
    reported = sorted(os.path.basename(d["file"]) for d in data)
    assert reported == sorted(names)
    bugs = [(d["file"], p["code"], p["message"]) for d in data for p in d["problems"]
            if p["code"] == "read-error" or "report it" in p["hint"] + p["message"]]
    assert not bugs, bugs[:10]
    assert "EXPANDED" not in out.stdout.decode("utf-8")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 1500, peak_mb
    print(f"\n{len(names)} mutants checked in {elapsed:.1f} s; peak memory of one process {peak_mb:.0f} MB")
