"""A pipeline of small named stages over one :class:`~thaikg.document.Document`.

Each stage is a function ``(doc, resources) -> None`` registered under a name
with what it needs and what it adds (attributes of the document), as spaCy's
components are.  :func:`make_pipeline` checks that every stage's needs are met
by the stages before it, so a replaced or reordered stage fails at once, not
half-way through a corpus.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .document import Document
from .errors import ThaiKGError

StageFn = Callable[[Document, "object"], None]

#: Attributes a freshly read document already has.
INITIAL = frozenset({"raw", "id", "source"})

#: The default order of stages, from bytes to facts.
DEFAULT_STAGES: tuple[str, ...] = (
    "normalise", "layout", "segment", "recognise", "resolve", "relate", "link",
)


@dataclass(frozen=True)
class Stage:
    name: str
    fn: StageFn
    needs: frozenset[str]
    adds: frozenset[str]
    doc: str


_REGISTRY: dict[str, Stage] = {}


def stage(name: str, *, needs: Iterable[str] = (), adds: Iterable[str] = ()) -> Callable[[StageFn], StageFn]:
    """Register ``fn`` as the stage ``name`` (a later registration replaces it)."""

    def register(fn: StageFn) -> StageFn:
        _REGISTRY[name] = Stage(name, fn, frozenset(needs), frozenset(adds), (fn.__doc__ or "").strip())
        return fn

    return register


def registered() -> dict[str, Stage]:
    """All registered stages by name (importing :mod:`thaikg.stages` registers the built-in ones)."""
    from . import stages  # noqa: F401  (registers the built-in stages)

    return dict(_REGISTRY)


def make_pipeline(names: Sequence[str] = DEFAULT_STAGES) -> list[Stage]:
    """The stages called ``names``, checked so each one's needs are met before it runs."""
    known = registered()
    have = set(INITIAL)
    pipeline = []
    for name in names:
        if name not in known:
            raise ThaiKGError(f"unknown pipeline stage {name!r}; known: {', '.join(sorted(known))}")
        st = known[name]
        missing = st.needs - have
        if missing:
            raise ThaiKGError(f"stage {name!r} needs {', '.join(sorted(missing))}, which no earlier stage adds")
        have |= st.adds
        pipeline.append(st)
    return pipeline


def run(doc: Document, pipeline: Sequence[Stage], resources: object) -> Document:
    """Run every stage on ``doc`` in order and return it."""
    for st in pipeline:
        st.fn(doc, resources)
    return doc
