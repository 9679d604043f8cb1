"""The gazetteer: known countries, organisations, places and programmes, read from
the versioned TSV tables shipped in ``thaikg/data``, plus the title grammar
(honorifics, titles of office) and country memberships.

Every table is UTF-8, tab-separated, starts with one ``# source:`` line naming
where its data came from, then a header row; rows are sorted by their first
column.  Entry ids are namespaced by the table they come from::

    country/CA       countries.tsv (ISO 3166-1 alpha-2)
    org/asean        international_organizations.tsv, organizations.tsv
    gov/th-mfa       government_organizations.tsv
    place/th-50      places.tsv (Thai provinces by ISO 3166-2:TH number)
    place/capital-ca capitals derived from countries.tsv (unless places.tsv has the QID)
    programme/mlc    programmes.tsv

The library never prints; a malformed row raises :class:`GazetteerError` naming
the file and line.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import ThaiKGError

__all__ = [
    "CLASS_PRIORITY",
    "Entry",
    "Gazetteer",
    "GazetteerError",
    "Honorific",
    "Membership",
    "PositionTitle",
    "norm",
]

#: When one surface form names entries of different classes, the first class here wins.
CLASS_PRIORITY: tuple[str, ...] = (
    "Country",
    "InternationalOrganization",
    "GovernmentOrganization",
    "Organization",
    "Programme",
    "Place",
)

_QID = re.compile(r"^Q[1-9][0-9]*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_THAI = re.compile("[\u0e00-\u0e7f]")

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_QUOTES = re.compile("[\u2018\u2019\u201a\u201b\u02bc\u2032`\u00b4]")
_DQUOTES = re.compile("[\u201c\u201d\u201e\u201f\u2033]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def norm(s: str) -> str:
    """The key a surface form is compared under: NFC, Thai digits as Arabic, zero-width
    characters dropped, dashes and quotes unified, white space collapsed, case folded."""
    s = unicodedata.normalize("NFC", s).translate(_THAI_DIGITS)
    s = _INVISIBLE.sub("", s)
    s = _DASHES.sub("-", s)
    s = _QUOTES.sub("'", s)
    s = _DQUOTES.sub('"', s)
    return _SPACES.sub(" ", s).strip().casefold()


def _clean(s: str) -> str:
    """A surface form as stored: NFC, single spaces, no zero-width characters (case kept)."""
    s = _INVISIBLE.sub("", unicodedata.normalize("NFC", s))
    return _SPACES.sub(" ", s).strip()


class GazetteerError(ThaiKGError):
    """A gazetteer table is missing or has a malformed row; the message names file and line."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Entry:
    """One known thing: a country, organisation, place or programme."""

    id: str
    cls: str
    th: str | None
    en: str | None
    aliases: tuple[str, ...]
    acronym: str | None
    qid: str | None
    country: str | None
    kind: str | None
    #: Countries: the formal Thai name (also among ``aliases``).
    th_formal: str | None = None
    #: Countries: the entry id of the capital (a ``place/...`` id).
    capital: str | None = None
    #: Countries: ``un_member``, ``un_observer`` or ``partially_recognised``.
    status: str | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        """Every surface form: Thai name, English name, acronym, then the aliases (no duplicates)."""
        return tuple(dict.fromkeys(x for x in (self.th, self.en, self.acronym, *self.aliases) if x))

    @property
    def qid_iri(self) -> str | None:
        return f"http://www.wikidata.org/entity/{self.qid}" if self.qid else None


@dataclass(frozen=True)
class PositionTitle:
    """A title of office from ``position_titles.tsv``: the words that open a position phrase."""

    head: str
    lang: str
    en: str
    #: What follows the head first: ``ministry``, ``department``, ``org``, ``country``, ``place``, ``none``.
    takes: str
    #: Every kind of thing that may follow the head (``takes`` is the first).
    takes_all: tuple[str, ...]
    kind: str
    rank: int | None

    @property
    def english(self) -> bool:
        """True for an English head (``Minister of``), false for a Thai one."""
        return self.lang == "en"


@dataclass(frozen=True)
class Honorific:
    """A form of address, title or rank written before a name (นาย, พล.อ., H.E.)."""

    form: str
    kind: str
    gender: str | None


@dataclass(frozen=True)
class Membership:
    country: str
    org: str
    status: str
    since: str | None


# --- reading tables ---------------------------------------------------------------------


_ENTRY_TABLES = {
    # file: (namespace, required columns, allowed classes (None: the table's fixed class))
    "countries.tsv": ("country", ("id", "th", "th_formal", "th_aliases", "en", "en_aliases", "qid",
                                  "capital_th", "capital_en", "capital_qid", "capital_aliases", "status"),
                      frozenset({"Country"})),
    "international_organizations.tsv": ("org", ("id", "cls", "th", "th_aliases", "en", "en_aliases",
                                                "acronym", "qid"),
                                        frozenset({"InternationalOrganization", "Organization"})),
    "organizations.tsv": ("org", ("id", "cls", "country", "th", "th_aliases", "en", "en_aliases", "acronym", "qid"),
                          frozenset({"Organization", "InternationalOrganization"})),
    "government_organizations.tsv": ("gov", ("id", "cls", "country", "th", "th_aliases", "en", "en_aliases",
                                             "acronym", "qid"),
                                     frozenset({"GovernmentOrganization"})),
    "places.tsv": ("place", ("id", "cls", "country", "th", "th_aliases", "en", "en_aliases", "qid", "kind"),
                   frozenset({"Place"})),
    "programmes.tsv": ("programme", ("id", "th", "th_aliases", "en", "en_aliases", "acronym", "qid", "kind"),
                       frozenset({"Programme"})),
}
#: Every table the gazetteer reads (others in ``thaikg/data`` belong to other modules).
TABLES: tuple[str, ...] = (*_ENTRY_TABLES, "memberships.tsv", "honorifics.tsv", "position_titles.tsv",
                           "common_words.tsv")
_COUNTRY_STATUS = frozenset({"un_member", "un_observer", "partially_recognised"})
_TAKES = frozenset({"ministry", "department", "org", "country", "place", "none"})
_GENDERS = frozenset({"m", "f", "-"})


@dataclass
class _Row:
    source: str
    line: int
    values: dict[str, str]

    def get(self, col: str) -> str | None:
        v = self.values.get(col, "")
        return v or None

    def list(self, col: str) -> list[str]:
        return [_clean(x) for x in self.values.get(col, "").split("|") if x.strip()]

    def fail(self, problem: str) -> GazetteerError:
        return GazetteerError(self.source, self.line, problem)


def _read_table(name: str, text: str, required: Iterable[str]) -> list[_Row]:
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# source:") or not lines[0][len("# source:"):].strip():
        raise GazetteerError(name, 1, "the first line must be '# source: …' naming where the data came from")
    header_no = None
    for i, line in enumerate(lines[1:], start=2):
        if line.strip() and not line.startswith("#"):
            header_no = i
            break
    if header_no is None:
        raise GazetteerError(name, None, "no header row")
    header = lines[header_no - 1].split("\t")
    missing = [c for c in required if c not in header]
    if missing:
        raise GazetteerError(name, header_no, f"header lacks column(s) {', '.join(missing)}")
    if len(set(header)) != len(header):
        raise GazetteerError(name, header_no, "header repeats a column")
    rows = []
    for i, line in enumerate(lines[header_no:], start=header_no + 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise GazetteerError(name, i, f"{len(cells)} fields, expected {len(header)} ({', '.join(header)})")
        values = {}
        for col, cell in zip(header, cells):
            if cell != cell.strip():
                raise GazetteerError(name, i, f"column {col!r} has leading or trailing white space")
            values[col] = unicodedata.normalize("NFC", cell)
        rows.append(_Row(name, i, values))
    return rows


class Gazetteer:
    """Known entities and the title grammar, loaded from the shipped TSV tables."""

    def __init__(self, entries: dict[str, Entry], memberships: list[Membership],
                 honorifics: list[Honorific], titles: list[PositionTitle], common_words: dict[str, str]) -> None:
        self.entries: dict[str, Entry] = entries
        self._memberships = memberships
        self._honorifics = honorifics
        self._titles = titles
        #: norm(form) -> reason, for forms that are also ordinary words (kept out of :meth:`surfaces`).
        self.common_words: dict[str, str] = common_words
        #: norm(surface) -> every entry id it names, for surfaces naming more than one entry.
        self.ambiguities: dict[str, tuple[str, ...]] = {}
        self._surface_ids: dict[str, list[str]] = {}
        self._raw: dict[str, list[str]] = {}  # surface exactly as written (cleaned, case kept) -> ids
        self._index()

    # -- loading ------------------------------------------------------------------------

    @classmethod
    def load(cls, data_dir: str | Path | None = None) -> Gazetteer:
        """The shipped gazetteer (loaded once per process), or the tables in ``data_dir``."""
        if data_dir is None:
            return _load_default()
        base = Path(data_dir)
        return cls._from_reader(lambda name: _read_file(base / name, name))

    @classmethod
    def _from_reader(cls, read) -> Gazetteer:
        entries: dict[str, Entry] = {}
        countries: dict[str, _Row] = {}
        for name, (ns, required, classes) in _ENTRY_TABLES.items():
            rows = _read_table(name, read(name), required)
            for row in rows:
                entry = _entry(ns, row, classes)
                if ns != "country" and entry.country and entry.country not in countries:
                    raise row.fail(f"country {entry.country!r} is not in countries.tsv")
                if entry.id in entries:
                    raise row.fail(f"id {entry.id!r} is already used")
                entries[entry.id] = entry
                if ns == "country":
                    countries[entry.id.split("/", 1)[1]] = row
        _add_capitals(entries, countries)
        memberships = _memberships(read("memberships.tsv"), entries)
        honorifics = _honorifics(read("honorifics.tsv"))
        titles = _titles(read("position_titles.tsv"))
        common = {norm(r.values["form"]): r.values["reason"]
                  for r in _read_table("common_words.tsv", read("common_words.tsv"), ("form", "reason"))}
        return cls(entries, memberships, honorifics, titles, common)

    def _index(self) -> None:
        for entry in self.entries.values():
            for label in _variants(entry):
                key = norm(label)
                ids = self._surface_ids.setdefault(key, [])
                if entry.id not in ids:
                    ids.append(entry.id)
                raw = self._raw.setdefault(_clean(label), [])
                if entry.id not in raw:
                    raw.append(entry.id)
        for key, ids in self._surface_ids.items():
            if len(ids) > 1:
                ids.sort(key=self._rank)
                self.ambiguities[key] = tuple(ids)
        for ids in self._raw.values():
            ids.sort(key=self._rank)

    def _rank(self, entry_id: str) -> tuple[int, str]:
        cls = self.entries[entry_id].cls
        return (CLASS_PRIORITY.index(cls) if cls in CLASS_PRIORITY else len(CLASS_PRIORITY), entry_id)

    # -- entities -----------------------------------------------------------------------

    def surfaces(self) -> dict[str, str]:
        """Normalised surface form -> entry id, for building a matcher.  A form naming entries
        of several classes goes to the class first in :data:`CLASS_PRIORITY` (every candidate
        is in :attr:`ambiguities`); forms listed in ``common_words.tsv`` are left out."""
        return {key: ids[0] for key, ids in self._surface_ids.items() if key not in self.common_words}

    def same_class_ambiguities(self) -> dict[str, tuple[str, ...]]:
        """Surfaces that name two entries of the same class (the data should have none)."""
        out = {}
        for key, ids in self.ambiguities.items():
            classes = [self.entries[i].cls for i in ids]
            if len(set(classes)) < len(classes):
                out[key] = ids
        return out

    def acronyms(self) -> dict[str, str]:
        """Acronym exactly as written (case kept) -> entry id, for case-sensitive matching
        of acronyms that are English words once lower-cased (WHO)."""
        out: dict[str, str] = {}
        for entry in sorted(self.entries.values(), key=lambda e: self._rank(e.id)):
            if entry.acronym:
                out.setdefault(entry.acronym, entry.id)
        return out

    def lookup(self, surface: str) -> Entry | None:
        """The entry a surface form names (exact after :func:`norm`), or ``None``.  A form that is
        also an ordinary word (``common_words.tsv``) must match a label case-sensitively, and
        ``ประเทศ`` + a country's name names the country."""
        key = norm(surface)
        if not key:
            return None
        if key in self.common_words:
            ids = self._raw.get(_clean(surface))
            return self.entries[ids[0]] if ids else None
        ids = self._surface_ids.get(key)
        if ids:
            return self.entries[ids[0]]
        if key.startswith("ประเทศ"):
            rest = self.lookup(key[len("ประเทศ"):])
            if rest is not None and rest.cls == "Country":
                return rest
        return None

    def lookup_all(self, surface: str) -> list[Entry]:
        """Every entry a surface form names, best first (class priority)."""
        return [self.entries[i] for i in self._surface_ids.get(norm(surface), [])]

    def country_by_name(self, surface: str) -> Entry | None:
        """The country a name (Thai, English, formal, ``ประเทศ``-prefixed) or ISO code denotes."""
        s = _clean(surface)
        if _ISO2.match(s) and f"country/{s}" in self.entries:
            return self.entries[f"country/{s}"]
        for entry in self.lookup_all(s):
            if entry.cls == "Country":
                return entry
        key = norm(s)
        for prefix in ("ประเทศ", "the "):
            if key.startswith(prefix):
                return self.country_by_name(key[len(prefix):].strip())
        hit = self.lookup(s)
        return hit if hit is not None and hit.cls == "Country" else None

    def by_class(self, cls: str) -> list[Entry]:
        """Entries of exactly this class, by id."""
        return sorted((e for e in self.entries.values() if e.cls == cls), key=lambda e: e.id)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    # -- memberships ----------------------------------------------------------------------

    def members_of(self, country_id: str, status: str = "member") -> list[str]:
        """Ids (``org/asean``) of the organisations a country (``TH`` or ``country/TH``) belongs to."""
        code = country_id.split("/", 1)[1] if country_id.startswith("country/") else country_id
        return sorted({f"org/{m.org}" for m in self._memberships if m.country == code and m.status == status})

    def members(self, org_id: str, status: str = "member") -> list[str]:
        """Ids (``country/TH``) of the member countries of an organisation (``asean`` or ``org/asean``)."""
        org = org_id.split("/", 1)[1] if org_id.startswith("org/") else org_id
        return sorted({f"country/{m.country}" for m in self._memberships if m.org == org and m.status == status})

    def memberships(self) -> list[Membership]:
        return list(self._memberships)

    # -- title grammar ----------------------------------------------------------------------

    def honorifics(self) -> list[tuple[str, str]]:
        """``(form, kind)`` pairs, longest form first."""
        return [(h.form, h.kind) for h in self._honorifics]

    def honorific_entries(self) -> list[Honorific]:
        return list(self._honorifics)

    def position_titles(self) -> list[PositionTitle]:
        """Titles of office, longest head first."""
        return list(self._titles)


# --- building entries ---------------------------------------------------------------------


def _read_file(path: Path, name: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GazetteerError(name, None, f"missing ({path})") from None
    except UnicodeDecodeError as exc:
        raise GazetteerError(name, None, f"not UTF-8 ({exc})") from None


@lru_cache(maxsize=1)
def _load_default() -> Gazetteer:
    base = resources.files("thaikg") / "data"

    def read(name: str) -> str:
        node = base / name
        try:
            return node.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise GazetteerError(name, None, "missing from the thaikg package data") from None
        except UnicodeDecodeError as exc:
            raise GazetteerError(name, None, f"not UTF-8 ({exc})") from None

    return Gazetteer._from_reader(read)


def _qid(row: _Row, col: str = "qid") -> str | None:
    q = row.get(col)
    if q is not None and not _QID.match(q):
        raise row.fail(f"{col} {q!r} is not a Wikidata id (Q followed by digits)")
    return q


def _entry(ns: str, row: _Row, classes: frozenset[str]) -> Entry:
    raw_id = row.get("id")
    if raw_id is None:
        raise row.fail("empty id")
    if ns == "country":
        if not _ISO2.match(raw_id):
            raise row.fail(f"country id {raw_id!r} is not an ISO 3166-1 alpha-2 code")
        cls = "Country"
    elif ns == "programme":
        cls = "Programme"
    else:
        if not re.match(r"^[a-z0-9][a-z0-9.+-]*$", raw_id):
            raise row.fail(f"id {raw_id!r}: use lower-case letters, digits and '-'")
        cls = row.get("cls") or ""
    if cls not in classes:
        raise row.fail(f"class {cls!r} is not allowed here (one of {', '.join(sorted(classes))})")
    th, en = row.get("th"), row.get("en")
    if th is None and en is None:
        raise row.fail("neither a Thai (th) nor an English (en) name")
    th = _clean(th) if th else None
    en = _clean(en) if en else None
    country = row.get("country")
    if ns == "country":
        country = raw_id
    elif country is not None and not _ISO2.match(country):
        raise row.fail(f"country {country!r} is not an ISO 3166-1 alpha-2 code")
    th_formal = _clean(row.get("th_formal") or "") or None
    names = [th_formal] if th_formal else []
    aliases = tuple(dict.fromkeys(a for a in (*names, *row.list("th_aliases"), *row.list("en_aliases"))
                                  if a not in (th, en)))
    status = row.get("status")
    if ns == "country" and status not in _COUNTRY_STATUS:
        raise row.fail(f"status {status!r} is not one of {', '.join(sorted(_COUNTRY_STATUS))}")
    return Entry(
        id=f"{ns}/{raw_id}", cls=cls, th=th, en=en, aliases=aliases,
        acronym=_clean(row.get("acronym") or "") or None, qid=_qid(row), country=country,
        kind=row.get("kind"), th_formal=th_formal, status=status if ns == "country" else None,
    )


def _add_capitals(entries: dict[str, Entry], countries: dict[str, _Row]) -> None:
    """A Place for each country's capital: the places.tsv row with the same QID (gaining the
    capital's names as aliases), else a new ``place/capital-xx`` entry."""
    by_qid = {e.qid: e for e in entries.values() if e.cls == "Place" and e.qid}
    for code, row in countries.items():
        th, en, qid = row.get("capital_th"), row.get("capital_en"), _qid(row, "capital_qid")
        if th is None and en is None:
            if qid is not None or row.list("capital_aliases"):
                raise row.fail("capital_qid or capital_aliases without a capital name")
            continue
        names = [x for x in (th, en, *row.list("capital_aliases")) if x]
        cid = f"country/{code}"
        place = by_qid.get(qid) if qid else None
        if place is not None:
            extra = tuple(n for n in names if n not in place.labels)
            place = Entry(**{**place.__dict__, "aliases": place.aliases + extra})
        else:
            pid = f"place/capital-{code.lower()}"
            if pid in entries:
                raise row.fail(f"{pid} is already used")
            place = Entry(id=pid, cls="Place", th=_clean(th) if th else None, en=_clean(en) if en else None,
                          aliases=tuple(dict.fromkeys(_clean(a) for a in row.list("capital_aliases"))),
                          acronym=None, qid=qid, country=code, kind="capital")
        entries[place.id] = place
        if qid:
            by_qid[qid] = place
        entries[cid] = Entry(**{**entries[cid].__dict__, "capital": place.id})


def _memberships(text: str, entries: dict[str, Entry]) -> list[Membership]:
    out = []
    seen: set[tuple[str, str]] = set()
    for row in _read_table("memberships.tsv", text, ("country", "org", "status")):
        country, org, status = row.get("country"), row.get("org"), row.get("status")
        if country is None or f"country/{country}" not in entries:
            raise row.fail(f"country {country!r} is not in countries.tsv")
        if org is None or f"org/{org}" not in entries:
            raise row.fail(f"organisation {org!r} is not in international_organizations.tsv")
        if status is None:
            raise row.fail("empty status")
        if (country, org) in seen:
            raise row.fail(f"{country} in {org} is listed twice")
        seen.add((country, org))
        out.append(Membership(country, org, status, row.get("since")))
    return out


def _honorifics(text: str) -> list[Honorific]:
    out = []
    seen: set[str] = set()
    for row in _read_table("honorifics.tsv", text, ("form", "kind", "gender")):
        form = _clean(row.values["form"])
        if not form:
            raise row.fail("empty form")
        if form in seen:
            raise row.fail(f"form {form!r} is listed twice")
        seen.add(form)
        gender = row.get("gender") or "-"
        if gender not in _GENDERS:
            raise row.fail(f"gender {gender!r} is not m, f or -")
        out.append(Honorific(form, row.values["kind"], None if gender == "-" else gender))
    out.sort(key=lambda h: (-len(h.form), h.form))
    return out


def _titles(text: str) -> list[PositionTitle]:
    out = []
    seen: set[str] = set()
    for row in _read_table("position_titles.tsv", text, ("head", "lang", "en", "takes", "kind", "rank")):
        head = _clean(row.values["head"])
        if not head or head in seen:
            raise row.fail(f"head {head!r} is empty or listed twice")
        seen.add(head)
        takes = tuple(t.strip() for t in row.values["takes"].split("|") if t.strip())
        if not takes or any(t not in _TAKES for t in takes):
            raise row.fail(f"takes {row.values['takes']!r}: use {', '.join(sorted(_TAKES))}, joined by '|'")
        lang = row.values["lang"]
        if lang not in ("th", "en"):
            raise row.fail(f"lang {lang!r} is not th or en")
        rank = row.get("rank")
        if rank is not None and not rank.isdigit():
            raise row.fail(f"rank {rank!r} is not a whole number")
        out.append(PositionTitle(head, lang, row.values["en"], takes[0], takes, row.values["kind"],
                                 int(rank) if rank else None))
    out.sort(key=lambda t: (-len(t.head), t.head))
    return out


def _variants(entry: Entry) -> Iterator[str]:
    """Every label of an entry plus, for Thai labels with a hyphen, the form with spaces
    around it (``ติมอร์ - เลสเต``), as news text writes it."""
    for label in entry.labels:
        yield label
        if "-" in label and _THAI.search(label):
            spaced = re.sub(r"\s*-\s*", " - ", label)
            if spaced != label:
                yield spaced
