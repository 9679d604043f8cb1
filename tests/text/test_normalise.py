"""Normalisation keeps an exact map from every output character back to the input."""
from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from thaikg.text.normalise import normalise

from . import corpus_files


def groups(raw: str) -> list[tuple[int, int, str]]:
    """(raw start, raw end, output characters) for each run of output sharing one source range."""
    text, starts, ends = normalise(raw)
    out: list[tuple[int, int, str]] = []
    for i, ch in enumerate(text):
        if out and (starts[i], ends[i]) == out[-1][:2]:
            out[-1] = (starts[i], ends[i], out[-1][2] + ch)
        else:
            out.append((starts[i], ends[i], ch))
    return out


def assert_exact_map(raw: str) -> None:
    text, starts, ends = normalise(raw)
    assert len(text) == len(starts) == len(ends)
    previous_end = 0
    for a, b, chars in groups(raw):
        assert 0 <= a < b <= len(raw)
        assert a >= previous_end  # ranges never overlap or go backwards
        previous_end = b
        assert normalise(raw[a:b])[0] == chars, (raw[a:b], chars)


def test_whitespace_rules() -> None:
    assert normalise("a  b\t\tc\xa0d\u3000e")[0] == "a b c d e"
    assert normalise("line one   \r\nline two\rthree \n")[0] == "line one\nline two\nthree\n"
    assert normalise("a\n\n\nb")[0] == "a\n\n\nb"  # newlines are not collapsed
    assert normalise("end  ")[0] == "end "


def test_invisible_characters_are_removed() -> None:
    raw = "\ufeff\u200bวราวุธ\u200b ร่วมคณะ\u200b รองนายกฯ\u200b\u200c\u200d soft\xadhyphen"
    assert normalise(raw)[0] == "วราวุธ ร่วมคณะ รองนายกฯ softhyphen"


def test_offsets_point_into_raw() -> None:
    raw = "\u200bวันนี้\u200b (24\u200b สิงหาคม)\r\n"
    text, starts, ends = normalise(raw)
    assert text == "วันนี้ (24 สิงหาคม)\n"
    at = text.index("24")
    assert raw[starts[at]:ends[at + 1]] == "24"
    assert raw[starts[-1]:ends[-1]] == "\r\n"
    assert_exact_map(raw)


def test_sara_am_is_composed() -> None:
    assert normalise("น\u0e49\u0e4d\u0e32")[0] == "น้ำ"
    assert normalise("น\u0e4d\u0e49\u0e32")[0] == "น้ำ"  # nikhahit typed before the tone mark
    assert normalise("ก\u0e4d\u0e32ลัง")[0] == "กำลัง"
    _, starts, ends = normalise("xน\u0e4d\u0e32")
    assert (starts[2], ends[2]) == (2, 4)


def test_thai_digits_are_kept() -> None:
    assert normalise("ครั้งที่ ๑๘ ปี ๒๕๖๔")[0] == "ครั้งที่ ๑๘ ปี ๒๕๖๔"


def test_nfc_per_cluster() -> None:
    text, starts, ends = normalise("Cafe\u0301 x")
    assert text == "Caf\u00e9 x"
    assert (starts[3], ends[3]) == (3, 5)
    assert (starts[4], ends[4]) == (5, 6)
    # a tone mark typed before a lower vowel is reordered (canonical order)
    assert normalise("ป\u0e48\u0e38")[0] == "ป\u0e38\u0e48"
    assert_exact_map("ป\u0e48\u0e38 e\u200b\u0301 \u1100\u1161\u11a8 a\u0323\u0301")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_maps_exactly(raw: str) -> None:
    assert_exact_map(raw)


THAIISH = st.text(
    alphabet=st.sampled_from(
        list("กนปรวา \t\xa0\r\n\u200b\u200c\ufeff\xad\u0e31\u0e34\u0e38\u0e48\u0e49\u0e4d\u0e32\u0e33e\u0301\u0323")
    ),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(THAIISH)
def test_thai_like_text_maps_exactly(raw: str) -> None:
    assert_exact_map(raw)
    text = normalise(raw)[0]
    assert "  " not in text and " \n" not in text and "\r" not in text and "\u200b" not in text
    assert normalise(text)[0] == text  # idempotent


def test_real_articles_map_exactly() -> None:
    for path in corpus_files()[:20]:
        assert_exact_map(path.read_text(encoding="utf-8"))


def test_fast_on_100k_characters() -> None:
    files = corpus_files()
    if files:
        raw = "".join(p.read_text(encoding="utf-8") for p in files[:60])[:100_000]
    else:
        raw = "ข่าว\u200b  ไทย\r\n" * 10_000
    best = min(_timed(raw) for _ in range(3))
    assert best < 0.1, f"normalise took {best:.3f} s for 100k characters"


def _timed(raw: str) -> float:
    start = time.perf_counter()
    normalise(raw)
    return time.perf_counter() - start
