"""Money amounts from the dev articles and the corpus."""
from __future__ import annotations

from decimal import Decimal

import pytest

from thaikg.text.money import MoneyMatch, find_money
from thaikg.text.scan import finditer_near, windows

from . import corpus_files
from .test_readers import SAMPLE


@pytest.mark.parametrize(
    ("text", "amount", "currency", "approximate"),
    [
        ("แคนาดาจะสนับสนุนเงินจำนวน ๓.๕ ล้านดอลลาร์แคนาดา", 3_500_000, "CAD", False),
        ("(ประมาณ ๙๒ ล้านบาท)", 92_000_000, "THB", True),
        ("ไทยมอบงบประมาณ 45 ล้านบาท สนับสนุน", 45_000_000, "THB", False),  # งบประมาณ is a budget
        ("มูลค่ากว่า 26 ล้านบาท", 26_000_000, "THB", True),
        ("2 พันล้านดอลลาร์สหรัฐ", 2_000_000_000, "USD", False),
        ("๒,๖๐๐ ล้านดอลลาร์สหรัฐ", 2_600_000_000, "USD", False),
        ("1.2 ล้านดอลลาร์สหรัฐ", 1_200_000, "USD", False),
        ("๕ ล้านดอลลาร์สหรัฐ", 5_000_000, "USD", False),
        ("500,000 บาท", 500_000, "THB", False),
        ("กรอบวงเงิน 23,000 ล้านบาท", 23_000_000_000, "THB", False),
        ("3 หมื่นบาท", 30_000, "THB", False),
        ("4 แสนบาท", 400_000, "THB", False),
        ("1.5 หมื่นล้านบาท", 15_000_000_000, "THB", False),
        ("2 แสนล้านบาท", 200_000_000_000, "THB", False),
        ("3 ล้านล้านบาท", 3_000_000_000_000, "THB", False),
        ("USD 5 million", 5_000_000, "USD", False),
        ("US$ 5 million", 5_000_000, "USD", False),
        ("5 million US dollars", 5_000_000, "USD", False),
        ("about EUR 3 bn", 3_000_000_000, "EUR", True),
        ("10 ล้านยูโร", 10_000_000, "EUR", False),
        ("300 ล้านเยน", 300_000_000, "JPY", False),
        ("50 ล้านหยวน", 50_000_000, "CNY", False),
        ("2 พันล้านวอน", 2_000_000_000, "KRW", False),
        ("1 ล้านดอลลาร์สิงคโปร์", 1_000_000, "SGD", False),
        ("2 ล้านดอลลาร์ออสเตรเลีย", 2_000_000, "AUD", False),
        ("3 ล้านดอลลาร์นิวซีแลนด์", 3_000_000, "NZD", False),
        ("4 ล้านปอนด์", 4_000_000, "GBP", False),
        ("5 ล้านรูปี", 5_000_000, "INR", False),
        ("6 ล้านริงกิต", 6_000_000, "MYR", False),
        ("7 พันล้านดอง", 7_000_000_000, "VND", False),
        ("8 ล้านกีบ", 8_000_000, "LAK", False),
        ("9 ล้านเรียล", 9_000_000, "KHR", False),
        ("10 ล้านจ๊าด", 10_000_000, "MMK", False),
        ("11 ล้านเปโซ", 11_000_000, "PHP", False),
        ("12 พันล้านรูเปียห์", 12_000_000_000, "IDR", False),
        ("13 ล้านฟรังก์สวิส", 13_000_000, "CHF", False),
        ("100 ดอลลาร์", 100, "USD", False),
        ("1,000 กว่าบาท", 1_000, "THB", True),
        ("เก้าสิบสองล้านบาท", 92_000_000, "THB", False),
        ("฿500", 500, "THB", False),
    ],
)
def test_amounts(text: str, amount: int, currency: str, approximate: bool) -> None:
    [m] = find_money(text)
    assert m.amount == Decimal(amount)
    assert str(m.amount) == str(amount)  # exact and plainly written, no exponent
    assert (m.currency, m.approximate) == (currency, approximate)


def test_spans_cover_the_amount() -> None:
    text = "ซึ่งแคนาดาจะสนับสนุนเงินจำนวน ๓.๕ ล้านดอลลาร์แคนาดา (ประมาณ ๙๒ ล้านบาท) ให้แก่กองทุนอาเซียน"
    found = find_money(text)
    assert [text[m.start:m.end] for m in found] == ["๓.๕ ล้านดอลลาร์แคนาดา", "ประมาณ ๙๒ ล้านบาท"]
    assert found[0] == MoneyMatch(found[0].start, found[0].end, Decimal(3_500_000), "CAD", False)


@pytest.mark.parametrize(
    "text",
    ["บทบาทของไทย", "ประชาชน 5 ล้านคน", "หลายล้านบาท", "ร้อยละ 5", "ครั้งที่ 5 ที่กรุงดิลี", "5 Bahtland"],
)
def test_not_money(text: str) -> None:
    assert find_money(text) == []


def test_searching_near_currency_names_finds_what_a_full_scan_finds() -> None:
    from thaikg.text import money

    texts = [p.read_text(encoding="utf-8") for p in [*sorted(SAMPLE.glob("*.txt")), *corpus_files()[::40]]]
    for text in texts:
        pattern, reach = money._pattern(), (money._REACH_BEFORE, money._REACH_AFTER)
        near = [m.span() for m in finditer_near(pattern, text, money._triggers(), *reach)]
        assert near == [m.span() for m in pattern.finditer(text)]


def test_windows_merge() -> None:
    import re

    assert windows("aXbbbbbbbbXa", [re.compile("X")], 1, 1) == [(0, 3), (9, 12)]
    assert windows("aXbXa", [re.compile("X")], 1, 1) == [(0, 5)]
    assert windows("abc", [re.compile("X")], 5, 5) == []
