"""Inputs for the fuzz run: articles generated from thaikg's own vocabulary, and mutations of real ones.

Every case is a pure function of ``(seed, index)``: :func:`make_case` gives the same
bytes and the same description on every run, so a finding is reproduced with
``python fuzz/run.py --only INDEX`` (same seed).
"""
from __future__ import annotations

import codecs
import csv
import random
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "thaikg" / "data"

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


def _column(name: str, column: str, split: str = "") -> list[str]:
    """The non-empty cells of ``column`` in ``data/NAME.tsv`` (``#`` comment lines skipped)."""
    path = DATA / f"{name}.tsv"
    if not path.exists():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    out: list[str] = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        cell = (row.get(column) or "").strip()
        for part in (cell.split(split) if split else [cell]):
            if part.strip():
                out.append(part.strip())
    return out


class Vocabulary:
    """Words to build plausible (and implausible) Thai news sentences from."""

    def __init__(self) -> None:
        self.countries = _column("countries", "th") + _column("countries", "en")
        self.orgs = (_column("international_organizations", "th") + _column("international_organizations", "acronym")
                     + _column("government_organizations", "th") + _column("organizations", "th"))
        self.places = _column("places", "th") + _column("places", "en")
        self.honorifics = _column("honorifics", "form")
        self.positions = _column("position_titles", "head")
        self.heads = _column("heads", "head")
        self.cues = _column("cues", "phrase")
        self.programmes = _column("programmes", "th") + _column("programmes", "acronym")
        self.months = _column("thai_months", "thai") + _column("thai_months", "thai_abbreviations", ",") + \
            _column("thai_months", "english") + _column("thai_months", "english_abbreviations", ",")
        self.currencies = _column("currencies", "thai", ",") + _column("currencies", "code") + \
            _column("currencies", "symbols", ",")
        self.markers = _column("thai_sentence_markers", "word")
        self.numerals = _column("numerals", "word")
        self.given = ["ชุตินทร", "สมชาย", "จอห์น", "มาเรีย", "ดอน", "ปรมัตถ์", "สุภาพ", "วิไล", "Anna", "José"]
        self.family = ["คงศักดิ์", "ใจดี", "สมิธ", "วินัย", "ปรมัตถ์", "Müller", "O'Brien", "ศรีสุข"]
        self.filler = ["ได้", "หารือ", "ร่วมกับ", "เกี่ยวกับ", "ความร่วมมือ", "ด้าน", "การค้า", "การลงทุน", "และ",
                       "โดย", "ซึ่ง", "ที่", "ใน", "ณ", "เพื่อ", "ระหว่าง", "ทั้งสองฝ่าย", "เห็นพ้อง", "ให้",
                       "the", "meeting", "on", "and", "of", "with", "(", ")", ",", ".", "“", "”", "-", "/"]


_VOCAB: Vocabulary | None = None


def vocabulary() -> Vocabulary:
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = Vocabulary()
    return _VOCAB


def _digits(rng: random.Random, n: int) -> str:
    s = "".join(rng.choice("0123456789") for _ in range(n))
    return s.translate(str.maketrans("0123456789", THAI_DIGITS)) if rng.random() < 0.5 else s


def _date(rng: random.Random) -> str:
    v = vocabulary()
    month = rng.choice(v.months) if v.months else "มกราคม"
    day = rng.choice([str(rng.randint(1, 31)), _digits(rng, rng.randint(1, 3)), "0", "32", "๓๑"])
    year = rng.choice([str(rng.randint(2400, 2700)), str(rng.randint(1900, 2100)), _digits(rng, rng.randint(1, 6)),
                       "0000", "9999", "2564", "๒๕๖๗", "60"])
    era = rng.choice(["", "พ.ศ. ", "ค.ศ. ", "B.E. ", "A.D. "])
    forms = [
        f"{day} {month} {era}{year}",
        f"วัน{rng.choice(['จันทร์', 'อังคาร', 'พุธ', 'พฤหัสบดี', 'ศุกร์'])}ที่ {day} {month} {year}",
        f"{day}-{rng.randint(1, 40)} {month} {year}",
        f"{day} {month} - {rng.randint(1, 40)} {rng.choice(v.months or ['มีนาคม'])} {year}",
        f"{day}/{rng.randint(0, 99)}/{year}",
        f"{year}-{rng.randint(0, 19):02d}-{rng.randint(0, 39):02d}",
        f"{month} {day}, {year}",
        f"วันนี้ ({day} {month} {year})",
        "วันนี้",
    ]
    return rng.choice(forms)


def _money(rng: random.Random) -> str:
    v = vocabulary()
    cur = rng.choice(v.currencies) if v.currencies else "บาท"
    amount = rng.choice([_digits(rng, rng.randint(1, 30)), f"{rng.randint(1, 999)},{rng.randint(0, 999):03d}",
                         f"{rng.randint(0, 99)}.{rng.randint(0, 99)}", "เก้าสิบสองล้าน", "หนึ่งแสนสองหมื่น",
                         "ล้านล้านล้าน", "๓.๕"])
    mult = rng.choice(["", " ล้าน", " พันล้าน", " million", " billion", "ล้านล้าน"])
    pre = rng.choice(["", "ประมาณ ", "กว่า ", "about ", "งบประมาณ "])
    return rng.choice([f"{pre}{amount}{mult} {cur}", f"{cur} {amount}{mult}", f"({pre}{amount}{mult}{cur})"])


def _person(rng: random.Random) -> str:
    v = vocabulary()
    hon = rng.choice(v.honorifics) if v.honorifics and rng.random() < 0.8 else ""
    name = f"{rng.choice(v.given)} {rng.choice(v.family)}"
    if rng.random() < 0.1:
        name = rng.choice(HOSTILE_NAMES)
    return f"{hon}{name}"


def _phrase(rng: random.Random) -> str:
    v = vocabulary()
    kind = rng.random()
    pools = [v.countries, v.orgs, v.places, v.positions, v.heads, v.cues, v.programmes, v.markers, v.filler]
    if kind < 0.12:
        return _person(rng)
    if kind < 0.2:
        return _date(rng)
    if kind < 0.26:
        return _money(rng)
    if kind < 0.3:
        return rng.choice(["ครั้งที่ ", "ร้อยละ ", "ระยะที่ ", ""]) + _digits(rng, rng.randint(1, 4)) + \
            rng.choice(["", "%", " เปอร์เซ็นต์", "th", " ปี"])
    if kind < 0.34:
        inner = " ".join(_phrase(rng) for _ in range(rng.randint(1, 3)))
        return f"({inner})"
    pool = rng.choice([p for p in pools if p] or [v.filler])
    return rng.choice(pool)


def generated_article(rng: random.Random) -> str:
    """A thaigov/MFA/plain-like article made of the project's own names, dates, money and cue words."""
    title = "".join(_phrase(rng) + rng.choice(["", " "]) for _ in range(rng.randint(1, 12)))
    layout = rng.random()
    lines: list[str] = []
    if layout < 0.4:
        lines += [f"รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{title}", _date(rng), f"{rng.randint(1, 31)}/{rng.randint(1, 12)}/2567",
                  "พิมพ์", title]
    elif layout < 0.6:
        lines += [title, title, f"วันที่นำเข้าข้อมูล {_date(rng)}", f"วันที่ปรับปรุงข้อมูล {_date(rng)}",
                  f"| {rng.randint(0, 10**6):,} views"]
    else:
        lines.append(title)
    for _ in range(rng.randint(1, 25)):
        words = [_phrase(rng) for _ in range(rng.randint(3, 60))]
        seps = [rng.choice([" ", "", " ", "  ", "\t"]) for _ in words]
        lines.append("".join(w + s for w, s in zip(words, seps)).strip())
    if layout < 0.4:
        lines.append("ที่มา : https://www.thaigov.go.th/news/contents/details/" + str(rng.randint(1, 99999)))
    return "\n".join(lines) + "\n"


# -- mutations -------------------------------------------------------------------------------------

#: Names that must come out escaped everywhere (HTML, every RDF syntax) and make valid, distinct IRIs.
HOSTILE_NAMES = [
    'นายจอห์น "<script>alert(1)</script>" สมิธ',
    "นางมาเรีย <img src=x onerror=alert(1)> ใจดี",
    'Mr. John "Q" O\\Brien',
    "นายสมชาย } ; DROP ALL ; {",
    "นาย\u202eสมชาย\u202c ใจดี",
    "นายสมชาย\nใจดี",
    "นาย\\u0041 \\n ใจดี",
    "Dr. A > B < C & D",
    "นาย%2F..%2F ใจดี",
    "นาย../../etc/passwd ใจดี",
    "นาย<![CDATA[x]]> ใจดี",
    "นาย\u0e48\u0e48\u0e48 \u0e31\u0e31",
]

MARKUP = [
    "<script>alert(1)</script>", "<script>alert('x')</script>", "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>", "</script><script>alert(1)</script>", "<!--", "-->", "<![CDATA[", "]]>",
    "<p>", "</p>", "<br>", "<div>", "</div>", "<a href=\"javascript:alert(1)\">x</a>", "&amp;", "&#x0E01;", "&lt;",
    "<html><body>", "</body></html>", "<title>", "</title>", "<?xml version=\"1.0\"?>", "<!DOCTYPE html>",
    "<style>*{}</style>", "\"'><script>alert(document.cookie)</script>", "{{7*7}}", "${7*7}", "%s%s%n",
    "} ; DROP ALL ; {", "\"\"\"", "\\", "\\u0000", "@prefix x: <http://e/> .", "<http://example.org/>",
]

CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\u2028", "\u2029",
            "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\xad", "\u202e", "\u202d", "\ufffd", "\ufffe",
            "\r", "\r\n", "\t", "\xa0", "\u3000"]

ODD_UNICODE = ["\u0e4d\u0e32", "\u0e4d\u0e48\u0e32", "\u0e48" * 20, "\u0e31\u0e34\u0e35", "e\u0301", "\u1100\u1161",
               "😀", "👨‍👩‍👧", "\U0010ffff", "ｆｕｌｌ", "ﬁ", "Ⅻ", "\u0e50\u0e51", "ß", "İ", "ǅ", "\u0345",
               "\u0e3a", "\u0e4e", "ๆๆๆ", "ฯลฯ", "\u0e2f"]


@dataclass
class Case:
    index: int
    data: bytes
    steps: list[str]

    @property
    def description(self) -> str:
        return " + ".join(self.steps)


def _as_text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def _as_bytes(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")


def _insert(rng: random.Random, text: str, piece: str) -> str:
    at = rng.randint(0, len(text))
    return text[:at] + piece + text[at:]


def m_byte_flips(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if b:
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def m_byte_insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + data[at:]


def m_truncate_bytes(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def m_truncate_head(rng: random.Random, data: bytes) -> bytes:
    return data[rng.randint(0, len(data)):]


def m_line_dup(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    times = rng.choice([1, 2, 10, 100, 1000])
    return b"\n".join(lines[:i] + [lines[i]] * times + lines[i:])


def m_line_shuffle(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    rng.shuffle(lines)
    return b"\n".join(lines)


def m_line_delete(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    keep = [line for line in lines if rng.random() > 0.3]
    return b"\n".join(keep)


def m_markup(rng: random.Random, data: bytes) -> bytes:
    text = _as_text(data)
    for _ in range(rng.randint(1, 10)):
        text = _insert(rng, text, rng.choice(MARKUP))
    return _as_bytes(text)


def m_wrap_html(rng: random.Random, data: bytes) -> bytes:
    text = _as_text(data)
    lines = text.split("\n")
    depth = rng.choice([0, 1, 5, 50, 300])
    title = lines[0] if lines else ""
    if rng.random() < 0.3:
        title += rng.choice(MARKUP)
    body = "".join(f"<p>{line}</p>\n" for line in lines[1:])
    page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<script>var x = '</p><p>';</script></head><body>" + "<div>" * depth + f"<h1>{title}</h1>" + body
            + "</div>" * depth + "<script>alert(1)</script></body></html>")
    return _as_bytes(page)


def m_controls(rng: random.Random, data: bytes) -> bytes:
    text = _as_text(data)
    for _ in range(rng.randint(1, 30)):
        text = _insert(rng, text, rng.choice(CONTROLS))
    return _as_bytes(text)


def m_long_line(rng: random.Random, data: bytes) -> bytes:
    n = rng.choice([5_000, 20_000, 100_000, 300_000])
    unit = rng.choice(["ก", "การประชุม", "การประชุม ", "ประเทศไทย", "9", "๙", "a", "( ", "นาย", "\u0e48", "ASEAN ",
                       "นายสมชาย ใจดี ", "1 มกราคม 2564 ", "5 ล้านบาท ", "“", " "])
    line = (unit * (n // len(unit) + 1))[:n]
    text = _as_text(data)
    lines = text.split("\n")
    lines.insert(rng.randrange(len(lines) + 1), line)
    return _as_bytes("\n".join(lines))


def m_thai_digits(rng: random.Random, data: bytes) -> bytes:
    text = _as_text(data)
    if rng.random() < 0.7:
        return _as_bytes(text.translate(str.maketrans("0123456789", THAI_DIGITS)))
    return _as_bytes(text.translate(str.maketrans(THAI_DIGITS, "0123456789")))


def m_odd_unicode(rng: random.Random, data: bytes) -> bytes:
    text = _as_text(data)
    for _ in range(rng.randint(1, 20)):
        text = _insert(rng, text, rng.choice(ODD_UNICODE))
    if rng.random() < 0.2:
        import unicodedata

        text = unicodedata.normalize(rng.choice(["NFD", "NFKC", "NFKD"]), text)
    return _as_bytes(text)


def m_phrases(rng: random.Random, data: bytes) -> bytes:
    """Insert names, dates, money and hostile names where the recognisers will look."""
    text = _as_text(data)
    for _ in range(rng.randint(1, 15)):
        piece = rng.choice([_phrase(rng), _date(rng), _money(rng), _person(rng), rng.choice(HOSTILE_NAMES)])
        text = _insert(rng, text, rng.choice(["", " "]) + piece + rng.choice(["", " "]))
    return _as_bytes(text)


def m_brackets(rng: random.Random, data: bytes) -> bytes:
    text = _as_text(data)
    n = rng.choice([10, 100, 3000])
    opener, closer = rng.choice([("(", ")"), ("“", "”"), ("[", "]"), ('"', '"'), ("<", ">")])
    if rng.random() < 0.5:
        return _as_bytes(opener * n + text + closer * n)
    return _as_bytes(_insert(rng, text, opener * n))


def m_whitespace(rng: random.Random, data: bytes) -> bytes:
    text = _as_text(data)
    choice = rng.choice(["crlf", "cr", "tabs", "nbsp", "nospace", "spaces", "blank"])
    if choice == "crlf":
        text = text.replace("\n", "\r\n")
    elif choice == "cr":
        text = text.replace("\n", "\r")
    elif choice == "tabs":
        text = text.replace(" ", "\t")
    elif choice == "nbsp":
        text = text.replace(" ", "\xa0")
    elif choice == "nospace":
        text = text.replace(" ", "")
    elif choice == "spaces":
        text = text.replace(" ", " " * rng.randint(2, 50))
    else:
        text = text.replace("\n", "\n" * rng.randint(2, 20))
    return _as_bytes(text)


def m_splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    a, b = rng.randint(0, len(data)), rng.randint(0, len(other))
    return data[:a] + other[b:]


MUTATIONS = {
    "byte_flips": m_byte_flips, "byte_insert": m_byte_insert, "truncate": m_truncate_bytes,
    "truncate_head": m_truncate_head, "line_dup": m_line_dup, "line_shuffle": m_line_shuffle,
    "line_delete": m_line_delete, "markup": m_markup, "wrap_html": m_wrap_html, "controls": m_controls,
    "long_line": m_long_line, "thai_digits": m_thai_digits, "odd_unicode": m_odd_unicode, "phrases": m_phrases,
    "brackets": m_brackets, "whitespace": m_whitespace,
}

#: Relative weights: mutations that keep the text readable are favoured, so most inputs reach the extractors.
WEIGHTS = {
    "byte_flips": 6, "byte_insert": 3, "truncate": 6, "truncate_head": 2, "line_dup": 6, "line_shuffle": 6,
    "line_delete": 4, "markup": 8, "wrap_html": 4, "controls": 6, "long_line": 3, "thai_digits": 6,
    "odd_unicode": 6, "phrases": 14, "brackets": 3, "whitespace": 5,
}

ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp874", "tis-620", "utf-8-sig", "latin-1-mojibake"]


def m_encoding(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    name = rng.choice(ENCODINGS)
    text = data.decode("utf-8", errors="replace")
    if name == "latin-1-mojibake":
        return text.encode("utf-8", errors="replace").decode("latin-1").encode("utf-8"), name
    errors = rng.choice(["replace", "ignore"])
    if name.startswith("utf-16") and rng.random() < 0.5 and name != "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le") if name.endswith("le") else \
            codecs.BOM_UTF16_BE + text.encode("utf-16-be"), name + "+bom"
    return text.encode(name, errors=errors), f"{name}/{errors}"


def garbage(rng: random.Random) -> tuple[bytes, str]:
    kind = rng.choice(["bytes", "unicode", "thai-soup", "ascii"])
    n = rng.choice([0, 1, 2, 10, 100, 3000])
    if kind == "bytes":
        return bytes(rng.randrange(256) for _ in range(n)), "garbage-bytes"
    if kind == "unicode":
        chars = []
        for _ in range(n):
            cp = rng.randrange(0x110000)
            if 0xD800 <= cp <= 0xDFFF:
                cp = 0x0E01
            chars.append(chr(cp))
        return "".join(chars).encode("utf-8"), "garbage-unicode"
    if kind == "thai-soup":
        return "".join(chr(rng.randrange(0x0E00, 0x0E80)) if rng.random() < 0.85 else rng.choice(" \n0123(),.")
                       for _ in range(n)).encode("utf-8"), "thai-soup"
    return "".join(chr(rng.randrange(32, 127)) if rng.random() < 0.95 else "\n" for _ in range(n)).encode(), "ascii"


def make_case(seed: int, index: int, corpus: list[Path]) -> Case:
    """Case ``index`` of the run with ``seed``: always the same bytes."""
    rng = random.Random(seed * 1_000_003 + index)
    steps: list[str] = []
    roll = rng.random()
    if roll < 0.65 and corpus:
        path = rng.choice(corpus)
        data = path.read_bytes()
        steps.append(f"corpus:{path.name}")
    elif roll < 0.85:
        data = generated_article(rng).encode("utf-8")
        steps.append("generated")
    elif roll < 0.95 and corpus:
        a, b = rng.choice(corpus), rng.choice(corpus)
        data = m_splice(rng, a.read_bytes(), b.read_bytes())
        steps.append(f"splice:{a.name}+{b.name}")
    else:
        data, what = garbage(rng)
        steps.append(what)
    names = list(MUTATIONS)
    weights = [WEIGHTS[n] for n in names]
    for name in rng.choices(names, weights, k=rng.choice([0, 1, 1, 2, 2, 3, 4])):
        data = MUTATIONS[name](rng, data)
        steps.append(name)
    if rng.random() < 0.08:
        data, what = m_encoding(rng, data)
        steps.append(f"encoding:{what}")
    return Case(index, data, steps)
