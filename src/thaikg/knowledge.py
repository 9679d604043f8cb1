"""What the extraction stages know, loaded once per process: gazetteers, the
topic scheme, title grammar, cue words, and a word matcher built from them all."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from .document import Span
from .gazetteer import Entry, Gazetteer, PositionTitle
from .matcher import NO_WORD_AFTER, Matcher


@dataclass(frozen=True)
class Topic:
    """A concept of the topic scheme, with every label it is known by."""

    iri: str
    th: str | None
    en: str | None
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Head:
    """A word that opens a name of a class: การประชุม… (Meeting), โครงการ… (Programme)."""

    phrase: str
    cls: str
    kind: str
    english: str


_AND = re.compile("และ")
_PHRASE_END = re.compile(r'[\s(),:;"“”]')

#: Classes a named thing can be the organisation (or country) of a title.
ORG_CLASSES = frozenset({"Organization", "GovernmentOrganization", "InternationalOrganization", "Country"})
PLACE_CLASSES = frozenset({"Place", "Country"})


@dataclass
class Knowledge:
    """Shared, read-only resources for every stage (one per process)."""

    gazetteer: Gazetteer
    topics: dict[str, Topic]
    cues: dict[str, tuple[str, ...]]
    heads: dict[str, Head]
    titles: dict[str, PositionTitle]
    words: frozenset[str] = field(repr=False)
    matcher: Matcher = field(repr=False)
    head_matcher: Matcher = field(repr=False)
    title_matcher: Matcher = field(repr=False)
    honorific_matcher: Matcher = field(repr=False)
    cue_matchers: dict[str, Matcher] = field(repr=False)
    weak_event_kinds: frozenset[str] = frozenset({"talks", "call_on"})
    complete_heads: frozenset[str] = frozenset({"courtesy_call", "phone_call", "video_call", "bilateral", "talks",
                                                "call_on"})
    _breaks: tuple[str | None, tuple[list[int], list[int]]] = field(default=(None, ([], [])), repr=False,
                                                                    compare=False)

    @classmethod
    @cache
    def load(cls) -> Knowledge:
        gaz = Gazetteer.load()
        topics = load_topics()
        cues = load_cues()
        matcher = Matcher()
        for surface, entry_id in gaz.surfaces().items():
            matcher.add(surface, ("gaz", entry_id))
        for entry in gaz.by_class("Country"):
            for name in filter(None, (entry.th, *entry.aliases)):
                if any("\u0e00" <= c <= "\u0e7f" for c in name) and not name.startswith("ประเทศ"):
                    matcher.add("ประเทศ" + name, ("gaz", entry.id))
        for topic in topics.values():
            for label in topic.labels:
                matcher.add(label, ("topic", topic.iri))
        heads = load_heads()
        head_matcher = Matcher()
        for head in heads.values():
            head_matcher.add(head.phrase, ("head", head.phrase))
        titles = {t.head: t for t in gaz.position_titles()}
        title_matcher = Matcher()
        for t in titles.values():
            title_matcher.add(t.head, ("title", t.head))
        honorific_matcher = Matcher()
        for form, _kind in gaz.honorifics():
            honorific_matcher.add(form, ("honorific", form))
        cue_matchers = {}
        for role, phrases in cues.items():
            cue_matchers[role] = Matcher(min_length=1)
            for phrase in phrases:
                cue_matchers[role].add(phrase, (role, phrase))
        return cls(gaz, topics, cues, heads, titles, thai_dictionary(), matcher, head_matcher, title_matcher,
                   honorific_matcher, cue_matchers)

    def entry(self, entry_id: str) -> Entry:
        return self.gazetteer.entries[entry_id]

    # -- what a match found --------------------------------------------------------------

    def _classes(self, values: tuple) -> set[str]:
        return {self.entry(v[1]).cls for v in values if v[0] == "gaz"}

    def is_org_or_country(self, values: tuple) -> bool:
        return bool(self._classes(values) & ORG_CLASSES)

    def is_country(self, values: tuple) -> bool:
        return "Country" in self._classes(values)

    def is_place_like(self, values: tuple) -> bool:
        return bool(self._classes(values) & PLACE_CLASSES)

    def head(self, values: tuple) -> Head:
        return self.heads[values[0][1]]

    def title(self, values: tuple) -> PositionTitle:
        return self.titles[values[0][1]]

    # -- word-level tests the recognisers ask ------------------------------------------------

    def head_at(self, text: str, i: int) -> bool:
        """A title or a name head starts at ``i`` (so ``และ`` before it joins two names)."""
        return self.title_matcher.match_at(text, i) is not None or self.head_matcher.match_at(text, i) is not None

    def place_head_at(self, text: str, i: int) -> bool:
        m = self.head_matcher.match_at(text, i)
        return m is not None and self.head(m.values).cls == "Place"

    def org_head_at(self, text: str, i: int) -> bool:
        m = self.head_matcher.match_at(text, i)
        return m is not None and self.head(m.values).cls in ORG_CLASSES

    def cue_at(self, role: str, text: str, i: int) -> bool:
        matcher = self.cue_matchers.get(role)
        return matcher is not None and matcher.match_at(text, i) is not None

    def cue_matches(self, role: str, text: str, region: Span) -> list:
        matcher = self.cue_matchers.get(role)
        return list(matcher.find(text, region.start, region.end)) if matcher else []

    def stop_at(self, text: str, i: int) -> bool:
        """A word that ends a name (โดย, ซึ่ง ...) or opens a predicate starts at ``i``
        (not when การ/ความ makes it a noun: ความเป็นหุ้นส่วน, การหารือ)."""
        if text.endswith(("การ", "ความ"), 0, i):
            return False
        return self.cue_at("stop", text, i) or self.cue_at("verb", text, i)

    def phrase_breaks(self, text: str) -> tuple[list[int], list[int]]:
        """Where a Thai name phrase in ``text`` must end, for every start at once: positions of
        white space or a bracket, of ``และ`` + a new head, of :meth:`stop_at`; and, separately,
        where a meeting or event head begins (a break only after the phrase's first character).

        Asking :meth:`stop_at` and :meth:`head_at` at every character of every phrase was the
        largest cost of recognition; one pass per text answers all of them.
        """
        if self._breaks[0] is text:
            return self._breaks[1]
        title_or_head = set(self.title_matcher.starts(text)) | set(self.head_matcher.starts(text))
        stops = [i for role in ("stop", "verb") if role in self.cue_matchers
                 for i in self.cue_matchers[role].starts(text) if not text.endswith(("การ", "ความ"), 0, i)]
        joins = [m.start() for m in _AND.finditer(text) if m.start() + 3 in title_or_head]
        ends = [m.start() for m in _PHRASE_END.finditer(text)]
        meetings = [i for i in self.head_matcher.starts(text)
                    if self.head(self.head_matcher.match_at(text, i).values).cls in ("Meeting", "Event")]
        answer = (sorted(set(stops + joins + ends)), meetings)
        self._breaks = (text, answer)
        return answer

    def clause_break(self, text: str, i: int) -> bool:
        return self.cue_at("clause", text, i) or self.stop_at(text, i)

    def blocked_before(self, text: str, i: int) -> bool:
        """A name head right after ทาง/เชิง is an adjective (หุ้นส่วนทางยุทธศาสตร์), not a name."""
        return any(text.endswith(w, 0, i) for w in self.cues.get("not_after", ()))

    def is_word_not_honorific(self, text: str, start: int, end: int) -> bool:
        """``นายก…``, ``นางพยาบาล``: a dictionary word that merely begins like an honorific."""
        for stop in range(min(len(text), start + 20), end, -1):
            if text[start:stop] in self.words and (stop >= len(text) or text[stop] not in NO_WORD_AFTER):
                return True
        return False

    def starts_non_name(self, text: str, i: int) -> bool:
        """A word that cannot be (the rest of) a name: a title, a name head or a predicate."""
        return self.head_at(text, i) or self.stop_at(text, i) or self.cue_at("attend", text, i) \
            or self.cue_at("chair", text, i)

    def is_english_title_word(self, word: str) -> bool:
        return word in self.cues.get("english_title_word", ())

    def is_function_or_verb(self, word: str) -> bool:
        """``ได้``, ``จะ``, ``ด้าน``: a word that cannot be a name by itself."""
        return any(word in self.cues.get(role, ()) for role in ("verb", "stop", "function_word", "not_name_start"))

    def joins_english_title(self, word: str) -> bool:
        """``of``, ``and``, ``de`` …: a lower-case word inside an English title or organisation name."""
        return word in self.cues.get("english_title_joiner", ())

    def is_generic_topic(self, item: str) -> bool:
        """``ความร่วมมือ``, ``ความร่วมมือในด้านอื่น``: a list's framing, not an area."""
        rest, changed = item, True
        while changed:  # peel framing words and function words off the front
            changed = False
            for word in self.cues.get("generic", ()) + self.cues.get("function_word", ()):
                if rest.startswith(word):
                    rest, changed = rest[len(word):], True
        return len(rest) < 4 or rest.startswith(("อื่น", "ระหว่าง", "ทุกมิติ"))

    def trim_function_words(self, text: str, start: int, end: int) -> int:
        """Drop a dangling ที่/เพื่อ/ใน/ของ/และ/กับ from the end of a phrase."""
        changed = True
        while changed:
            changed = False
            for word in self.cues.get("function_word", ()):
                if end - start > len(word) and text.endswith(word, start, end):
                    end -= len(word)
                    changed = True
        return end

    def ends_a_word(self, text: str, start: int, end: int) -> bool:
        """``ขอบคุณ``: the honorific candidate is the tail of a longer dictionary word."""
        for k in range(max(0, start - 12), start):
            if text[k:end] in self.words:
                return True
        return False

    def head_ends(self, text: str, start: int, stop: int) -> bool:
        """The phrase ``text[start:stop]`` ends with a name head: ``พิธีลงนามความตกลง`` + a Latin name."""
        return any(text.endswith(h, start, stop) for h in self.heads if self.heads[h].cls != "-")

    def meeting_head_at(self, text: str, i: int) -> bool:
        m = self.head_matcher.match_at(text, i)
        return m is not None and self.head(m.values).cls in ("Meeting", "Event")

    def topic_boundary_before(self, text: str, i: int, region_start: int) -> bool:
        """A topic stands as its own phrase: after a space, a bracket, or a word that introduces an area."""
        if i <= region_start or text[i - 1] in " (\n\"“":
            return True
        return any(text.endswith(w, region_start, i) for w in self.cues.get("topic_before", ()))


def load_topics() -> dict[str, Topic]:
    """The SKOS topic scheme shipped as ``ontology/topics.ttl``."""
    from .resources import ontology_dir

    g = Graph()
    g.parse(ontology_dir() / "topics.ttl", format="turtle")
    topics = {}
    for concept in sorted(set(g.subjects(RDF.type, SKOS.Concept))):
        if not isinstance(concept, URIRef):
            continue
        pref = {lit.language: str(lit) for lit in g.objects(concept, SKOS.prefLabel)}
        labels = {str(lit) for p in (SKOS.prefLabel, SKOS.altLabel) for lit in g.objects(concept, p)}
        topics[str(concept)] = Topic(str(concept), pref.get("th"), pref.get("en"), tuple(sorted(labels)))
    return topics


def load_cues() -> dict[str, tuple[str, ...]]:
    """Cue words by role (``chair``, ``propose``, ``virtual`` ...) from ``data/cues.tsv``, longest first."""
    cues: dict[str, list[str]] = {}
    for role, phrase, *_ in _data_rows("cues.tsv"):
        cues.setdefault(role, []).append(phrase)
    return {role: tuple(sorted(set(p), key=len, reverse=True)) for role, p in cues.items()}


def load_heads() -> dict[str, Head]:
    """Name heads from ``data/heads.tsv``."""
    return {row[0]: Head(*row[:4]) for row in _data_rows("heads.tsv")}


def _data_rows(name: str) -> list[list[str]]:
    """The rows of a shipped TSV table, without its comment and header lines."""
    with (resources.files("thaikg") / "data" / name).open(encoding="utf-8") as fh:
        rows = csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t")
        next(rows)
        return [row for row in rows if row]


def thai_dictionary() -> frozenset[str]:
    """pythainlp's Thai word list (offline), to tell a word from an honorific plus a name."""
    from .text.offline import configure

    configure()
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())

