"""Dates as Thai news writes them, with real phrasing from the dev articles and the corpus."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thaikg.text.dates import DateMatch, find_dates, parse_date
from thaikg.text.scan import finditer_near

from . import corpus_files
from .test_readers import SAMPLE

REF = date(2024, 8, 17)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("วันที่นำเข้าข้อมูล 14 ก.ค. 2564", date(2021, 7, 14)),
        ("วันที่ปรับปรุงข้อมูล 29 พ.ย. 2565", date(2022, 11, 29)),
        ("เมื่อวันที่ ๑๓ กรกฎาคม ๒๕๖๔ นายชุตินทร คงศักดิ์", date(2021, 7, 13)),
        ("วันอังคารที่ 25 สิงหาคม 2563", date(2020, 8, 25)),
        ("วันจันทร์ที่ 5 เมษายน 2564", date(2021, 4, 5)),
        ("27 เมษายน 60", date(2017, 4, 27)),
        ("พ.ศ. ๒๕๖๔ วันที่ 1 มกราคม พ.ศ. ๒๕๖๔", date(2021, 1, 1)),
        ("5 มกราคม ค.ศ. 2021", date(2021, 1, 5)),
        ("signed on 13 July 2021 in Jakarta", date(2021, 7, 13)),
        ("July 13, 2021", date(2021, 7, 13)),
        ("14 กค. 64", date(2021, 7, 14)),
        ("วันที่ 20 พฤษภาคม 2545", date(2002, 5, 20)),
        ("18/05/2567", date(2024, 5, 18)),
        ("2021-07-14", date(2021, 7, 14)),
        ("ณ วันที่ 5 เดือนมีนาคม 2567", date(2024, 3, 5)),
    ],
)
def test_single_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_match_spans() -> None:
    text = "เมื่อวันที่ ๑๓ กรกฎาคม ๒๕๖๔ นาย"
    [m] = find_dates(text)
    assert text[m.start:m.end] == "๑๓ กรกฎาคม ๒๕๖๔"
    text = "ประชุมเมื่อวันพุธที่ 23 กุมภาพันธ์ 2565 เวลา 14.00 น."
    [m] = find_dates(text)
    assert text[m.start:m.end] == "วันพุธที่ 23 กุมภาพันธ์ 2565"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("ระหว่างวันที่ ๖-๗ มิถุนายน ๒๕๖๗", date(2024, 6, 6), date(2024, 6, 7)),
        ("๓๐ กรกฎาคม - ๓ สิงหาคม ๒๕๖๒", date(2019, 7, 30), date(2019, 8, 3)),
        ("ระหว่างวันที่ 26-27 กุมภาพันธ์ 2568 นายรัศมิ์ ชาลีจันทร์", date(2025, 2, 26), date(2025, 2, 27)),
        ("ระหว่างวันที่ ๑๕-๑๖ สิงหาคม ๒๕๖๗ นายมาริษ", date(2024, 8, 15), date(2024, 8, 16)),
        ("ระหว่างวันที่ ๑๕ – ๑๖ สิงหาคม", date(2024, 8, 15), date(2024, 8, 16)),
        ("ระหว่างวันที่ 5 - 10 กุมภาพันธ์ 2564 พบการกระทำผิด", date(2021, 2, 5), date(2021, 2, 10)),
        ("ตั้งแต่วันที่ 1 ตุลาคม 2564 ถึงวันที่ 30 กันยายน 2565", date(2021, 10, 1), date(2022, 9, 30)),
        ("28 ธันวาคม 2566 - 2 มกราคม 2567", date(2023, 12, 28), date(2024, 1, 2)),
        ("28 ธันวาคม - 2 มกราคม 2567", date(2023, 12, 28), date(2024, 1, 2)),
    ],
)
def test_ranges(text: str, start: date, end: date) -> None:
    [m] = find_dates(text, REF)
    assert (m.date, m.end_date) == (start, end)
    assert text[m.start:m.end].endswith(text[m.start:m.end].rstrip())


def test_day_and_month_take_the_year_of_the_article() -> None:
    assert parse_date("เมื่อวันที่ 5 สิงหาคม", REF) == date(2024, 8, 5)
    assert parse_date("วันที่ 20 ธันวาคม", REF) == date(2024, 12, 20)
    assert parse_date("วันที่ 28 ธันวาคม", date(2024, 1, 3)) == date(2023, 12, 28)  # across the new year
    assert parse_date("วันที่ 3 มกราคม", date(2023, 12, 28)) == date(2024, 1, 3)
    assert parse_date("เมื่อวันที่ 5 สิงหาคม") is None  # no year and no article date


def test_today() -> None:
    text = "วันนี้ (24 สิงหาคม 2563) เวลา 09.30 น. นายวราวุธ ศิลปอาชา"
    [m] = find_dates(text, date(2020, 8, 25))
    assert m == DateMatch(0, text.index(")") + 1, date(2020, 8, 24))
    assert find_dates("วันนี้ (9 มี.ค. 65) เวลา 10.00 น.")[0].date == date(2022, 3, 9)
    assert find_dates("วันนี้ 8 ธันวาคม 2564 นายธนกร")[0] == DateMatch(0, len("วันนี้ 8 ธันวาคม 2564"), date(2021, 12, 8))
    assert find_dates("วันนี้ (24 สิงหาคม) เวลา", date(2020, 8, 25))[0].date == date(2020, 8, 24)
    assert find_dates("ที่ประชุมวันนี้เห็นชอบ", date(2020, 8, 25)) == [DateMatch(9, 15, date(2020, 8, 25))]
    assert find_dates("ที่ประชุมวันนี้เห็นชอบ") == []


@pytest.mark.parametrize(
    "text",
    [
        "31 กุมภาพันธ์ 2564",
        "30-31 กุมภาพันธ์ 2564",
        "ครั้งที่ 5 ก.พ.",  # a day needs a year or an article date
        "ภาคเรียนที่ 1/2564",
        "เวลา 10.00 น.",
        "5 Decisions were made",
        "99 มกราคม 2564",
        "1 มกราคม 99999",
        "20-10 มีนาคม 2564",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_several_dates_in_order() -> None:
    text = "เมื่อวันที่ 20 พฤษภาคม 2545 และวันที่ ๑๓ กรกฎาคม ๒๕๖๔ และ 18/05/2567"
    assert [m.date for m in find_dates(text)] == [date(2002, 5, 20), date(2021, 7, 13), date(2024, 5, 18)]


def test_time_after_two_digit_year_is_not_a_year() -> None:
    assert parse_date("5 ม.ค. 10.00 น.", REF) == date(2024, 1, 5)


PIECES = [
    *"0123456789๐๑๒๓๔๕๖๗๘๙ -–()/.,",
    "มกราคม", "ก.พ.", "กุมภาพันธ์", "ธ.ค.", "กค.", "พ.ศ.", "ค.ศ.", "วันนี้", "วันจันทร์ที่", "ระหว่างวันที่", "ถึง", "July", "Dec",
]
DATEISH = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(DATEISH | st.text(max_size=40), st.none() | st.dates())
def test_never_raises_and_dates_are_valid(text: str, ref: date | None) -> None:
    for m in find_dates(text, ref):
        assert 0 <= m.start < m.end <= len(text)
        assert isinstance(m.date, date)
        assert m.end_date is None or m.end_date > m.date


def test_searching_near_month_names_finds_what_a_full_scan_finds() -> None:
    from thaikg.text import dates

    texts = [p.read_text(encoding="utf-8") for p in [*sorted(SAMPLE.glob("*.txt")), *corpus_files()[::40]]]
    for text in texts:
        pattern, reach = dates._pattern(), (dates._REACH_BEFORE, dates._REACH_AFTER)
        near = [m.span() for m in finditer_near(pattern, text, dates._triggers(), *reach)]
        assert near == [m.span() for m in pattern.finditer(text)]
