"""Stage ``recognise``: find every mention of a person, position, organisation,
country, place, meeting, programme and topic in the title and body.

Several small recognisers propose candidate mentions; :func:`select` keeps the
best non-overlapping set (people and their titles first, then the longest
names).  Each recogniser is driven by data (gazetteers, honorifics, title
heads, name heads, cue words), never by names written into the code.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from ..document import Document, Mention, Span, span_holding
from ..knowledge import Knowledge
from ..matcher import LEADING_VOWELS, Match
from ..pipeline import stage
from ..text.money import find_money

THAI_LETTER = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e"
_THAI_WORD = re.compile(f"[{THAI_LETTER}]+")
_THAI_NAME_WORD = re.compile(f"[{THAI_LETTER}]+\\.?")  # "อาร์." in "เวนดี้ อาร์. เชอร์แมน"
_LATIN_NAME = re.compile(
    r"[A-Z][A-Za-z\u00c0-\u024f'’.\-]*"
    r"(?:[ ]+(?:[A-Z][A-Za-z\u00c0-\u024f'’.\-]*|(?:dos|da|de|del|der|di|van|von|bin|binti|al|la|le|du|y)(?= )))*"
)
_LATIN_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'’.&\-–+]*(?:[ ]+[A-Za-z0-9\u00c0-\u024f'’.&\-–+]+)*")
_BRACKET = re.compile(r"[ ]?\(([^()\n]{2,160})\)")
_NUMBERED_SUFFIX = re.compile(
    r"(?:[ ]?(?:ครั้งที่|ระยะที่|ฉบับที่)[ ]?[0-9๐-๙]+"
    r"|[ ]ระยะ[ ]?[0-9๐-๙]+[ ]?ปี"
    r"|[ ]ปี[ ]?[0-9๐-๙]{4}(?:[ ]?[-–][ ]?[0-9๐-๙]{4})?"
    r"|[ ]?\((?:พ\.ศ\.|ค\.ศ\.)[ ]?[0-9๐-๙]{4}(?:[ ]?[-–][ ]?[0-9๐-๙]{4})?\))+"
)
_ENUM = re.compile(r"\(([0-9๐-๙]{1,2})\)[ ]?")

#: Priority of each recogniser when candidates overlap (lower wins at equal length).
PRIORITY = {"money": -1, "person": 0, "position": 1, "gazetteer": 2, "heads": 3, "topic": 4, "list": 5}


@stage("recognise", needs=("text", "sentences"), adds=("mentions",))
def recognise(doc: Document, kn: Knowledge) -> None:
    """Candidate mentions from every recogniser, reduced to the best non-overlapping set."""
    regions = ([doc.title_span] if doc.title_span else []) + list(doc.paragraphs)
    found: list[Mention] = []
    for region in regions:
        for recogniser in RECOGNISERS:
            found.extend(recogniser(doc.text, region, kn))
    found.extend(money_blockers(doc.text, regions))
    found = _without_unheld_titles(_without_glossed_topics(doc.text, found), kn)
    chosen = _without_weak_events([m for m in select(found) if m.source != "money"], regions, kn)
    chosen += list_topics(doc.text, regions, chosen, kn)
    aliases = bracket_aliases(doc.text, chosen, kn)
    inside_aliases = {i for a in aliases for i in range(a.start, a.end)}
    chosen = [m for m in chosen if not (m.start in inside_aliases and m.end - 1 in inside_aliases)] + aliases
    chosen += position_parts(doc.text, chosen, kn)
    chosen += nested_parties(doc.text, chosen, kn)
    doc.mentions = sorted(chosen, key=lambda m: (m.start, -m.end, m.cls))


def select(candidates: list[Mention]) -> list[Mention]:
    """People and titles first, then the longest names; nothing overlaps what is kept."""
    taken: list[Mention] = []
    occupied: set[int] = set()

    def tier(m: Mention) -> int:
        """Money and names first; a title only when it follows a name (else it competes by length)."""
        if m.source in ("money", "person"):
            return 0
        if m.source == "position" and m.attrs.get("after_person") == "1":
            return 0
        return 1

    for m in sorted(candidates, key=lambda m: (tier(m), -(m.end - m.start), PRIORITY[m.source], m.start)):
        if m.end <= m.start or any(i in occupied for i in range(m.start, m.end)):
            continue
        taken.append(m)
        occupied.update(range(m.start, m.end))
    return taken


def _without_glossed_topics(text: str, found: list[Mention]) -> list[Mention]:
    """Words inside an English gloss in brackets belong to the name glossed, not to a topic of their own."""
    glosses = [(b.start(), b.end()) for b in re.finditer(r"\([^()\n]*\)", text)
               if not re.search(f"[{THAI_LETTER}]", b.group())]
    return [m for m in found if not (m.cls == "Topic" and any(a < m.start and m.end < b for a, b in glosses))]


def _without_unheld_titles(found: list[Mention], kn: Knowledge) -> list[Mention]:
    """A title not after a name counts only as a reference to a title someone in the article holds
    (รองปลัด… ได้เสนอ …); otherwise it is a role in passing and must not hide the names inside it."""
    held = {canonical_title(m.text, kn) for m in found if m.source == "position" and m.attrs.get("after_person") == "1"}
    out = []
    for m in found:
        if m.source == "position" and m.attrs.get("after_person") != "1":
            title = canonical_title(m.text, kn)
            if not any(h == title or h.startswith(title) for h in held):
                continue
            m.attrs["after_person"] = "1"  # a reference to a held title ranks with it
        out.append(m)
    return out


def canonical_title(text: str, kn: Knowledge) -> str:
    """A title with each country written the one way the gazetteer prefers (จีน, not สาธารณรัฐประชาชนจีน)."""
    out, last = [], 0
    for hit in kn.matcher.find(text):
        gaz = [v for v in hit.values if v[0] == "gaz"]
        if gaz and kn.entry(gaz[0][1]).cls == "Country":
            entry = kn.entry(gaz[0][1])
            out.append(text[last:hit.start] + (entry.th or text[hit.start:hit.end]))
            last = hit.end
    out.append(text[last:])
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _without_weak_events(chosen: list[Mention], regions: list[Span], kn: Knowledge) -> list[Mention]:
    """``การหารือ``, ``เข้าพบ`` name an event of their own only in a paragraph that names no other
    meeting; beside a named meeting they speak of it."""
    weak = kn.weak_event_kinds

    ordered = sorted(regions)

    def region_of(m: Mention) -> int:
        return span_holding(ordered, m.start)

    strong = [m for m in chosen if m.cls in ("Meeting", "Event") and m.attrs.get("kind") not in weak]
    if any(m.attrs.get("kind") in kn.complete_heads for m in strong):
        strong_regions = set(range(len(regions)))  # a courtesy call or phone call is the article's event
    else:
        strong_regions = {region_of(m) for m in strong}
    return [m for m in chosen if not (m.cls in ("Meeting", "Event") and m.attrs.get("kind") in weak
                                      and region_of(m) in strong_regions)]


def money_blockers(text: str, regions: list[Span]) -> list[Mention]:
    """Amounts of money, so that ``ดอลลาร์สหรัฐ`` is never read as the United States."""
    ordered = sorted(regions)
    return [Mention(m.start, m.end, text[m.start:m.end], "Money", "money") for m in find_money(text)
            if span_holding(ordered, m.start) >= 0]


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
        if topics and kn.topic_boundary_before(text, m.start, region.start):
            out.append(Mention(m.start, m.end, text[m.start:m.end], "Topic", "topic", attrs={"topic": topics[0][1]}))
    return out


# --- people ------------------------------------------------------------------------------


def person_mentions(text: str, region: Span, kn: Knowledge) -> list[Mention]:
    """An honorific (นาย, ดร., H.E. Mr. ...) followed by a Thai or Latin-script name."""
    out = []
    i = region.start
    for m in kn.honorific_matcher.find_all(text, region.start, region.end):
        if m.start < i or kn.is_word_not_honorific(text, m.start, m.end) or kn.ends_a_word(text, m.start, m.end):
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
            i = j  # the honorifics inside this chain were tried with it: a run of them stays linear
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
    if kn.starts_non_name(text, start):
        return None
    words = []
    j = start
    while len(words) < 3:
        word = _THAI_NAME_WORD.match(text, j, end)
        if not word or not 2 <= word.end() - j <= 20:
            break
        if words and (kn.starts_non_name(text, j) or any(text.startswith(w, j) for w in kn.cues.get("not_name_start", ()))
                      or (len(words) == 2 and kn.honorific_matcher.match_at(text, j) is not None)):
            break  # (before looking inside the word: เปิดเผย is a verb, not เปิด + เผย); ด้าน…, นายแพทย์…
        cut = next((k for k in range(j + 2, word.end()) if kn.stop_at(text, k)), None)
        if cut is not None:  # "จิรายุกล่าว": the verb glued to a one-word name
            words.append((j, cut))
            break
        words.append((j, word.end()))
        if word.end() + 1 >= end or text[word.end()] != " ":
            break
        j = word.end() + 1
    if not words:
        return None
    if len(words) == 3 and not _ends_name(text, words[2][1], end, kn):
        words.pop()  # a third word only when a title, a bracket or a clause break follows it
    return start, words[-1][1]


def _ends_name(text: str, j: int, end: int, kn: Knowledge) -> bool:
    k = j + 1 if j < end and text[j] == " " else j
    return k >= end or text[k] in "(,)" or kn.title_matcher.match_at(text, k) is not None \
        or text.startswith("และ", k)


# --- positions -----------------------------------------------------------------------------


def position_mentions(text: str, region: Span, kn: Knowledge) -> list[Mention]:
    """Titles of office: a title head, then the organisation, country or posting it belongs to."""
    out: list[Mention] = []
    pos = region.start
    previous: Mention | None = None
    while pos < region.end:
        m = kn.title_matcher.match_next(text, pos, region.end)
        if m is None:
            break
        pos = m.end
        if any(text.endswith(w, 0, m.start) for w in kn.cues.get("title_not_after", ())):
            continue  # "เป็นประธาน", "ในฐานะประธาน": a role in this event, not an office
        title = kn.title(m.values)
        if title.english:
            stop = _english_title_end(text, m.start, region.end, kn)
            unit = re.match(f" ฝ่าย[{THAI_LETTER}]+", text[stop:region.end])
            stop += unit.end() if unit else 0
        else:
            stop = _thai_title_end(text, m.start, m.end, region.end, title.takes, kn)
        chained = previous is not None and previous.attrs["after_person"] == "1" and \
            text[previous.end:m.start].strip() in ("และ", "")  # "รองนายกรัฐมนตรีและรัฐมนตรีว่าการ…"
        previous = Mention(m.start, stop, text[m.start:stop], "Position", "position",
                           attrs={"head": title.head,
                                  "after_person": "1" if chained or _follows_name(text, m.start) else "0"})
        out.append(previous)
        pos = max(pos, stop)
    return out


def _follows_name(text: str, start: int) -> bool:
    """A title right after a name: ``นาย ก ข รองปลัด…``, ``Mr. X, Minister …``, ``… (Wang Yi) สมาชิก…``."""
    j = start
    while j > 0 and text[j - 1] in " ,":
        j -= 1
    if j > 0 and text[j - 1] == ")":
        j = text.rfind("(", 0, j)
        while j > 0 and text[j - 1] == " ":
            j -= 1
    return j < start and j > 0 and (text[j - 1].isalpha() or "\u0e00" <= text[j - 1] <= "\u0e7f")


def _english_title_end(text: str, start: int, end: int, kn: Knowledge) -> int:
    """Where an English title ends: its capitalised words and the small words that join them
    (``Minister of Foreign Affairs and Trade``), never into the sentence that follows
    (``Chairman of … Foundation and the delegation paid a courtesy call``) nor into the
    name of its holder (``Defense Minister Gen. Prayut``)."""
    run = _LATIN_RUN.match(text, start, end)
    stop = run.end() if run else start
    words = text[start:stop].split(" ")
    at = start
    for k, word in enumerate(words):
        if k and word and ((word[0].islower() and not kn.joins_english_title(word))
                           or kn.honorific_matcher.match_at(text, at) is not None):
            stop = start + len(" ".join(words[:k]))
            words = words[:k]
            break
        at += len(word) + 1
    while len(words) > 1 and kn.joins_english_title(words[-1]):
        stop -= len(words.pop()) + 1
    if words and words[-1].endswith(".") and len(words[-1]) > 4:
        stop -= 1  # the full stop of the sentence (Minister.), not an abbreviation's (Co., Ltd.)
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


def _phrase_end(text: str, start: int, end: int, kn: Knowledge, allow_empty: bool = True) -> int:
    """The end of a Thai name phrase from ``start``: up to white space, a bracket, a
    stop word (โดย, ซึ่ง ...), a verb that starts the predicate, or ``และ`` + a new head."""
    if start >= end:
        return start
    breaks, meetings = kn.phrase_breaks(text)
    k = bisect.bisect_left(breaks, start)
    j = breaks[k] if k < len(breaks) else end
    k = bisect.bisect_right(meetings, start)
    if k < len(meetings):
        j = min(j, meetings[k])
    return min(j, end)


# --- names opened by a head word (การประชุม…, โครงการ…, กระทรวง…, จังหวัด…) -----------------


def headed_mentions(text: str, region: Span, kn: Knowledge) -> list[Mention]:
    out = []
    for m in kn.head_matcher.find_all(text, region.start, region.end):
        head = kn.head(m.values)
        if head.cls == "-" or kn.blocked_before(text, m.start):
            continue
        if head.kind in kn.complete_heads:
            out.append(Mention(m.start, m.end, text[m.start:m.end], head.cls, "heads", attrs={"kind": head.kind}))
            continue
        if any(text.startswith(w, m.end) for w in kn.cues.get("generic_after_head", ())):
            continue  # ข้อริเริ่มของไทย, บริษัทชั้นนำ, โครงการต่าง ๆ: a kind of thing, not a name
        stop = _phrase_end(text, m.end, region.end, kn, allow_empty=True)
        stop = _cut_before_place(text, m.end, stop, kn)
        if not re.match(r" ?\([A-Za-z]", text[stop:stop + 3]):  # a name glossed in brackets is whole
            stop = next((j for j in range(m.end + 2, stop) if kn.cue_at("name_stop", text, j)
                         or (text.startswith("ที่", j) and text[j - 1] not in LEADING_VOWELS
                             and not kn.ends_a_word(text, j, j + 3))), stop)
        stop = kn.trim_function_words(text, m.end, stop) if stop > m.end else stop
        if head.cls in ("GovernmentOrganization", "Organization", "Place"):
            stop = _cut_after_known(text, m.start, m.end, stop, kn)
        if head.cls == "Meeting" or head.cls == "Programme":
            stop = _cut_before_org(text, m.end, stop, kn) if head.cls == "Programme" else stop
        latin = re.match(r" ([A-Z][A-Za-z0-9\u00c0-\u024f'’.&\-–+]*(?: [A-Za-z0-9\u00c0-\u024f'’.&\-–+]+)*)",
                         text[stop:region.end])
        if latin and (stop == m.end or latin.group(1).isupper() or kn.head_ends(text, m.start, stop)):
            stop += latin.end()
        suffix = _NUMBERED_SUFFIX.match(text, stop, region.end)
        if suffix:
            stop = suffix.end()
        if head.cls == "Meeting" and stop > m.end:  # การเยือนไทยอย่างเป็นทางการ: the official visit is one name
            qualifier = next((q for q in kn.cues.get("meeting_qualifier", ()) if text.startswith(q, stop)), None)
            stop += len(qualifier) if qualifier and stop + len(qualifier) <= region.end else 0
        tail = re.match(f" [{THAI_LETTER}]{{2,20}}(?= ?\\()", text[stop:region.end])
        if tail and head.cls not in ("Meeting",) and stop > m.end:
            stop += tail.end()
        if stop == m.end and head.kind not in kn.complete_heads:
            continue
        if text[m.end:m.end + 1] == "/" or kn.is_function_or_verb(text[m.end:stop].strip()) \
                or kn.cue_at("not_after_head", text, m.end):
            continue  # โครงการ/กิจกรรม, โครงการได้, แผนปฏิบัติการด้าน, โครงการจะเกิด…: no name follows the head
        name = text[m.start:stop].rstrip()
        if head.cls in ("Meeting", "Event") and not _names_something(name, kn):
            continue  # การประชุมระดับรัฐมนตรี: a kind of meeting, not a named one
        out.append(Mention(m.start, m.start + len(name), name, head.cls, "heads", attrs={"kind": head.kind}))
    return out


def _names_something(name: str, kn: Knowledge) -> bool:
    """A meeting name that names a party, a series or an edition (not just a kind of meeting)."""
    if re.search(r"[A-Za-z]|[0-9๐-๙]|[ก-๙]-[ก-๙]", name):
        return True
    if any(kn.head(hit.values).cls in ("Programme", "GovernmentOrganization", "Organization")
           for hit in kn.head_matcher.find(name, 1)):
        return True  # พิธีลงนามบันทึกความเข้าใจ…: a signing names the agreement
    return any(v[0] == "gaz" for hit in kn.matcher.find(name) for v in hit.values)


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


def _cut_after_known(text: str, head_start: int, head_end: int, stop: int, kn: Knowledge) -> int:
    """``กระทรวงมหาดไทยลงพื้นที่…``, ``สำนักงานแรงงานจังหวัดระยองเข้าไปตรวจ…``: a headline runs the
    predicate on without a space. The name ends after the first known name in it (the whole
    name from the head, or one inside it) that is followed neither by a word that carries a
    name on (ของ, แห่ง, ประจำ …), a dash, nor another known name.

    A short country name (ไทย, จีน, ลาว) is too often part of a longer name to end one
    (ตึกไทยพันธมิตร), and a country right after the head belongs to it (ตึกไทยคู่ฟ้า).
    """
    def gaz(match: Match | None) -> bool:
        return match is not None and any(v[0] == "gaz" for v in match.values)

    def goes_on(at: int) -> bool:  # ทำเนียบรัฐบาลติมอร์-เลสเต, …ชายแดนไทย-กัมพูชา, …ประจำประเทศไทย
        return (text[at].isspace() or text[at] in "-–" or gaz(kn.matcher.match_at(text, at, stop))
                or any(text.startswith(w, at) for w in kn.cues.get("name_continues", ())))

    whole = kn.matcher.match_at(text, head_start, stop)
    known = [whole] if whole is not None and gaz(whole) else []
    known += [m for m in kn.matcher.find(text, head_end, stop)
              if gaz(m) and not (kn.is_country(m.values) and (m.start == head_end or m.end - m.start < 5))]
    for name in known:
        if name.end >= stop:
            return stop
        if not goes_on(name.end):
            return name.end
    return stop


def _cut_before_org(text: str, start: int, stop: int, kn: Knowledge) -> int:
    """``โครงการ…ของโรงพยาบาล…``: a new organisation named after ของ is a separate name."""
    for j in range(start + 1, stop):
        if text.startswith("ของ", j) and kn.org_head_at(text, j + 3):
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
                b = kn.trim_function_words(text, a, b)
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


def bracket_aliases(text: str, chosen: list[Mention], kn: Knowledge) -> list[Mention]:
    """English names and acronyms in brackets right after a name become mentions of the same thing
    (``นางเอฟเรน … (H.E. Ms. Evren …)``: the honorifics stay out of the name)."""
    out = []
    ends = {m.end: m for m in chosen if m.cls not in ("Topic", "Position")}
    for end, m in sorted(ends.items()):
        b = _BRACKET.match(text, end)
        if not b or re.search(f"[{THAI_LETTER}]", b.group(1)) or re.fullmatch(r"[0-9 .\-–,]+", b.group(1)):
            continue
        inner_start = b.start(1)
        parts = re.split(r"[:：]\s*", b.group(1))
        offset = inner_start
        for k, part in enumerate(parts):
            part_stripped = part.strip()
            if m.cls == "Person":
                part_stripped = _strip_honorifics(part_stripped, kn)
            if part_stripped:
                a = text.index(part_stripped, offset)
                kind = "acronym" if _looks_like_acronym(part_stripped) else "alias"
                out.append(Mention(a, a + len(part_stripped), part_stripped, m.cls, "bracket",
                                   attrs={"alias_of": f"{m.start}:{m.end}", "kind": kind}))
                offset = a + len(part_stripped)
    return out


def _strip_honorifics(name: str, kn: Knowledge) -> str:
    while (h := kn.honorific_matcher.match_at(name, 0)) is not None and h.end < len(name):
        name = name[h.end:].lstrip()
    return name


def _looks_like_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9&\-]{1,11}", text)) and sum(c.isupper() for c in text) >= 2


# --- the organisation and country inside a title ------------------------------------------------


def position_parts(text: str, chosen: list[Mention], kn: Knowledge) -> list[Mention]:
    """Mentions of the organisations and countries named inside each title, linked to it."""
    out = []
    for m in chosen:
        if m.cls != "Position":
            continue
        for hit in kn.matcher.find(text, m.start + 1, m.end):
            values = hit.values
            gaz = [v for v in values if v[0] == "gaz"]
            if not gaz:
                continue
            entry = kn.entry(gaz[0][1])
            if entry.cls not in ("Country", "GovernmentOrganization", "InternationalOrganization", "Organization"):
                continue
            out.append(Mention(hit.start, hit.end, text[hit.start:hit.end], entry.cls, "title-part",
                               attrs={"gaz": entry.id, "part_of": f"{m.start}:{m.end}"}))
    return out


def nested_parties(text: str, chosen: list[Mention], kn: Knowledge) -> list[Mention]:
    """Countries and international organisations named inside a topic, programme or meeting name
    (ความเป็นแกนกลางของอาเซียน): mentioned, though not actors of the sentence."""
    out = []
    for m in chosen:
        if m.cls not in ("Topic", "Programme", "Meeting", "Event", "Organization") or m.source == "bracket":
            continue
        for hit in kn.matcher.find(text, m.start + 1, m.end):
            gaz = [v for v in hit.values if v[0] == "gaz" and kn.entry(v[1]).cls in ("Country", "InternationalOrganization")]
            if gaz:
                entry = kn.entry(gaz[0][1])
                out.append(Mention(hit.start, hit.end, text[hit.start:hit.end], entry.cls, "nested",
                                   attrs={"gaz": entry.id, "part_of": f"{m.start}:{m.end}"}))
    return out


RECOGNISERS: tuple[Callable[[str, Span, Knowledge], list[Mention]], ...] = (
    dictionary_mentions, person_mentions, position_mentions, headed_mentions,
)
