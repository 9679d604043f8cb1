"""Stage ``relate``: the facts between entities, each tied to the sentence it came from.

Thai news states its facts in a few steady shapes, and each rule here reads one:

* ``นาย ก … ตำแหน่ง`` — a person followed by the titles they hold;
* ``เมื่อวันที่ … <person> … เข้าร่วม/เป็นประธาน <meeting> … ณ <place>`` — the
  paragraph that reports a meeting gives its date, place, chairs and participants;
* ``<subject> เสนอ … (๑) … (๒) …`` — what a person or country proposed;
* ``<donor> สนับสนุนเงิน <amount> ให้แก่ <recipient>`` — contributions.

A title used without a name (``รัฐมนตรีว่าการกระทรวงการต่างประเทศได้เสนอ…``)
stands for the person the article named with that title.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..document import Document, Entity, Fact, Mention, Ref, Span, span_holding
from ..ids import digest
from ..knowledge import Knowledge
from ..pipeline import stage
from ..text.dates import find_dates
from ..text.money import find_money
from ..text.numbers import parse_edition

ACTORS = frozenset({"Person", "Country", "InternationalOrganization", "GovernmentOrganization", "Organization"})
PARTIES = frozenset({"Country", "InternationalOrganization"})
SUBJECTS = frozenset({"Topic", "Programme"})
MEETINGS = frozenset({"Meeting", "Event"})


@dataclass
class Region:
    """The title or one paragraph, with the mentions that stand on their own in it."""

    span: Span
    mentions: list[Mention]
    is_title: bool


@stage("relate", needs=("entities", "sentences"), adds=("facts",))
def relate(doc: Document, kn: Knowledge) -> None:
    """Every contract fact the rules can read from the article."""
    r = _Relater(doc, kn)
    r.positions()
    r.meetings()
    r.proposals()
    r.contributions()
    r.drop_unheld_positions()
    doc.facts = sorted(set(r.facts), key=lambda f: (f.subject, f.predicate, repr(f.object), f.sentence or -1))


def _by_span(ordered: list[Span], items: list) -> dict[int, list]:
    """Items (anything with ``.start``) grouped by the index of the span that holds them."""
    grouped: dict[int, list] = {}
    for item in items:
        grouped.setdefault(span_holding(ordered, item.start), []).append(item)
    return grouped


class _Relater:
    def __init__(self, doc: Document, kn: Knowledge) -> None:
        self.doc, self.kn = doc, kn
        self.facts: list[Fact] = []
        self.holder: dict[str, str] = {}  # position key -> person key
        self.dates = find_dates(doc.text, doc.date)
        self.money = find_money(doc.text)
        spans = ([doc.title_span] if doc.title_span else []) + list(doc.paragraphs)
        standalone = [m for m in doc.mentions if m.entity and m.source not in ("title-part", "bracket", "nested")]
        ordered = sorted(spans)
        position = {span: k for k, span in enumerate(ordered)}
        mentions, self.dates_in, self.money_in = _by_span(ordered, standalone), _by_span(ordered, self.dates), \
            _by_span(ordered, self.money)
        self.regions = [Region(s, mentions.get(position[s], []), s is doc.title_span) for s in spans]
        self.dates_in = {id(r): self.dates_in.get(position[r.span], []) for r in self.regions}
        self.money_in = {id(r): self.money_in.get(position[r.span], []) for r in self.regions}

    # -- helpers ----------------------------------------------------------------------------

    def add(self, subject: str, predicate: str, obj: object, at: int | None) -> None:
        if isinstance(obj, Ref) and obj.key == subject:
            return
        sentence = self.doc.sentence_of(at) if at is not None else None
        self.facts.append(Fact(subject, predicate, obj, sentence))

    def cls(self, key: str) -> str:
        return self.doc.entities[key].cls

    def actor(self, m: Mention) -> str | None:
        """The person, country or organisation a mention stands for (a bare title -> its holder)."""
        if m.cls == "Position":
            return self.holder.get(m.entity or "")
        return m.entity if m.cls in ACTORS else None

    def ensure(self, entry_id: str, at: Mention | None = None) -> str | None:
        """The entity of a gazetteer entry, created when the article implies it without naming it."""
        if entry_id in self.doc.entities:
            return entry_id
        if entry_id not in self.kn.gazetteer.entries:
            return None
        entry = self.kn.entry(entry_id)
        self.doc.entities[entry_id] = Entity(
            key=entry_id, cls=entry.cls,
            labels={lang: n for lang, n in (("th", entry.th), ("en", entry.en)) if n},
            alt_labels=set(a for a in entry.aliases if a), acronym=entry.acronym or None, same_as=entry.qid or None)
        return entry_id

    # -- people and titles ----------------------------------------------------------------------

    def positions(self) -> None:
        mentions = [m for m in self.doc.mentions if m.entity and m.source not in ("bracket", "nested")]
        parts: dict[str, list[Mention]] = {}
        for m in self.doc.mentions:
            if m.source == "title-part" and m.entity:
                parts.setdefault(m.attrs["part_of"], []).append(m)
        top = [m for m in mentions if m.source != "title-part"]
        for i, m in enumerate(top):
            if m.cls != "Person":
                continue
            chain = self._titles_after(top, i)
            for p in chain:
                self.add(m.entity, "holdsPosition", Ref(p.entity), p.start)
                self.holder.setdefault(p.entity, m.entity)
            resolved = [(p, *self._position_in(p, parts.get(f"{p.start}:{p.end}", []), top)) for p in chain]
            side = next((c for _, _, c in resolved if c), None) or next(
                (self._org_country(org) for _, org, _ in resolved if org and self._org_country(org)), None)
            for p, org, c in resolved:
                if org:
                    self.add(p.entity, "positionIn", Ref(org), p.start)
                if c and (not org or self.cls(org) != "Country"):
                    self.add(p.entity, "positionIn", Ref(c), p.start)
                elif not org and not c:  # "รองนายกรัฐมนตรีและรัฐมนตรี…นิวซีแลนด์": the chain's country
                    c = side or (self.ensure("country/TH") if self._thai_office(p) else None)
                    if c:
                        self.add(p.entity, "positionIn", Ref(c), p.start)
                party = c or (self._org_country(org) if org else None) or side
                if party:
                    self.add(m.entity, "represents", Ref(party), p.start)
        for m in top:  # titles named without a person still belong to their organisation
            if m.cls == "Position" and m.entity not in self.holder:
                org, c = self._position_in(m, parts.get(f"{m.start}:{m.end}", []), top)
                if org or c:
                    self.add(m.entity, "positionIn", Ref(org or c), m.start)

    def _titles_after(self, top: list[Mention], i: int) -> list[Mention]:
        """The titles right after a name: ``นาย ก รองปลัด…``, ``Mr. X, Minister …``, ``… และรัฐมนตรี…``."""
        text, chain, end = self.doc.text, [], top[i].end
        b = end
        while b < len(text) and text[b] in " ,":
            b += 1
        if b < len(text) and text[b] == "(":  # "(Wang Yi)" between name and title
            close = text.find(")", b)
            b = close + 1 if 0 < close < b + 120 else b
        for k in range(i + 1, len(top)):
            m = top[k]
            if m.start > end + 200:
                break
            gap = text[end:m.start].strip(" ,")
            if m.start < b and m.cls != "Position":
                continue
            if m.cls == "Position" and (gap in ("", "และ", "และเป็น") or (not chain and m.start <= b + 1)):
                chain.append(m)
                end = m.end
                continue
            break
        return chain

    def _position_in(self, p: Mention, parts: list[Mention], top: list[Mention]) -> tuple[str | None, str | None]:
        """(organisation, country) of a title, leaving out the posting after ``ประจำ``."""
        org = country = None
        text = self.doc.text
        for part in parts:
            c = self.cls(part.entity)
            if "ประจำ" in text[p.start:part.start] and c in ("Country", "InternationalOrganization"):
                continue  # the posting (…ประจำประเทศไทย, …ประจำอาเซียน), not the office's own side
            if c == "Country":
                country = country or part.entity
            elif org is None:
                org = part.entity
                country = country or part.attrs.get("country")
        if org is None and not any(ord(ch) > 0x0E00 for ch in p.text):  # English title: the office named next
            first = bisect.bisect_left(self._top_starts(top), p.end)
            for m in top[first:first + 12]:
                if p.end <= m.start <= p.end + 80 and m.cls in ("GovernmentOrganization", "Organization"):
                    org = m.entity
                    break
                if m.start > p.end and m.cls == "Person":
                    break
        if country is not None:
            country = self.ensure(country)
        return org, country

    def _thai_office(self, p: Mention) -> bool:
        title = self.kn.titles.get(p.attrs.get("head", ""))
        return title is not None and not title.english and p.text == title.head

    def _top_starts(self, top: list[Mention]) -> list[int]:
        if getattr(self, "_starts_of", (None,))[0] is not top:
            self._starts_of = (top, [m.start for m in top])
        return self._starts_of[1]

    def _org_country(self, org: str) -> str | None:
        e = self.doc.entities.get(org)
        if e is None:
            return None
        if e.cls == "Country":
            return org
        if "country" in e.attrs:
            return self.ensure(e.attrs["country"])
        entry = self.kn.gazetteer.entries.get(org)
        if entry is not None and entry.country:
            return self.ensure(f"country/{entry.country}")
        return None

    def drop_unheld_positions(self) -> None:
        """A title no named person holds in the article is a role in passing (ประธานร่วม…), not an office."""
        unheld = {k for k, e in self.doc.entities.items() if e.cls == "Position" and k not in self.holder}
        if not unheld:
            return
        kept_titles = {f"{m.start}:{m.end}" for m in self.doc.mentions
                       if m.cls == "Position" and m.entity is not None and m.entity not in unheld}
        for m in self.doc.mentions:
            if m.entity in unheld:
                m.entity = None
            elif m.source == "title-part" and m.entity and m.attrs.get("part_of") not in kept_titles:
                m.entity = None
        for key in unheld:
            del self.doc.entities[key]
        self.facts = [f for f in self.facts if f.subject not in unheld
                      and not (isinstance(f.object, Ref) and f.object.key in unheld)]
        mentioned = {m.entity for m in self.doc.mentions if m.entity}
        referenced = {f.object.key for f in self.facts if isinstance(f.object, Ref)} | {f.subject for f in self.facts}
        for key in [k for k in self.doc.entities if k not in mentioned and k not in referenced]:
            del self.doc.entities[key]

    # -- meetings ---------------------------------------------------------------------------------

    def meetings(self) -> None:
        main = self._main_meeting()
        owner: dict[int, str] = {}
        dated: set[str] = set()
        for k, region in enumerate(self.regions):
            meeting = next((m for m in region.mentions if m.cls in MEETINGS), None)
            if meeting is None:
                continue
            if region.is_title:
                self._chairs(region)
                self._location(meeting.entity, region)
                continue
            dates = self.dates_in[id(region)]
            if meeting.entity in dated or not dates:
                self._chairs(region)
                continue
            dated.add(meeting.entity)
            owner[k] = meeting.entity
            first = dates[0]
            self.add(meeting.entity, "date", first.date, first.start)
            if first.end_date and first.end_date != first.date:
                self.add(meeting.entity, "endDate", first.end_date, first.start)
            self._location(meeting.entity, region)
            if self.kn.cue_matches("virtual", self.doc.text, region.span):
                self.add(meeting.entity, "virtual", True, meeting.start)
            for m in region.mentions:
                actor = self.actor(m)
                if actor and (m.cls in ("Person", "Position") or self.cls(actor) in PARTIES):
                    self.add(meeting.entity, "participant", Ref(actor), m.start)
            self._chairs(region)
        for key, e in self.doc.entities.items():
            if e.cls in MEETINGS:
                for index in e.mentions:
                    edition = parse_edition(self.doc.mentions[index].text)
                    if edition is not None:
                        self.add(key, "edition", edition, self.doc.mentions[index].start)
                        break
        if main is None:
            return
        for k, region in enumerate(self.regions):
            meeting = owner.get(k, main)
            for m in region.mentions:
                if m.cls in SUBJECTS:
                    self.add(meeting, "discussed", Ref(m.entity), m.start)

    def _main_meeting(self) -> str | None:
        for region in self.regions:
            for m in region.mentions:
                if m.cls in MEETINGS:
                    return m.entity
        return None

    def _chairs(self, region: Region) -> None:
        """Who chaired: the people (else the countries) between the clause start and ``เป็นประธาน``."""
        text = self.doc.text
        clause_start = region.span.start
        cues = sorted(self.kn.cue_matches("chair", text, region.span) + self.kn.cue_matches("chair_self", text, region.span),
                      key=lambda c: c.start)
        for d in self.dates_in[id(region)]:
            if not cues or d.end <= cues[0].start:
                clause_start = max(clause_start, d.end)
        for cue in cues:
            if "จะ" in text[max(region.span.start, cue.start - 6):cue.start]:
                clause_start = cue.end
                continue  # "จะร่วมเป็นประธาน": a chair to come, not of this meeting
            opener = text.rfind("โดยมี", clause_start, cue.start)
            start = opener if opener >= 0 else clause_start
            inside = [m for m in region.mentions if start <= m.start < cue.start]
            meeting = next((m.entity for m in region.mentions if m.cls in MEETINGS and cue.end <= m.start <= cue.end + 40),
                           None) or next((m.entity for m in region.mentions if m.cls in MEETINGS), None)
            clause_start = cue.end
            if meeting is None:
                continue
            people = [a for m in inside if m.cls in ("Person", "Position") and (a := self.actor(m))]
            chairs = people or [a for m in inside if (a := self.actor(m)) and self.cls(a) in PARTIES]
            for actor in dict.fromkeys(chairs):
                self.add(meeting, "chair", Ref(actor), cue.start)
                self.add(meeting, "participant", Ref(actor), cue.start)

    def _location(self, meeting: str, region: Region) -> None:
        text = self.doc.text
        for cue in self.kn.cue_matches("location", text, region.span):
            if cue.start > region.span.start and text[cue.start - 1] not in " (":
                continue  # ณ/ที่ open a place phrase after a space, not inside a word (ประมาณ)
            if any(m.cls == "Position" and 0 <= cue.start - m.end <= 1 and "ประจำ" in m.text for m in region.mentions):
                continue  # "เอกอัครราชทูต… ณ กรุงจาการ์ตา": where the post is, not where the meeting was
            place_end = None
            for m in region.mentions:
                if m.start < cue.end:
                    continue
                if place_end is None and m.start <= cue.end + 40 and m.cls == "Place":
                    self.add(meeting, "location", Ref(m.entity), m.start)
                    place_end = m.end
                elif place_end is not None and m.cls == "Place" and not text[place_end:m.start].strip():
                    self.add(meeting, "location", Ref(m.entity), m.start)  # ห้อง… ตึก… ทำเนียบรัฐบาล
                    place_end = m.end
                elif place_end is not None or m.start > cue.end + 40:
                    break
            if place_end is not None:
                return

    # -- proposals ----------------------------------------------------------------------------------

    def proposals(self) -> None:
        text = self.doc.text
        for region in self.regions:
            if region.is_title:
                continue
            cues = self.kn.cue_matches("propose", text, region.span)
            for n, cue in enumerate(cues):
                proposer = self._proposer(region, cue.start)
                if proposer is None:
                    continue
                stop = cues[n + 1].start if n + 1 < len(cues) and self._proposer(region, cues[n + 1].start) != proposer \
                    else region.span.end
                for m in region.mentions:
                    if cue.end <= m.start < stop and m.cls in SUBJECTS:
                        self.add(proposer, "proposed", Ref(m.entity), m.start)

    def _proposer(self, region: Region, at: int) -> str | None:
        before = [m for m in region.mentions if m.end <= at]
        if before and at - before[-1].end <= 4 and (a := self.actor(before[-1])):
            return a  # "นิวซีแลนด์ได้เสนอ", "รัฐมนตรี…ได้เสนอ"
        sentence = self.doc.sentence_of(at)
        if sentence is not None:
            s = self.doc.sentences[sentence]
            people = [a for m in before if m.start >= s.start and m.cls in ("Person", "Position") and (a := self.actor(m))]
            if people:
                return people[-1]
        people = [a for m in before if m.cls in ("Person", "Position") and (a := self.actor(m))]
        if people:
            return people[0]
        parties = [a for m in before if (a := self.actor(m)) and self.cls(a) in PARTIES]
        return parties[-1] if parties else None

    # -- contributions ------------------------------------------------------------------------------

    def contributions(self) -> None:
        seen: dict[tuple[str, str, str], str] = {}
        regions = [r for r in self.regions if not r.is_title] + [r for r in self.regions if r.is_title]
        for region in regions:
            for money in self.money_in[id(region)]:
                if money.approximate:
                    continue
                donor = self._donor(region, money.start)
                if donor is None:
                    continue
                amount = format(money.amount.normalize(), "f")
                ident = (donor, amount, money.currency)
                if ident in seen:
                    key = seen[ident]
                else:
                    key = f"contribution/{self.doc.id}-{digest(' '.join(ident), 10)}"
                    seen[ident] = key
                    self._contribution(key, donor, money, region)
                recipient = self._recipient(region, money.end)
                if recipient and not any(f.subject == key and f.predicate == "recipient" for f in self.facts):
                    self.add(key, "recipient", Ref(recipient), money.end)

    def _donor(self, region: Region, at: int) -> str | None:
        sentence = self.doc.sentence_of(at)
        start = self.doc.sentences[sentence].start if sentence is not None else region.span.start
        start = min(start, region.span.start) if sentence is None else start
        candidates = [m for m in region.mentions if start <= m.start and m.end <= at]
        if not any(self.kn.cue_at("contribute", self.doc.text, i) for i in range(max(start, at - 60), at)):
            return None
        for m in reversed(candidates):
            actor = self.actor(m)
            if actor and self.cls(actor) in ("Country", "InternationalOrganization", "GovernmentOrganization",
                                              "Organization"):
                return actor
        return None

    def _recipient(self, region: Region, at: int) -> str | None:
        text = self.doc.text
        for m in region.mentions:
            if m.start < at or m.start > at + 120:
                continue
            if m.cls in ("Programme", "Organization", "InternationalOrganization", "GovernmentOrganization"):
                lead = text[at:m.start]
                if "ผ่าน" in lead and m.cls != "Programme":
                    continue
                return m.entity
        return None

    def _contribution(self, key: str, donor: str, money, region: Region) -> None:
        donor_label = self.doc.entities[donor].labels.get("th") or next(iter(self.doc.entities[donor].labels.values()))
        amount = format(money.amount.normalize(), "f")
        self.doc.entities[key] = Entity(key=key, cls="Contribution",
                                        labels={"th": f"{donor_label}: {amount} {money.currency}"})
        self.add(key, "donor", Ref(donor), money.start)
        self.add(key, "amount", money.amount, money.start)
        self.add(key, "currency", money.currency, money.start)
