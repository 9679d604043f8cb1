"""Sentences and tokens as exact spans; segmentation works with the network cut off."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import pytest

from thaikg.document import Document, Span
from thaikg.errors import ThaiKGError
from thaikg.text import offline
from thaikg.text.readers import read_layout
from thaikg.text.segment import MAX_SENTENCE_CHARS, Tokenizer, sentences

from .test_readers import SAMPLE, load

NAMES = ["นายชุตินทร คงศักดิ์", "โควิด-๑๙", "รองปลัดกระทรวงการต่างประเทศ", "ที่ประชุมฯ"]


def dev_doc() -> Document:
    return load(SAMPLE / "asean-canada-som18.txt")


def assert_well_formed(text: str, spans: list[Span], within: list[Span]) -> None:
    assert spans == sorted(spans)
    for a, b in pairwise(spans):
        assert a.end <= b.start
    for s in spans:
        piece = text[s.start:s.end]
        assert piece and piece == piece.strip()
        assert any(p.start <= s.start and s.end <= p.end for p in within)


def assert_only_whitespace_left(text: str, tokens: list[Span], span: Span) -> None:
    """Tokens cover everything in ``span`` but whitespace."""
    left = list(text[span.start:span.end])
    for t in tokens:
        left[t.start - span.start:t.end - span.start] = [" "] * (t.end - t.start)
    assert "".join(left).strip() == ""


def test_sentences_of_a_press_release() -> None:
    doc = dev_doc()
    spans = sentences(doc.text, doc.paragraphs)
    assert_well_formed(doc.text, spans, doc.paragraphs)
    texts = [doc.text[s.start:s.end] for s in spans]
    assert len(texts) > len(doc.paragraphs)
    assert any(t.startswith("นอกจากนี้ ที่ประชุมฯ") for t in texts)
    assert any(t.startswith("ทั้งนี้ แคนาดา") for t in texts)
    assert [t[:3] for t in texts if t.startswith("(")] == ["(๑)", "(๒)", "(๓)"]
    # a bracket is never cut, the money sentence stays whole
    assert any("๓.๕ ล้านดอลลาร์แคนาดา (ประมาณ ๙๒ ล้านบาท) ให้แก่กองทุนอาเซียน" in t for t in texts)
    assert max(len(t) for t in texts) <= MAX_SENTENCE_CHARS


def test_long_paragraphs_are_cut() -> None:
    words = "ความร่วมมือด้านการค้าการลงทุน การศึกษา การพัฒนาที่ยั่งยืน "
    text = "หัวข้อ\n" + words * 60 + "\n" + "ก้" * 1500
    paragraphs = [Span(7, 7 + len(words * 60) - 1), Span(text.rindex("\n") + 1, len(text))]
    spans = sentences(text, paragraphs)
    assert_well_formed(text, spans, paragraphs)
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in spans)
    assert sum(s.end - s.start for s in spans if s.start > paragraphs[1].start - 1) == 3000
    for s in spans:  # never between a consonant and its tone mark
        assert text[s.start] != "\u0e49"


def test_weak_markers_cut_only_long_sentences() -> None:
    short = "นายกรัฐมนตรีเดินทางเยือนญี่ปุ่น โดยมีรัฐมนตรีว่าการกระทรวงการต่างประเทศร่วมคณะ"
    assert sentences(short, [Span(0, len(short))]) == [Span(0, len(short))]


def test_paragraph_edges_and_empty_paragraphs() -> None:
    text = "  ทั้งนี้ ไทย  \n   \n"
    assert sentences(text, [Span(0, 15), Span(16, 19)]) == [Span(2, text.index("ไทย") + 3)]
    assert sentences("", []) == []


def test_unknown_sentence_engine() -> None:
    with pytest.raises(ThaiKGError, match="unknown sentence engine 'punkt'; known: rules, crfcut"):
        sentences("ก", [Span(0, 1)], engine="punkt")


@pytest.mark.parametrize("engine", ["nlpo3", "newmm"])
def test_tokens_keep_names_whole(engine: str) -> None:
    doc = dev_doc()
    tokenizer = Tokenizer(NAMES, engine=engine)
    p = doc.paragraphs[1]
    tokens = tokenizer.tokenize(doc.text, p)
    words = [doc.text[t.start:t.end] for t in tokens]
    assert "นายชุตินทร คงศักดิ์" in words
    assert "รองปลัดกระทรวงการต่างประเทศ" in words
    assert words[:5] == ["เมื่อ", "วันที่", "๑๓", "กรกฎาคม", "๒๕๖๔"]
    assert_well_formed(doc.text, tokens, [p])
    assert_only_whitespace_left(doc.text, tokens, p)


def test_default_dictionary_and_whole_text() -> None:
    text = "ที่ประชุมฯ หารือเรื่องโควิด-๑๙\nนายชุตินทร คงศักดิ์"
    words = [text[t.start:t.end] for t in Tokenizer().tokenize(text)]
    assert "นายชุตินทร คงศักดิ์" not in words  # not in pythainlp's dictionary
    words = [text[t.start:t.end] for t in Tokenizer(NAMES).tokenize(text)]
    assert {"ที่ประชุมฯ", "โควิด-๑๙", "นายชุตินทร คงศักดิ์"} <= set(words)
    assert not any("\n" in w for w in words)


def test_long_text_is_tokenised_in_chunks() -> None:
    doc = dev_doc()
    body = " ".join(doc.text[p.start:p.end] for p in doc.paragraphs)
    text = (body + " ") * 3
    assert len(text) > 2 * 2000  # longer than one chunk
    tokens = Tokenizer(NAMES).tokenize(text)
    assert_well_formed(text, tokens, [Span(0, len(text))])
    assert_only_whitespace_left(text, tokens, Span(0, len(text)))


def test_dictionary_is_built_once_per_word_set() -> None:
    Tokenizer(["คำพิเศษหนึ่ง"])
    start = time.perf_counter()
    for _ in range(20):
        Tokenizer(["คำพิเศษหนึ่ง"])
    assert time.perf_counter() - start < 0.05


def test_unknown_tokenizer_engine() -> None:
    with pytest.raises(ThaiKGError, match="unknown tokenizer engine"):
        Tokenizer(engine="attacut")


def test_segmentation_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    doc = Document(id="d", source="d.txt", raw=(SAMPLE / "thailand-timor-leste-jcbc5-tica-2568.txt").read_text("utf-8"))
    read_layout(doc)
    rules = sentences(doc.text, doc.paragraphs)
    crf = sentences(doc.text, doc.paragraphs[:2], engine="crfcut")
    tokens = Tokenizer(["นายรัศมิ์ ชาลีจันทร์", "ติมอร์-เลสเต"]).tokenize(doc.text, doc.paragraphs[1])
    assert rules and crf and tokens
    assert "นายรัศมิ์ ชาลีจันทร์" in [doc.text[t.start:t.end] for t in tokens]
    assert os.environ["PYTHAINLP_OFFLINE"] == "1" and os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["PYTHAINLP_READ_ONLY"] == "1"


def test_cold_start_offline_writes_nothing(tmp_path: Path) -> None:
    """A fresh interpreter with no network and an empty HOME: nothing is fetched or created."""
    script = """
import socket
def refuse(*a, **k): raise OSError("no network")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
from thaikg.document import Span
from thaikg.text.segment import Tokenizer, sentences
text = "เมื่อวันที่ ๑๓ กรกฎาคม ๒๕๖๔ นายชุตินทร คงศักดิ์ เข้าร่วมการประชุม ทั้งนี้ ที่ประชุมเห็นชอบ"
assert len(sentences(text, [Span(0, len(text))])) == 2
assert sentences(text, [Span(0, len(text))], engine="crfcut")
tokens = Tokenizer(["นายชุตินทร คงศักดิ์"]).tokenize(text)
assert "นายชุตินทร คงศักดิ์" in [text[t.start:t.end] for t in tokens]
print("ok")
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHAINLP", "HF_"))}
    env["HOME"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert list(tmp_path.iterdir()) == []  # no ~/pythainlp-data
    assert not offline.DATA_DIR.exists()


def test_text_of_nothing_but_marks_is_still_cut() -> None:
    text = "\u0e49" * 2500
    spans = sentences(text, [Span(0, len(text))])
    assert sum(s.end - s.start for s in spans) == 2500
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in spans)
    tokens = Tokenizer().tokenize(text)
    assert tokens[0].start == 0 and tokens[-1].end == 2500
