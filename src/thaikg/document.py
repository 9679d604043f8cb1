"""The one document model every pipeline stage reads and extends.

A :class:`Document` starts as decoded text (``raw``) and is filled in stage by
stage: the reader finds the article's layout (title, metadata, body paragraphs),
normalisation gives the clean ``text`` with a map back to ``raw``, segmentation
adds sentences and tokens, recognition adds mentions, resolution groups mentions
into entities, relation extraction adds facts.  Offsets in ``mentions``,
``sentences`` and ``tokens`` index ``text``; :meth:`Document.raw_span` turns them
into offsets in ``raw`` (the original file's characters), which is what the RDF
provenance records.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Union

#: The value of a fact: another entity's key (:class:`Ref`) or a typed literal.
Value = Union["Ref", date, int, Decimal, bool, str]


@dataclass(frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` in ``Document.text``."""

    start: int
    end: int


def span_holding(spans: list[Span], offset: int) -> int:
    """Index of the span in sorted, disjoint ``spans`` that holds ``offset``, or -1 (a binary search:
    stages ask this for every mention, and long articles have many thousand paragraphs)."""
    k = bisect.bisect_right(spans, Span(offset, 1 << 62)) - 1
    return k if k >= 0 and spans[k].start <= offset < spans[k].end else -1


@dataclass(frozen=True, order=True)
class Ref:
    """A reference to an entity by its key (see :attr:`Entity.key`)."""

    key: str


@dataclass
class Mention:
    """One occurrence of an entity in the text.

    ``cls`` is a contract class name (``Person``, ``Country``, ...); ``entity`` is
    filled by resolution with the key of the entity it denotes.  ``attrs`` carries
    what the recogniser learnt on the way (an honorific, a gazetteer id, the
    acronym given in brackets, the head organisation of a title ...).
    """

    start: int
    end: int
    text: str
    cls: str
    source: str = ""
    entity: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass
class Entity:
    """One real-world thing, with every name it was given in the article.

    ``key`` is deterministic (``country/CA``, ``person/ชุตินทร_คงศักดิ์``) and
    becomes the IRI ``https://w3id.org/thaikg/id/<key>``.
    """

    key: str
    cls: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> preferred label
    alt_labels: set[str] = field(default_factory=set)
    acronym: str | None = None
    same_as: str | None = None  # Wikidata IRI
    extra_types: set[str] = field(default_factory=set)
    attrs: dict[str, str] = field(default_factory=dict)
    mentions: list[int] = field(default_factory=list)  # indexes into Document.mentions

    def all_labels(self) -> set[str]:
        return set(self.labels.values()) | self.alt_labels | ({self.acronym} if self.acronym else set())


@dataclass(frozen=True)
class Fact:
    """A contract triple ``subject --predicate--> object`` with the sentence it came from."""

    subject: str  # entity key
    predicate: str  # contract property local name, e.g. "holdsPosition"
    object: Value
    sentence: int | None = None  # index into Document.sentences


@dataclass
class Document:
    """An article travelling through the pipeline."""

    id: str  # stable id, e.g. the file name without suffix
    source: str  # path as given, or "<stdin>"
    raw: str  # decoded original text: provenance offsets point here
    reader: str = ""
    title: str | None = None
    title_span: Span | None = None  # in ``text``
    created: date | None = None
    modified: date | None = None
    published: date | None = None
    views: int | None = None
    url: str | None = None
    paragraphs: list[Span] = field(default_factory=list)  # body, in ``raw`` until normalised, then in ``text``
    text: str = ""
    offsets: list[int] = field(default_factory=list)  # offsets[i] = raw index where text[i] starts
    offset_ends: list[int] = field(default_factory=list)  # offset_ends[i] = raw index just past text[i]
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Span] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)

    @property
    def date(self) -> date | None:
        """The article's own date: published, else created."""
        return self.published or self.created

    def raw_span(self, start: int, end: int) -> Span:
        """Map a ``text`` range to the ``raw`` range it came from."""
        if not self.offsets:
            return Span(start, end)
        if end <= start:
            at = self.offsets[start] if start < len(self.offsets) else len(self.raw)
            return Span(at, at)
        return Span(self.offsets[start], self.offset_ends[end - 1])

    def sentence_of(self, offset: int) -> int | None:
        """Index of the sentence holding ``offset`` in ``text``."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return None
