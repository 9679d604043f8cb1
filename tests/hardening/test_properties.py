"""Property-based tests: whatever the text, the pipeline answers without a bug, offsets and dates
are right, identifiers are safe, and the same input always gives the same bytes."""
from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thaikg.builder import build
from thaikg.ids import slug
from thaikg.matcher import fold
from thaikg.rdf.formats import serialize
from thaikg.text.dates import find_dates, month_numbers, parse_date
from thaikg.text.normalise import normalise

from . import checks

#: CI: 30 fixed examples per property (reproducible, quick). ``THAIKG_HYPOTHESIS_EXAMPLES=2000``
#: explores with that many random examples instead (minutes; run it before a release).
_EXPLORE = int(os.environ.get("THAIKG_HYPOTHESIS_EXAMPLES", "0"))
SETTINGS = settings(max_examples=_EXPLORE or 30, deadline=None, derandomize=not _EXPLORE, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

THAI_WORDS = ["นาย", "นาง", "ดร.", "ชุตินทร", "คงศักดิ์", "รัฐมนตรีว่าการกระทรวงการต่างประเทศ", "ญี่ปุ่น", "แคนาดา",
              "อาเซียน", "การประชุม", "ครั้งที่", "หารือ", "ร่วมกับ", "ณ", "กรุงเทพมหานคร", "ล้านบาท", "ดอลลาร์สหรัฐ",
              "ประมาณ", "ร้อยละ", "ทั้งนี้", "โดย", "ซึ่ง", "มกราคม", "ก.ค.", "สิงหาคม", "พ.ศ.", "วันนี้", "วันอังคารที่",
              "เอกอัครราชทูต", "โควิด-๑๙", "ฯ", "ๆ", "\u0e4d\u0e32", "\u0e48", "\u0e31"]
LATIN_WORDS = ["ASEAN", "Mr.", "John", "O'Brien", "Minister", "of", "Foreign", "Affairs", "USD", "million", "July",
               "13,", "2021", "Thailand", "the", "(", ")", "“", "”", '"', "\\", ">", "<", "&", "-", "/", ".", ","]
MARKUP = ["<p>", "</p>", "<div>", "<br>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&amp;",
          "<html>", "<title>", "</title>", "<!--", "-->", "} ; DROP ALL", "<http://x/>"]
ODD = ["\u200b", "\u200d", "\ufeff", "\xad", "\xa0", "\t", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028",
       "\u202e", "\x07", "\x1b", "\ufffd", "\ufffe", "😀", "e\u0301", "ｆ"]
DIGITS = st.integers(0, 10**12).map(str) | st.integers(0, 10**6).map(
    lambda n: str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")))
TOKENS = st.one_of(st.sampled_from(THAI_WORDS), st.sampled_from(LATIN_WORDS), st.sampled_from(MARKUP),
                   st.sampled_from(ODD), DIGITS, st.text(max_size=5))
SEPARATORS = st.sampled_from([" ", "", " ", "\n", "  ", "\n\n"])

#: Text mixing Thai, Latin, digits (both kinds), markup and odd characters, in lines.
MIXED = st.lists(st.tuples(TOKENS, SEPARATORS), min_size=1, max_size=80).map(
    lambda pairs: "".join(t + s for t, s in pairs))


def built(data: bytes):
    result = build(["-"], stdin=data)
    assert not checks.internal_errors(result), (checks.internal_errors(result), checks.traceback_of(data))
    return result


# -- nothing crashes ---------------------------------------------------------------------------------

@SETTINGS
@given(st.text(max_size=400))
def test_any_unicode_text_builds_or_is_refused(warm_pipeline, text):
    result = built(text.encode("utf-8", "surrogatepass"))
    assert len(result.documents) + len(result.failures) == 1


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_build_or_are_refused(warm_pipeline, data):
    built(data)


@SETTINGS
@given(MIXED, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp874"]))
def test_mixed_thai_latin_digits_markup_in_any_encoding(warm_pipeline, text, encoding):
    built(text.encode(encoding, errors="replace"))


# -- offsets, dates, IRIs ----------------------------------------------------------------------------

@SETTINGS
@given(MIXED)
def test_every_nif_string_is_its_slice_of_the_original(warm_pipeline, text):
    result = built(text.encode("utf-8"))
    assert checks.nif_problems(result.dataset) == []
    for doc in result.documents:  # and the same holds on the Python side, for every mention
        for m in doc.mentions:
            span = doc.raw_span(m.start, m.end)
            assert 0 <= span.start <= span.end <= len(doc.raw)
            assert doc.text[m.start:m.end] == m.text


@SETTINGS
@given(MIXED)
def test_every_date_and_iri_in_the_graph_is_valid(warm_pipeline, text):
    result = built(text.encode("utf-8"))
    assert checks.date_problems(result.dataset) == []
    assert checks.iri_problems(result.dataset) == []


THAI_MONTHS = {n: sorted(k for k, v in month_numbers().items() if v == n and not k.isascii()) for n in range(1, 13)}
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _written(d: date, style: int, thai_digits: bool) -> str:
    full = max(THAI_MONTHS[d.month], key=len)
    short = min(THAI_MONTHS[d.month], key=len)
    be = d.year + 543
    text = [
        f"{d.day} {full} {be}",
        f"วันอังคารที่ {d.day} {full} พ.ศ. {be}",
        f"{d.day} {short}. {be}",
        f"{d.day} {full} ค.ศ. {d.year}",
        f"{d.day:02d}/{d.month:02d}/{be}",
        d.isoformat(),
        f"{d.day} {d.strftime('%B')} {d.year}",
        f"{d.strftime('%B')} {d.day}, {d.year}",
    ][style]
    return text.translate(THAI_DIGITS) if thai_digits and style not in (5, 6, 7) else text


@SETTINGS
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), st.integers(0, 7), st.booleans())
def test_dates_written_the_thai_way_round_trip(d, style, thai_digits):
    text = _written(d, style, thai_digits)
    assert parse_date(text) == d, text
    assert parse_date(f"เมื่อ{text} ที่ผ่านมา") == d, text


@SETTINGS
@given(st.lists(st.sampled_from(list("0123456789๐๑๒๓๔๕๖๗๘๙ /-.,()") + [
    "มกราคม", "ก.พ.", "กุมภาพันธ์", "ธันวาคม", "พ.ศ.", "ค.ศ.", "July", "Feb", "ถึง", "วันนี้", "วันศุกร์ที่"]),
    max_size=60).map("".join), st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_any_date_found_is_a_real_date_at_a_real_place(text, ref):
    for m in find_dates(text, ref):
        assert isinstance(m.date, date) and 0 <= m.start < m.end <= len(text)
        assert date.fromisoformat(m.date.isoformat()) == m.date
        assert m.end_date is None or m.end_date > m.date


# -- text layer --------------------------------------------------------------------------------------

@SETTINGS
@given(st.text(max_size=300) | MIXED)
def test_normalise_maps_every_character_back_and_is_idempotent(raw):
    text, starts, ends = normalise(raw)
    assert len(starts) == len(ends) == len(text)
    assert all(0 <= a < b <= len(raw) for a, b in zip(starts, ends))
    assert starts == sorted(starts)
    assert unicodedata.is_normalized("NFC", text)
    assert "\r" not in text and "\u200b" not in text
    assert normalise(text)[0] == text


@SETTINGS
@given(st.text(max_size=200))
def test_folding_keeps_the_length_so_offsets_hold(text):
    assert len(fold(text)) == len(text)


def _canonical(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split()))


@SETTINGS
@given(st.lists(st.text(max_size=80) | MIXED, min_size=2, max_size=20, unique_by=_canonical))
def test_slugs_are_safe_and_never_collide(names):
    slugs = [slug(n) for n in names]
    assert len(set(slugs)) == len(slugs), list(zip(names, slugs))
    for s in slugs:
        assert s and len(s) <= 70 and checks.iri_problems_of([f"https://w3id.org/thaikg/id/person/{s}"]) == []


def test_a_name_that_looks_like_a_hashed_slug_gets_its_own():
    """Regression: ``abc-<hash of "abc_">`` (a name) and ``abc_`` made the same IRI."""
    hashed = slug("abc_")
    assert slug(hashed) != hashed
    assert len({slug("abc_"), slug(hashed), slug(slug(hashed))}) == 3


# -- determinism -------------------------------------------------------------------------------------

@SETTINGS
@given(MIXED)
def test_the_same_input_gives_the_same_bytes(warm_pipeline, text):
    data = text.encode("utf-8")
    first, second = built(data), built(data)
    for fmt in ("trig", "nquads"):
        assert serialize(first.dataset, fmt) == serialize(second.dataset, fmt)


HOSTILE_ARTICLE = """รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-นายจอห์น "<script>alert(1)</script>" สมิธ หารือกับญี่ปุ่น
วันอังคารที่ 25 สิงหาคม 2563
นายดอน ปรมัตถ์วินัย รัฐมนตรีว่าการกระทรวงการต่างประเทศ หารือกับนายโมเตกิ โทชิมิตสึ รัฐมนตรีว่าการกระทรวงการต่างประเทศญี่ปุ่น
ณ กรุงเทพมหานคร เกี่ยวกับความร่วมมือด้านการค้า มูลค่าประมาณ ๓.๕ ล้านดอลลาร์สหรัฐ และอาเซียน (ASEAN) ร้อยละ ๕
ทั้งนี้ นางมาเรีย <img src=x onerror=alert(1)> ใจดี เอกอัครราชทูตแคนาดา เข้าร่วมการประชุมครั้งที่ ๑๘
ที่มา : https://www.thaigov.go.th/news/contents/details/1
"""


def _build_in_subprocess(tmp: Path, seed: str, fmt: str) -> bytes:
    src = tmp / "article.txt"
    src.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    out = tmp / f"out-{seed}.{fmt}"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    code = ("import sys; from thaikg.builder import build; from thaikg.rdf.formats import serialize; "
            f"sys.stdout.buffer.write(serialize(build([{str(src)!r}]).dataset, {fmt!r}))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    out.write_bytes(done.stdout)
    return done.stdout


@pytest.mark.parametrize("fmt", ["trig", "nquads", "json-ld"])
def test_builds_in_processes_with_different_hash_seeds_give_the_same_bytes(tmp_path, fmt):
    assert _build_in_subprocess(tmp_path, "1", fmt) == _build_in_subprocess(tmp_path, "4242", fmt)
