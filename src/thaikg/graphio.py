"""Read built graphs back: one RDF file, or a folder of them, into an rdflib Dataset."""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from .errors import InputError
from .rdf.formats import FORMATS, SUFFIXES, guess_format
from .rdf.namespaces import PREFIXES

_RDFLIB_PARSER = {"turtle": "turtle", "nt": "nt", "nquads": "nquads", "trig": "trig", "json-ld": "json-ld", "xml": "xml"}


def rdf_files(path: str | Path) -> list[Path]:
    """The RDF files at ``path`` (itself, or those in the folder, sorted)."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
    if not p.exists():
        raise InputError(str(p), "does not exist")
    return [p]


def load_dataset(path: str | Path, fmt: str | None = None) -> Dataset:
    """Every graph in the RDF file or folder at ``path``; named graphs are kept."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    files = rdf_files(path)
    if not files:
        raise InputError(str(path), "holds no RDF files")
    for f in files:
        name = fmt or guess_format(f)
        try:
            if FORMATS[name][1]:
                ds.parse(f, format=_RDFLIB_PARSER[name])
            else:
                ds.default_context.parse(f, format=_RDFLIB_PARSER[name])
        except Exception as exc:  # rdflib raises many types; the user needs the file and the reason
            raise InputError(str(f), f"is not valid {name}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    return ds
