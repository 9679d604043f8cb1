"""Stage ``recognise``: find every mention of a person, position, organisation,
country, place, meeting, programme and topic in the title and body.

Several small recognisers propose candidate mentions; :func:`select` keeps the
best non-overlapping set (people and their titles first, then the longest
names).  Each recogniser is driven by data (gazetteers, honorifics, title
heads, name heads, cue words), never by names written into the code.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..document import Document, Mention, Span
from ..knowledge import Knowledge
from ..pipeline import stage

THAI_LETTER = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e"
_THAI_WORD = re.compile(f"[{THAI_LETTER}]+")
_LATIN_NAME = re.compile(
    r"[A-Z][A-Za-z\u00c0-\u024f'’.\-]*"
    r"(?:[ ]+(?:[A-Z][A-Za-z\u00c0-\u024f'’.\-]*|(?:dos|da|de|del|der|di|van|von|bin|binti|al|la|le|du|y)(?= )))*"
)
_LATIN_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'’.&\-]*(?:[ ]+[A-Za-z0-9\u00c0-\u024f'’.&\-]+)*")
_BRACKET = re.compile(r"[ ]?\(([^()\n]{2,160})\)")
_NUMBERED_SUFFIX = re.compile(
    r"(?:[ ]?(?:ครั้งที่|ระยะที่|ฉบับที่)[ ]?[0-9๐-๙]+"
    r"|[ ]ระยะ[ ]?[0-9๐-๙]+[ ]?ปี"
    r"|[ ]ปี[ ]?[0-9๐-๙]{4}(?:[ ]?[-–][ ]?[0-9๐-๙]{4})?"
    r"|[ ]?\((?:พ\.ศ\.|ค\.ศ\.)[ ]?[0-9๐-๙]{4}(?:[ ]?[-–][ ]?[0-9๐-๙]{4})?\))+"
)
_ENUM = re.compile(r"\(([0-9๐-๙]{1,2})\)[ ]?")

#: Priority of each recogniser when candidates overlap (lower wins at equal length).
PRIORITY = {"person": 0, "position": 1, "gazetteer": 2, "heads": 3, "topic": 4, "list": 5}


@stage("recognise", needs=("text", "sentences"), adds=("mentions",))
def recognise(doc: Document, kn: Knowledge) -> None:
    """Candidate mentions from every recogniser, reduced to the best non-overlapping set."""
    regions = ([doc.title_span] if doc.title_span else []) + list(doc.paragraphs)
    found: list[Mention] = []
    for region in regions:
        for recogniser in RECOGNISERS:
            found.extend(recogniser(doc.text, region, kn))
    chosen = select(found)
    chosen += list_topics(doc.text, regions, chosen, kn)
    chosen += bracket_aliases(doc.text, chosen)
    chosen += position_parts(doc.text, chosen, kn)
    doc.mentions = sorted(chosen, key=lambda m: (m.start, -m.end, m.cls))


def select(candidates: Iterable[Mention]) -> list[Mention]:
    """People and titles first, then the longest names; nothing overlaps what is kept."""
    taken: list[Mention] = []
    occupied: set[int] = set()

    def tier(m: Mention) -> int:
        return 0 if m.source in ("person", "position") else 1

    for m in sorted(candidates, key=lambda m: (tier(m), -(m.end - m.start), PRIORITY[m.source], m.start)):
        if m.end <= m.start or any(i in occupied for i in range(m.start, m.end)):
            continue
        taken.append(m)
        occupied.update(range(m.start, m.end))
    return taken


# --- gazetteer and topic scheme ----------------------------------------------------------


def dictionary_mentions(text: str, region: Span, kn: Knowledge) -> list[Mention]:
    """Names from the gazetteers and labels of the topic scheme (longest at each position)."""
    out = []
    for m in kn.matcher.find_all(text, region.start, region.end):
        gaz = [v for v in m.values if v[0] == "gaz"]
        if gaz:
            entry = kn.entry(gaz[0][1])
            out.append(Mention(m.start, m.end, text[m.start:m.end], entry.cls, "gazetteer", attrs={"gaz": entry.id}))
            continue
        topics = [v for v in m.values if v[0] == "topic"]
        if topics:
            out.append(Mention(m.start, m.end, text[m.start:m.end], "Topic", "topic", attrs={"topic": topics[0][1]}))
    return out


# --- people ------------------------------------------------------------------------------


def person_mentions(text: str, region: Span, kn: Knowledge) -> list[Mention]:
    """An honorific (นาย, ดร., H.E. Mr. ...) followed by a Thai or Latin-script name."""
    out = []
    i = region.start
    for m in kn.honorific_matcher.find_all(text, region.start, region.end):
        if m.start < i or kn.is_word_not_honorific(text, m.start, m.end):
            continue
        honorifics = [text[m.start:m.end]]
        j = m.end
        while True:  # chained honorifics: "H.E. Mr.", "พลเอก ดร."
            k = j + (1 if j < region.end and text[j] == " " else 0)
            nxt = kn.honorific_matcher.match_at(text, k, region.end)
            if nxt is None:
                break
            honorifics.append(text[nxt.start:nxt.end])
            j = nxt.end
        start = j + (1 if j < region.end and text[j] == " " else 0)
        span = _name_after(text, start, region.end, kn)
        if span is None:
            continue
        name = text[span[0]:span[1]]
        out.append(Mention(span[0], span[1], name, "Person", "person",
                           attrs={"honorific": " ".join(honorifics), "title_start": str(m.start)}))
        i = span[1]
    return out


def _name_after(text: str, start: int, end: int, kn: Knowledge) -> tuple[int, int] | None:
    """The span of the name that begins at ``start``: Latin words, or one or two Thai words."""
    if start >= end:
        return None
    latin = _LATIN_NAME.match(text, start, end)
    if latin and latin.end() > start + 1:
        stop = latin.end()
        words = text[start:stop].split(" ")
        while words and (kn.is_english_title_word(words[-1]) or words[-1] in ("of", "and")):
            stop -= len(words.pop()) + 1
        return (start, stop) if stop > start + 1 else None
    first = _THAI_WORD.match(text, start, end)
    if not first or first.end() - start < 2:
        return None
    stop = first.end()
    if stop + 1 < end and text[stop] == " ":
        second = _THAI_WORD.match(text, stop + 1, end)
        if second and 2 <= second.end() - second.start() <= 30 and not kn.starts_non_name(text, second.start()):
            stop = second.end()
    if kn.starts_non_name(text, start):
        return None
    return start, stop


# --- positions -----------------------------------------------------------------------------


def position_mentions(text: str, region: Span, kn: Knowledge) -> list[Mention]:
    """Titles of office: a title head, then the organisation, country or posting it belongs to."""
    out: list[Mention] = []
    pos = region.start
    while pos < region.end:
        m = kn.title_matcher.match_next(text, pos, region.end)
        if m is None:
            break
        title = kn.title(m.values)
        if title.english:
            stop = _english_title_end(text, m.start, region.end)
        else:
            stop = _thai_title_end(text, m.start, m.end, region.end, title.takes, kn)
        out.append(Mention(m.start, stop, text[m.start:stop], "Position", "position", attrs={"head": title.head}))
        pos = stop if stop > m.start else m.end
    return out


def _english_title_end(text: str, start: int, end: int) -> int:
    run = _LATIN_RUN.match(text, start, end)
    stop = run.end() if run else start
    words = text[start:stop].split(" ")
    while len(words) > 1 and words[-1] in ("of", "and", "for", "the", "to"):
        stop -= len(words.pop()) + 1
    return stop


def _thai_title_end(text: str, start: int, head_end: int, end: int, takes: str, kn: Knowledge) -> int:
    """Where a Thai title ends: after its organisation (a known name when there is one),
    a country, and ``ประจำ`` + posting; never across a space unless a name spans it."""
    j = head_end
    if takes in ("ministry", "department", "org"):
        org_start = j
        for prefix in ("กระทรวง", "กรม"):  # the head ends with the organisation's own head word
            if text[start:j].endswith(prefix):
                org_start = j - len(prefix)
        named = kn.matcher.match_at(text, org_start, end)
        if named is not None and named.end > j and kn.is_org_or_country(named.values):
            j = named.end
        else:
            j = _phrase_end(text, j, end, kn)
    country = kn.matcher.match_at(text, j, end)
    if country is not None and kn.is_country(country.values):
        j = country.end
    if text.startswith("ประจำ", j):
        k = j + len("ประจำ")
        k += 1 if k < end and text[k] == " " else 0
        posting = kn.matcher.match_at(text, k, end)
        j = posting.end if posting is not None else _phrase_end(text, k, end, kn)
    elif takes == "none" or j == head_end:
        j = max(j, _phrase_end(text, head_end, end, kn, allow_empty=True))
    return j


def _phrase_end(text: str, start: int, end: int, kn: Knowledge, allow_empty: bool = False) -> int:
    """The end of a Thai name phrase from ``start``: up to white space, a bracket, a
    stop word (โดย, ซึ่ง ...), a verb that starts the predicate, or ``และ`` + a new head."""
    j = start
    while j < end and not text[j].isspace() and text[j] not in "(),:;\"“”":
        if j > start and (kn.stop_at(text, j) or (text.startswith("และ", j) and kn.head_at(text, j + 3))):
            break
        j += 1
    return j if (j > start or allow_empty) else start


# --- names opened by a head word (การประชุม…, โครงการ…, กระทรวง…, จังหวัด…) -----------------


def headed_mentions(text: str, region: Span, kn: Knowledge) -> list[Mention]:
    out = []
    for m in kn.head_matcher.find_all(text, region.start, region.end):
        head = kn.head(m.values)
        if head.cls == "-" or kn.blocked_before(text, m.start):
            continue
        stop = _phrase_end(text, m.end, region.end, kn, allow_empty=True)
        stop = _cut_before_place(text, m.end, stop, kn)
        if head.cls == "Meeting" or head.cls == "Programme":
            stop = _cut_before_org(text, m.end, stop, kn) if head.cls == "Programme" else stop
        latin = re.match(r" ([A-Z0-9][A-Za-z0-9\u00c0-\u024f'’.&\-]*(?: [A-Za-z0-9\u00c0-\u024f'’.&\-]+)*)", text[stop:region.end])
        if latin and (stop == m.end or latin.group(1).isupper()):
            stop += latin.end()
        suffix = _NUMBERED_SUFFIX.match(text, stop, region.end)
        if suffix:
            stop = suffix.end()
        tail = re.match(f" [{THAI_LETTER}]{{2,20}}(?= ?\\()", text[stop:region.end])
        if tail and head.cls not in ("Meeting",) and stop > m.end:
            stop += tail.end()
        if stop == m.end and head.kind not in kn.complete_heads:
            continue
        name = text[m.start:stop].rstrip()
        out.append(Mention(m.start, m.start + len(name), name, head.cls, "heads", attrs={"kind": head.kind}))
    return out


def _cut_before_place(text: str, start: int, stop: int, kn: Knowledge) -> int:
    """``…ที่เขตเออร์เมรา`` / ``…ในติมอร์-เลสเต``: a place named after ที่/ณ/ใน is not part of the name."""
    for j in range(start + 1, stop):
        for word in ("ที่", "ณ", "ใน"):
            if text.startswith(word, j):
                k = j + len(word)
                hit = kn.matcher.match_at(text, k, stop + 40)
                if hit is not None and kn.is_place_like(hit.values) or kn.place_head_at(text, k):
                    return j
    return stop


def _cut_before_org(text: str, start: int, stop: int, kn: Knowledge) -> int:
    """``โครงการ…ของโรงพยาบาล…``: the owner named after ของ is a separate organisation."""
    for j in range(start + 1, stop):
        if text.startswith("ของ", j):
            k = j + 3
            hit = kn.matcher.match_at(text, k, stop)
            if (hit is not None and kn.is_org_or_country(hit.values)) or kn.org_head_at(text, k):
                return j
    return stop


# --- topics listed after a cue (ได้แก่, อาทิ, ความร่วมมือด้าน …, (๑) …) ----------------------


def list_topics(text: str, regions: list[Span], chosen: list[Mention], kn: Knowledge) -> list[Mention]:
    """Areas named in a list that the topic scheme does not know yet.

    Only items that open with a nominaliser (การ…, ความ…) and hold no other
    mention become topics, so a list never turns a person or a country into one.
    """
    occupied = {i for m in chosen for i in range(m.start, m.end)}
    out: list[Mention] = []
    for region in regions:
        starts = [c.end for c in kn.cue_matches("list", text, region)]
        starts += [m.end() for m in _ENUM.finditer(text, region.start, region.end)]
        for s in sorted(set(starts)):
            for a, b in _list_items(text, s, region.end, kn):
                if any(i in occupied for i in range(a, b)):
                    continue
                item = text[a:b]
                if not item.startswith(("การ", "ความ")) or not 6 <= len(item) <= 60:
                    continue
                if kn.is_generic_topic(item):
                    continue
                out.append(Mention(a, b, item, "Topic", "list"))
                occupied.update(range(a, b))
    return out


def _list_items(text: str, start: int, end: int, kn: Knowledge, limit: int = 8) -> list[tuple[int, int]]:
    items = []
    j = start
    while j < end and len(items) < limit:
        while j < end and text[j] == " ":
            j += 1
        if text.startswith("และ", j):
            j += 3
        if j >= end or kn.clause_break(text, j) or text[j] == "(":
            break
        stop = _phrase_end(text, j, end, kn)
        if stop <= j:
            break
        items.append((j, stop))
        j = stop
        if j < end and text[j] != " ":
            break
    return items


# --- names given again in brackets: ``ชื่อไทย (English Name: ABC)`` ----------------------------


def bracket_aliases(text: str, chosen: list[Mention]) -> list[Mention]:
    """English names and acronyms in brackets right after a name become mentions of the same thing."""
    out = []
    ends = {m.end: m for m in chosen if m.cls not in ("Topic",)}
    for end, m in sorted(ends.items()):
        b = _BRACKET.match(text, end)
        if not b or re.search(f"[{THAI_LETTER}]", b.group(1)) or re.fullmatch(r"[0-9 .\-–,]+", b.group(1)):
            continue
        inner_start = b.start(1)
        parts = re.split(r"[:：]\s*", b.group(1))
        offset = inner_start
        for k, part in enumerate(parts):
            part_stripped = part.strip()
            if part_stripped:
                a = text.index(part_stripped, offset)
                kind = "acronym" if _looks_like_acronym(part_stripped) else "alias"
                out.append(Mention(a, a + len(part_stripped), part_stripped, m.cls, "bracket",
                                   attrs={"alias_of": f"{m.start}:{m.end}", "kind": kind}))
                offset = a + len(part_stripped)
    return out


def _looks_like_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9&\-]{1,11}", text)) and sum(c.isupper() for c in text) >= 2


# --- the organisation and country inside a title ------------------------------------------------


def position_parts(text: str, chosen: list[Mention], kn: Knowledge) -> list[Mention]:
    """Mentions of the organisations and countries named inside each title, linked to it."""
    out = []
    for m in chosen:
        if m.cls != "Position":
            continue
        head_len = len(m.attrs.get("head", ""))
        for hit in kn.matcher.find(text, m.start + max(1, head_len - 8), m.end):
            values = hit.values
            gaz = [v for v in values if v[0] == "gaz"]
            if not gaz:
                continue
            entry = kn.entry(gaz[0][1])
            out.append(Mention(hit.start, hit.end, text[hit.start:hit.end], entry.cls, "title-part",
                               attrs={"gaz": entry.id, "part_of": f"{m.start}:{m.end}"}))
    return out


RECOGNISERS: tuple[Callable[[str, Span, Knowledge], list[Mention]], ...] = (
    dictionary_mentions, person_mentions, position_mentions, headed_mentions,
)
