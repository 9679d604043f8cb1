"""Stage ``link``: background knowledge from shipped data — Wikidata identities and memberships."""
from __future__ import annotations

from ..document import Document, Fact, Ref
from ..knowledge import Knowledge
from ..pipeline import stage


@stage("link", needs=("entities", "facts"), adds=("same_as", "memberOf"))
def link(doc: Document, kn: Knowledge) -> None:
    """``owl:sameAs`` for every gazetteer entity with a known QID, and ``tkg:memberOf``
    between the countries and organisations the article mentions."""
    for key, e in doc.entities.items():
        entry = kn.gazetteer.entries.get(key)
        if entry is not None and entry.qid and not e.same_as:
            e.same_as = entry.qid
    present = set(doc.entities)
    for key, e in doc.entities.items():
        if e.cls != "Country":
            continue
        for org in kn.gazetteer.members_of(key):
            if org in present:
                doc.facts.append(Fact(key, "memberOf", Ref(org)))
    doc.facts = sorted(set(doc.facts), key=lambda f: (f.subject, f.predicate, repr(f.object), f.sentence or -1))
