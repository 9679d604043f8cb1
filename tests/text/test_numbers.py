"""Numbers in Thai and Arabic digits, editions and percentages."""
from __future__ import annotations

from decimal import Decimal

import pytest

from thaikg.text.numbers import find_percentages, parse_edition, parse_number, thai_digits_to_arabic


def test_thai_digits() -> None:
    assert thai_digits_to_arabic("ครั้งที่ ๑๘ ปี ๒๕๖๔") == "ครั้งที่ 18 ปี 2564"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("6,132", Decimal(6132)),
        ("๓.๕", Decimal("3.5")),
        ("1,200", Decimal(1200)),
        (" 45 ", Decimal(45)),
        ("๒,๖๐๐", Decimal(2600)),
        ("๓.๕ ล้าน", Decimal(3_500_000)),
        ("2 พันล้าน", Decimal(2_000_000_000)),
        ("5 million", Decimal(5_000_000)),
        ("สอง", Decimal(2)),
        ("หนึ่ง", Decimal(1)),
        ("เก้าสิบสองล้าน", Decimal(92_000_000)),
    ],
)
def test_parse_number(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,20", "1.2.3", "ล้านนา", "๑๒ก"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "edition"),
    [
        ("การประชุมเจ้าหน้าที่อาวุโสอาเซียน-แคนาดา ครั้งที่ ๑๘", 18),
        ("ครั้งที่ 5 ที่กรุงดิลี", 5),
        ("การประชุมรัฐมนตรีต่างประเทศแม่โขง-ล้านช้าง ครั้งที่ ๙", 9),
        ("ครั้งที่สอง", 2),
        ("5th Thailand-Timor-Leste Joint Commission", 5),
        ("9th Mekong-Lancang Cooperation", 9),
        ("การประชุมหารือ", None),
    ],
)
def test_parse_edition(text: str, edition: int | None) -> None:
    assert parse_edition(text) == edition


def test_percentages() -> None:
    text = "เศรษฐกิจขยายตัวร้อยละ ๓.๕ ส่งออกเพิ่ม 12% และ 5 เปอร์เซ็นต์ or 7 percent"
    found = find_percentages(text)
    assert [m.value for m in found] == [Decimal("3.5"), Decimal(12), Decimal(5), Decimal(7)]
    assert text[found[0].start:found[0].end] == "ร้อยละ ๓.๕"
    assert find_percentages("ไม่มีตัวเลข") == []
