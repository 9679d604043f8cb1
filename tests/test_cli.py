"""The command line as a user meets it: outputs, formats, errors and atomicity."""
from __future__ import annotations

import filecmp

import pytest

from thaikg.cli import main
from thaikg.inputs import sample_paths

from .conftest import ROOT

SEED = next(p for p in sample_paths() if p.name == "asean-canada-som18.txt")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_default_build_writes_all_outputs_deterministically(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run(capsys, "build", "--out-dir", str(a))[0] == 0
    assert run(capsys, "build", "--out-dir", str(b))[0] == 0
    names = ["thaikg.trig", "thaikg.ttl", "thaikg.jsonld", "thaikg.html"]
    for name in names:
        assert (a / name).stat().st_size > 0
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_committed_graph_equals_a_rebuild(tmp_path, capsys):
    assert run(capsys, "build", "--out-dir", str(tmp_path))[0] == 0
    for name in ["thaikg.trig", "thaikg.ttl", "thaikg.jsonld", "thaikg.html"]:
        assert filecmp.cmp(tmp_path / name, ROOT / "graph" / name, shallow=False), \
            f"graph/{name} is stale: run `thaikg build` and commit graph/"


@pytest.mark.parametrize("suffix,first", [(".ttl", b"@prefix"), (".nt", b"<"), (".nq", b"<"), (".trig", b"@prefix"),
                                          (".jsonld", b"{"), (".rdf", b"<?xml")])
def test_output_format_follows_suffix(tmp_path, capsys, suffix, first):
    out = tmp_path / f"g{suffix}"
    assert run(capsys, "build", str(SEED), "-o", str(out))[0] == 0
    assert out.read_bytes().startswith(first)


def test_format_option_overrides_suffix(tmp_path, capsys):
    out = tmp_path / "g.out"
    assert run(capsys, "build", str(SEED), "-o", str(out), "--format", "nquads")[0] == 0
    assert out.read_text(encoding="utf-8").rstrip().endswith("> .")


def test_missing_path_is_one_line_exit_2_and_no_output(tmp_path, capsys):
    out = tmp_path / "g.trig"
    code, _, err = run(capsys, "build", str(tmp_path / "nope.txt"), "-o", str(out))
    assert code == 2
    assert err.strip().count("\n") == 0 and "nope.txt" in err and "does not exist" in err
    assert not out.exists()


@pytest.mark.parametrize("content,problem", [(b"", "empty"), (b"   \n\t\n", "empty"), (b"\x00\x01\x02binary\xff" * 50, "")])
def test_bad_article_is_one_line_exit_2(tmp_path, capsys, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, _, err = run(capsys, "build", str(bad), "-o", str(tmp_path / "g.trig"))
    assert code == 2
    assert "bad.txt" in err and problem in err and "Traceback" not in err
    assert not (tmp_path / "g.trig").exists()


def test_unknown_format_exit_2(tmp_path, capsys):
    code, _, err = run(capsys, "build", str(SEED), "-o", str(tmp_path / "g.docx"))
    assert code == 2 and "g.docx" in err
    code, _, err = run(capsys, "build", str(SEED), "-o", str(tmp_path / "g.ttl"), "--format", "docx")
    assert code == 2 and "docx" in err


def test_failed_build_leaves_earlier_output_intact(tmp_path, capsys):
    out = tmp_path / "g.trig"
    assert run(capsys, "build", str(SEED), "-o", str(out))[0] == 0
    before = out.read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert run(capsys, "build", str(empty), "-o", str(out))[0] == 2
    assert out.read_bytes() == before


def test_batch_goes_past_a_bad_article(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    (folder / "bad.txt").write_bytes(b"")
    out = tmp_path / "g.nq"
    code, _, err = run(capsys, "build", str(folder), "-o", str(out))
    assert code == 1
    assert "bad.txt" in err
    assert "article/good>" in out.read_text(encoding="utf-8")


def test_stdin(tmp_path, capsys, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": io.BytesIO(SEED.read_bytes())})())
    out = tmp_path / "g.ttl"
    assert run(capsys, "build", "-", "-o", str(out))[0] == 0
    assert "อาเซียน" in out.read_text(encoding="utf-8")


def test_build_is_byte_identical_across_processes(tmp_path):
    """Hash randomisation must not leak into the output (set order, dict order)."""
    import os
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "thaikg", "build", "-q", "--no-html", "--out-dir", str(out)],
                       env=env, check=True, capture_output=True)
        outs.append(out)
    for name in ["thaikg.trig", "thaikg.ttl", "thaikg.jsonld"]:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
