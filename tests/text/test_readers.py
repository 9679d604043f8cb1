"""Article layouts: the MFA dev articles, the thaigov corpus, HTML and plain text."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import thaikg
from thaikg.document import Document, Span
from thaikg.errors import InputError, ThaiKGError
from thaikg.text.encoding import decode
from thaikg.text.normalise import normalise
from thaikg.text.readers import READERS, detect, read_layout, reader

from . import CORPUS, corpus_files

SAMPLE = Path(thaikg.__file__).parent / "sample"

DEV = {
    "asean-canada-som18": (
        "รองปลัดกระทรวงการต่างประเทศสนับสนุนการฟื้นฟูที่เข้มแข็งและยั่งยืนในการประชุมเจ้าหน้าที่อาวุโสอาเซียน-แคนาดา ครั้งที่ ๑๘",
        date(2021, 7, 14), date(2022, 11, 29), 6132, 5,
    ),
    "mekong-lancang-fmm9-chiang-mai-2567": (
        "รัฐมนตรีว่าการกระทรวงการต่างประเทศเป็นประธานร่วมการประชุมรัฐมนตรีต่างประเทศแม่โขง-ล้านช้าง ครั้งที่ ๙ ที่จังหวัดเชียงใหม่",
        date(2024, 8, 17), date(2024, 8, 20), 4905, 8,
    ),
    "thailand-new-zealand-courtesy-call-2567": (
        "รัฐมนตรีว่าการกระทรวงการต่างประเทศให้การต้อนรับเอกอัครราชทูตนิวซีแลนด์ประจำประเทศไทยในโอกาสเข้าเยี่ยมคารวะ",
        date(2024, 9, 19), date(2024, 10, 2), 2418, 8,
    ),
    "thailand-timor-leste-jcbc5-tica-2568": (
        "ไทยมอบงบประมาณ 45 ล้านบาท สนับสนุนแผนงานความร่วมมือเพื่อการพัฒนากับติมอร์-เลสเต "
        "ในการประชุมคณะกรรมาธิการร่วมว่าด้วยความร่วมมือทวิภาคีไทย-ติมอร์-เลสเต ครั้งที่ 5",
        date(2025, 3, 3), date(2025, 3, 12), 1276, 8,
    ),
}


def load(path: Path, reader_name: str | None = None) -> Document:
    doc = Document(id=path.stem, source=str(path), raw=decode(path.read_bytes(), str(path)))
    doc.text, doc.offsets, doc.offset_ends = normalise(doc.raw)
    read_layout(doc, reader_name)
    return doc


def para_texts(doc: Document) -> list[str]:
    return [doc.text[p.start:p.end] for p in doc.paragraphs]


def assert_clean_spans(doc: Document) -> None:
    for p in doc.paragraphs:
        chunk = doc.text[p.start:p.end]
        assert chunk and chunk == chunk.strip() and "\n" not in chunk
    assert doc.paragraphs == sorted(doc.paragraphs)


@pytest.mark.parametrize("name", sorted(DEV))
def test_mfa_dev_articles(name: str) -> None:
    title, created, modified, views, n_paragraphs = DEV[name]
    doc = load(SAMPLE / f"{name}.txt")
    assert doc.reader == "mfa"
    assert doc.title == title
    assert doc.title_span is not None and doc.text[doc.title_span.start:doc.title_span.end] == title
    assert doc.title_span.start == 0
    assert (doc.created, doc.modified, doc.views) == (created, modified, views)
    assert doc.published is None and doc.date == created
    texts = para_texts(doc)
    assert len(texts) == n_paragraphs
    assert_clean_spans(doc)
    assert not any(t in ("รูปภาพประกอบ", title) or "view" in t or "วันที่นำเข้าข้อมูล" in t for t in texts)
    assert texts[1].startswith(("เมื่อวันที่", "ระหว่างวันที่"))


def test_mfa_paragraph_provenance_points_into_raw() -> None:
    doc = load(SAMPLE / "asean-canada-som18.txt")
    p = doc.paragraphs[1]
    raw = doc.raw_span(p.start, p.end)
    assert doc.raw[raw.start:raw.end] == doc.text[p.start:p.end]


THAIGOV = (
    "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-\u200bวราวุธ\u200b ร่วมคณะ\u200b รองนายกฯ\u200b ประวิตร\u200b ตรวจราชการจังหวัดระยอง\n\n\n"
    "วันอังคารที่ 25 สิงหาคม 2563\n"
    "25/08/2563\n"
    "พิมพ์\n"
    "\u200bวราวุธ\u200b ร่วมคณะ\u200b รองนายกฯ\u200b ประวิตร\u200b ตรวจราชการจังหวัดระยอง\n"
    "วราวุธ\u200b ร่วมคณะ\u200b รองนายกฯ\u200b  ประวิตร\u200b ตรวจราชการจังหวัดระยอง\n"
    "วันนี้\u200b (24\u200b สิงหาคม\u200b 2563) เวลา\u200b 09.30\u200b น.\u200b\xa0 นายวราวุธ\u200b ศิลปอาชา ตรวจราชการ\n"
    "1) ด้านความมั่นคง\n"
    "-------------------\n"
    "\n"
    "ที่มา : https://www.thaigov.go.th/news/contents/details/34546"
)


def thaigov_doc(raw: str = THAIGOV) -> Document:
    doc = Document(id="t", source="t.txt", raw=raw)
    read_layout(doc)  # normalises first
    return doc


def test_thaigov_layout() -> None:
    doc = thaigov_doc()
    assert doc.reader == "thaigov"
    assert doc.title == "วราวุธ ร่วมคณะ รองนายกฯ ประวิตร ตรวจราชการจังหวัดระยอง"
    assert doc.title_span is not None and doc.title_span.start == doc.text.index("วราวุธ")
    assert doc.published == date(2020, 8, 25)  # the dated line, not "วันนี้ (24 สิงหาคม 2563)"
    assert doc.url == "https://www.thaigov.go.th/news/contents/details/34546"
    texts = para_texts(doc)
    assert texts == ["วันนี้ (24 สิงหาคม 2563) เวลา 09.30 น. นายวราวุธ ศิลปอาชา ตรวจราชการ", "1) ด้านความมั่นคง"]
    assert_clean_spans(doc)


def test_thaigov_truncated_title_is_completed_from_its_repetition() -> None:
    raw = (
        "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-พม. ระดมหน่วยงานเร่งจัดทำรายงาน ส่งให้สหรัฐฯ\n\n\nวันพุธที่ 9 มีนาคม 2565\n"
        "พม. ระดมหน่วยงานเร่งจัดทำรายงาน ส่งให้สหรัฐฯ เพิ่มเติม  ประกอบการประเมิน\n"
        "วันนี้ (9 มี.ค. 65) เวลา 10.00 น. นายจุติ ไกรฤกษ์ เป็นประธานการประชุม\n"
        "ที่มา : https://www.thaigov.go.th/news/contents/details/1"
    )
    doc = thaigov_doc(raw)
    assert doc.title == "พม. ระดมหน่วยงานเร่งจัดทำรายงาน ส่งให้สหรัฐฯ เพิ่มเติม ประกอบการประเมิน"
    assert doc.published == date(2022, 3, 9)
    assert para_texts(doc) == ["วันนี้ (9 มี.ค. 65) เวลา 10.00 น. นายจุติ ไกรฤกษ์ เป็นประธานการประชุม"]


def test_thaigov_without_title_or_date() -> None:
    doc = thaigov_doc("รัฐบาลไทย-\n\n\nวันพฤหัสบดีที่ 1 มกราคม 2513\n\nที่มา : https://www.thaigov.go.th/x/1")
    assert doc.reader == "thaigov"
    assert doc.title is None and doc.title_span is None
    assert doc.published is None  # 1 January 1970 is the site's "no date"
    assert doc.paragraphs == []
    assert doc.url == "https://www.thaigov.go.th/x/1"


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


@needs_corpus
def test_thaigov_real_article() -> None:
    doc = load(CORPUS / "2020-09-17_0013092df7.txt")
    assert doc.reader == "thaigov"
    assert doc.title == "วราวุธ ร่วมคณะ รองนายกฯ ประวิตร ตรวจราชการจังหวัดระยอง"
    assert doc.published == date(2020, 8, 25)
    assert doc.url == "https://www.thaigov.go.th/news/contents/details/34546"
    texts = para_texts(doc)
    assert texts[0].startswith("วันนี้ (24 สิงหาคม 2563) เวลา 09.30 น. นายวราวุธ ศิลปอาชา")
    assert "พิมพ์" not in texts and doc.title not in texts


@needs_corpus
def test_corpus_sample_has_titles_and_bodies() -> None:
    sample = corpus_files()[::28]
    assert len(sample) >= 60
    for path in sample:
        doc = load(path)
        assert doc.reader == "thaigov", path
        assert doc.title and doc.published and doc.url, path
        assert not doc.title.startswith("รัฐบาลไทย-")
        assert_clean_spans(doc)
        if not doc.paragraphs:  # a photo page: nothing but the header and the title repeated
            assert all(_header_line(doc, line) for line in doc.text.split("\n")[1:] if line.strip()), path
    with_body = [p for p in sample if load(p).paragraphs]
    assert len(with_body) >= 50


def _header_line(doc: Document, line: str) -> bool:
    title = (doc.title or "").replace(" ", "")
    return line.replace(" ", "") == title or line == "พิมพ์" or line.startswith(("วัน", "ที่มา :")) or "/" in line


@needs_corpus
def test_whole_corpus_reads() -> None:
    files = corpus_files()
    without_body = [p.name for p in files if not load(p).paragraphs]
    # a handful of pages are a title only (photo galleries), one is empty
    assert len(without_body) <= len(files) // 100, without_body


HTML = """<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">
<title>รัฐมนตรีว่าการกระทรวงการต่างประเทศเป็นประธาน | กระทรวงการต่างประเทศ</title>
<meta property="article:published_time" content="2024-08-17">
<link rel="canonical" href="https://www.mfa.go.th/th/content/x"></head>
<body><nav><a href="/">หน้าแรก</a> <a href="/news">ข่าว</a></nav><article>
<h1>รัฐมนตรีว่าการกระทรวงการต่างประเทศเป็นประธาน</h1>
<p>ระหว่างวันที่ ๑๕-๑๖ สิงหาคม ๒๕๖๗ นายมาริษ เสงี่ยมพงษ์ รัฐมนตรีว่าการกระทรวงการต่างประเทศ เป็นประธานร่วม
การประชุมรัฐมนตรีต่างประเทศแม่โขง-ล้านช้าง ครั้งที่ ๙ ณ จังหวัดเชียงใหม่ โดยมีรัฐมนตรีต่างประเทศเข้าร่วม</p>
<p>ทั้งนี้ ที่ประชุมได้รับรองแถลงการณ์ร่วมของการประชุมรัฐมนตรีต่างประเทศแม่โขง-ล้านช้าง ครั้งที่ ๙ และเห็นชอบให้เมียนมารับหน้าที่ประธานร่วม</p>
</article><footer>สงวนลิขสิทธิ์</footer></body></html>"""


def test_html_reader_replaces_raw_with_extracted_text() -> None:
    doc = Document(id="h", source="h.html", raw=HTML)
    read_layout(doc)
    assert doc.reader == "html"
    assert "<" not in doc.raw and doc.raw.startswith(doc.title or "-")
    assert doc.title == "รัฐมนตรีว่าการกระทรวงการต่างประเทศเป็นประธาน"
    assert doc.published == date(2024, 8, 17)
    assert doc.url == "https://www.mfa.go.th/th/content/x"
    texts = para_texts(doc)
    assert texts[0].startswith("ระหว่างวันที่ ๑๕-๑๖ สิงหาคม ๒๕๖๗")
    assert texts[-1].startswith("ทั้งนี้")
    assert not any("สงวนลิขสิทธิ์" in t or "หน้าแรก" in t for t in texts)
    p = doc.paragraphs[-1]
    raw = doc.raw_span(p.start, p.end)
    assert doc.raw[raw.start:raw.end] == texts[-1]


def test_html_without_text_is_an_input_error() -> None:
    html = "<!DOCTYPE html><html><head><title>t</title></head><body><script>var x = 1;</script></body></html>"
    doc = Document(id="h", source="empty.html", raw=html)
    with pytest.raises(InputError, match=r"^empty\.html: "):
        read_layout(doc)


def test_plain_reader() -> None:
    doc = Document(id="p", source="p.txt", raw="หัวข้อข่าว\n\nย่อหน้าแรก  มีเนื้อหา\n*****\nย่อหน้าที่สอง\n")
    read_layout(doc)
    assert doc.reader == "plain"
    assert doc.title == "หัวข้อข่าว"
    assert para_texts(doc) == ["ย่อหน้าแรก มีเนื้อหา", "ย่อหน้าที่สอง"]
    long = Document(id="p", source="p.txt", raw="ก" * 400 + "\nข")
    read_layout(long)
    assert long.title is None and len(long.paragraphs) == 2


def test_detect() -> None:
    assert detect((SAMPLE / "asean-canada-som18.txt").read_text(encoding="utf-8")) == "mfa"
    assert detect(normalise(THAIGOV)[0]) == "thaigov"
    assert detect(HTML) == "html"
    assert detect("<div><p>a</p><p>b</p><p>c</p><br><span>d</span></div>") == "html"
    assert detect("หัวข้อ\nเนื้อหา") == "plain"


def test_explicit_reader_and_unknown_reader() -> None:
    doc = Document(id="t", source="t.txt", raw=THAIGOV)
    read_layout(doc, "plain")
    assert doc.reader == "plain" and doc.title is not None and doc.title.startswith("รัฐบาลไทย-")
    with pytest.raises(ThaiKGError, match="unknown reader 'pdf'; known readers: mfa, thaigov, html, plain"):
        read_layout(doc, "pdf")


def test_readers_can_be_registered() -> None:
    @reader("shout", lambda text: 1.0 if text.startswith("!!") else 0.0)
    def read_shout(doc: Document) -> None:
        """Everything is one paragraph."""
        doc.paragraphs = [Span(0, len(doc.text))]

    try:
        doc = Document(id="s", source="s.txt", raw="!! hello")
        read_layout(doc)
        assert doc.reader == "shout" and READERS["shout"].description == "Everything is one paragraph."
        assert doc.paragraphs and doc.text[doc.paragraphs[0].start:doc.paragraphs[0].end] == "!! hello"
    finally:
        del READERS["shout"]



def test_mfa_metadata_in_thai_digits_and_only_in_the_header() -> None:
    raw = (
        "ไทยร่วมประชุม\n\nไทยร่วมประชุม\n\nวันที่นำเข้าข้อมูล ๑๔ ก.ค. ๒๕๖๔\n\nวันที่ปรับปรุงข้อมูล 2 ต.ค. 2567\n\n"
        "| ๑,๒๓๔ view\n\nเนื้อหาข่าว\n\n5 ครั้ง\n\nรูปภาพประกอบ\n\nรูปภาพประกอบ"
    )
    doc = Document(id="m", source="m.txt", raw=raw)
    read_layout(doc)
    assert doc.reader == "mfa"
    assert (doc.created, doc.modified, doc.views) == (date(2021, 7, 14), date(2024, 10, 2), 1234)
    assert para_texts(doc) == ["เนื้อหาข่าว", "5 ครั้ง"]
