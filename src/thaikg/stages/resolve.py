"""Stage ``resolve``: group mentions into entities with deterministic keys.

Known things take their gazetteer id (``country/CA``, ``org/asean``), so every
article agrees on them; people, titles, meetings and programmes take a key made
from their normalised name.  Within an article, a name given again in brackets,
an acronym, a shorter or longer form of the same name, and a country written
formally or briefly all land on one entity.
"""
from __future__ import annotations

import re

from ..document import Document, Entity, Mention
from ..ids import key as make_key
from ..knowledge import Knowledge
from ..pipeline import stage
from ..rdf.convert import lang_of
from .recognise import canonical_title

#: The IRI folder of each class.
FOLDERS = {
    "Person": "person", "Position": "position", "Organization": "org", "GovernmentOrganization": "gov",
    "InternationalOrganization": "org", "Country": "country", "Place": "place", "Event": "event",
    "Meeting": "event", "Programme": "programme", "Topic": "topic", "Contribution": "contribution",
}
_NUMBER = re.compile(r"(?:ครั้งที่|ระยะที่|ฉบับที่|ระยะ)[ ]?([0-9๐-๙]+)")
_BRACKETED = re.compile(r"[ ]?\([^()]*\)")
TOPIC_BASE = "https://w3id.org/thaikg/id/"


@stage("resolve", needs=("mentions",), adds=("entities",))
def resolve(doc: Document, kn: Knowledge) -> None:
    """One entity per real-world thing; every mention points at its entity."""
    entities: dict[str, Entity] = {}
    by_span = {(m.start, m.end): m for m in doc.mentions}
    for index, m in enumerate(doc.mentions):
        if m.source == "bracket":
            continue
        if m.source == "heads" and m.text.endswith("ฯ"):
            m.entity = _abbreviated(m, entities, doc)
            if m.entity is not None:
                entities[m.entity].mentions.append(index)
            continue
        key = _key_for(doc, m, kn)
        m.entity = key
        _entity(entities, key, m, kn).mentions.append(index)
    for index, m in enumerate(doc.mentions):
        if m.source != "bracket":
            continue
        owner = by_span.get(tuple(int(x) for x in m.attrs["alias_of"].split(":")))
        if owner is None or owner.entity is None:
            continue
        m.entity = owner.entity
        e = entities[owner.entity]
        e.mentions.append(index)
        if m.attrs.get("kind") == "acronym" and not e.acronym:
            e.acronym = m.text
        else:
            _add_label(e, m.text)
    _compose_foreign_offices(doc, entities, kn)
    _merge_variants(doc, entities)
    _merge_given_names(doc, entities)
    for e in entities.values():
        _prefer_key_name(e)
    doc.entities = dict(sorted(entities.items()))


def _prefer_key_name(e: Entity) -> None:
    """One ``rdfs:label``: the name the key was made from, so every article labels the entity alike;
    every other form seen stays as ``skos:altLabel``."""
    name = e.attrs.pop("name", None)
    if name is None:
        return
    e.alt_labels.update(e.labels.values())
    e.labels = {lang_of(name): name}
    e.alt_labels.discard(name)


def _abbreviated(m: Mention, entities: dict[str, Entity], doc: Document) -> str | None:
    """``ความตกลงฯ``, ``ศูนย์ความเป็นเลิศฯ``: the thing of that class named in full before."""
    base = m.text[:-1].strip()
    earlier = [doc.mentions[i] for e in entities.values() if e.cls == m.cls for i in e.mentions[:1]]
    earlier = [e for e in earlier if e.start < m.start and e.entity]
    named = [e for e in earlier if e.text.startswith(base) and len(e.text) > len(base)]
    if named:
        return named[-1].entity
    return None


def _key_for(doc: Document, m: Mention, kn: Knowledge) -> str:
    """The entity key of a mention; ``attrs["name"]`` keeps the name the key was made from."""
    if "gaz" in m.attrs:
        return m.attrs["gaz"]
    if "topic" in m.attrs:
        return m.attrs["topic"].removeprefix(TOPIC_BASE)
    if m.cls == "Position":
        m.attrs["name"] = canonical_title(m.text, kn)
        return make_key("position", m.attrs["name"])
    m.attrs["name"] = _canonical_name(m.text)
    if m.cls in ("Meeting", "Event") and m.attrs.get("kind") in kn.complete_heads:
        return f"event/{doc.id}-{m.attrs['kind'].replace('_', '-')}"
    return make_key(FOLDERS[m.cls], m.attrs["name"])


def _canonical_name(text: str) -> str:
    return " ".join(text.split())


def _entity(entities: dict[str, Entity], key: str, m: Mention, kn: Knowledge) -> Entity:
    e = entities.get(key)
    if e is None:
        e = Entity(key=key, cls=m.cls)
        if "gaz" in m.attrs:
            entry = kn.entry(m.attrs["gaz"])
            e.cls = entry.cls
            e.labels = {lang: name for lang, name in (("th", entry.th), ("en", entry.en)) if name}
            e.alt_labels.update(a for a in entry.aliases if a)
            e.acronym = entry.acronym or None
            e.same_as = entry.qid or None
        elif "topic" in m.attrs and m.attrs["topic"] in kn.topics:
            topic = kn.topics[m.attrs["topic"]]
            e.labels = {lang: name for lang, name in (("th", topic.th), ("en", topic.en)) if name}
            e.extra_types.add("http://www.w3.org/2004/02/skos/core#Concept")
        elif m.cls == "Topic":
            e.extra_types.add("http://www.w3.org/2004/02/skos/core#Concept")
        if "name" in m.attrs:
            e.attrs["name"] = m.attrs["name"]
        entities[key] = e
    if m.cls == "Person" and "honorific" in m.attrs:
        e.attrs.setdefault("honorific", m.attrs["honorific"])
    _add_label(e, m.text)
    return e


def _add_label(e: Entity, text: str) -> None:
    text = " ".join(text.split())
    if not text:
        return
    lang = lang_of(text)
    if lang not in e.labels:
        e.labels[lang] = text
    elif e.labels[lang] != text:
        e.alt_labels.add(text)


def _compose_foreign_offices(doc: Document, entities: dict[str, Entity], kn: Knowledge) -> None:
    """``กระทรวงการต่างประเทศ`` + ``จีน`` inside one title is China's ministry, not Thailand's."""
    parts_by_title: dict[str, list[int]] = {}
    for i, m in enumerate(doc.mentions):
        if m.source == "title-part":
            parts_by_title.setdefault(m.attrs["part_of"], []).append(i)
    for indexes in parts_by_title.values():
        for a, b in zip(indexes, indexes[1:]):
            org, country = doc.mentions[a], doc.mentions[b]
            if org.cls != "GovernmentOrganization" or country.cls != "Country" or org.end != country.start:
                continue
            org_entry, country_entry = kn.entry(org.attrs["gaz"]), kn.entry(country.attrs["gaz"])
            if org_entry.country == country_entry.id.split("/")[-1]:
                continue
            surface = f"{org_entry.th or org.text}{country_entry.th or country.text}"
            known = kn.gazetteer.lookup(surface) or kn.gazetteer.lookup(org.text + country.text)
            key = known.id if known else make_key("gov", f"{country_entry.id.split('/')[-1]}-{org_entry.th or org.text}")
            _detach(entities, org.entity, a)
            org.entity = key
            org.end = country.end
            org.text = doc.text[org.start:org.end]
            org.attrs = {"part_of": org.attrs["part_of"], "country": country_entry.id} | (
                {"gaz": known.id} if known else {})
            e = _entity(entities, key, org, kn) if known else entities.get(key) or Entity(
                key=key, cls=org.cls, attrs={"name": surface})
            entities[key] = e
            e.attrs["country"] = country_entry.id
            _add_label(e, surface)
            _add_label(e, org.text)
            e.mentions.append(a)


def _detach(entities: dict[str, Entity], key: str | None, index: int) -> None:
    if key is None or key not in entities:
        return
    e = entities[key]
    if index in e.mentions:
        e.mentions.remove(index)
    if not e.mentions:
        del entities[key]


def _merge_variants(doc: Document, entities: dict[str, Entity]) -> None:
    """Shorter and longer forms of one meeting or programme name become one entity.

    ``การประชุม X`` and ``การประชุม X ครั้งที่ ๑๘``; ``แผนงาน Y`` and ``แผนงาน Y ระยะที่ 3 (พ.ศ. …)``;
    never two names that carry different numbers (phase 2 and phase 3 stay apart).
    """
    for cls in ("Meeting", "Programme", "Organization", "GovernmentOrganization", "Place", "Position"):
        group = [e for e in entities.values() if e.cls == cls and not e.same_as]
        core = {e.key: _core(e) for e in group}
        group.sort(key=lambda e: (-len(core[e.key]), -len(e.labels.get("th", "")), e.key))
        for short in reversed(group):
            if short.key not in entities:
                continue
            a = core[short.key]
            for long in group:
                b = core[long.key]
                if long is short or long.key not in entities or len(b) < len(a):
                    continue
                if _same_thing(a, b, cls == "Position") and (len(b) > len(a) or long.key < short.key):
                    _merge_into(doc, entities, short, long)
                    break


def _core(e: Entity) -> str:
    name = e.labels.get("th") or e.labels.get("en") or ""
    return _BRACKETED.sub("", name).strip()


_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _numbers(name: str) -> set[str]:
    return set(_NUMBER.findall(name.translate(_ARABIC_DIGITS)))


def _same_thing(short: str, long: str, title: bool = False) -> bool:
    """``long`` is ``short`` with a number, a period, or (for a title) a posting added."""
    if len(short) < 8 or not long.startswith(short):
        return False
    a, b = _numbers(short), _numbers(long)
    if a and b and a != b:
        return False
    rest = long[len(short):]
    tails = ("ครั้งที่", "ระยะ", "ปี", "(") + (("ประจำ", "ณ", "ฝ่าย") if title else ())
    return not rest or rest[0] in " (-" or rest.lstrip().startswith(tails)


def _merge_given_names(doc: Document, entities: dict[str, Entity]) -> None:
    """``นายมาริษ`` after ``นายมาริษ เสงี่ยมพงษ์``: a one-word name is the person named in full."""
    people = [e for e in entities.values() if e.cls == "Person"]
    for short in people:
        name = short.attrs.get("name", "")
        if not name or " " in name:
            continue
        full = [e for e in people if e is not short and e.attrs.get("name", "").startswith(name + " ")]
        if len(full) == 1 and short.key in entities:
            _merge_into(doc, entities, short, full[0])


def _merge_into(doc: Document, entities: dict[str, Entity], short: Entity, long: Entity) -> None:
    for index in short.mentions:
        doc.mentions[index].entity = long.key
        long.mentions.append(index)
    for label in short.all_labels():
        _add_label(long, label)
    long.acronym = long.acronym or short.acronym
    long.attrs = short.attrs | long.attrs
    del entities[short.key]
