"""The Python API behind ``thaikg build``: articles in, an RDF dataset out."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from .document import Document
from .errors import InputError, ThaiKGError
from .inputs import Source, iter_sources, sample_paths
from .knowledge import Knowledge
from .pipeline import DEFAULT_STAGES, Stage, make_pipeline, run
from .rdf.convert import add_document, new_dataset
from .text.encoding import decode


@dataclass
class Failure:
    """An article that could not be built, with a one-line reason."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class BuildResult:
    dataset: Dataset
    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def process(source: Source, pipeline: Sequence[Stage], knowledge: Knowledge, reader: str | None = None) -> Document:
    """Read one article and run the pipeline over it."""
    raw = decode(source.read(), source.name)
    doc = Document(id=source.id, source=source.name, raw=raw, reader=reader or "")
    return run(doc, pipeline, knowledge)


def build(paths: Iterable[str | Path] | None = None, *, reader: str | None = None,
          stages: Sequence[str] = DEFAULT_STAGES, stdin: bytes | None = None) -> BuildResult:
    """Build the graph of the articles at ``paths`` (files, folders, ``-``); the sample when ``None``.

    One bad article never stops the batch: it is recorded in ``failures``.
    """
    items = list(paths) if paths is not None else sample_paths()
    pipeline = make_pipeline(stages)
    knowledge = Knowledge.load()
    result = BuildResult(new_dataset())
    for source in iter_sources(items, stdin=stdin):
        if isinstance(source, InputError):
            result.failures.append(Failure(source.source, source.problem))
            continue
        try:
            doc = process(source, pipeline, knowledge, reader)
        except InputError as exc:
            result.failures.append(Failure(exc.source, exc.problem))
            continue
        except ThaiKGError as exc:
            result.failures.append(Failure(source.name, str(exc)))
            continue
        except Exception as exc:  # a bug must not cost the rest of the batch
            result.failures.append(Failure(source.name, f"internal error: {type(exc).__name__}: {exc}"))
            continue
        add_document(result.dataset, doc)
        result.documents.append(doc)
    return result
