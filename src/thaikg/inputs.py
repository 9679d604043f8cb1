"""Where articles come from: files, folders (recursively), standard input, or the bundled sample."""
from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import InputError
from .ids import slug

#: Suffixes picked up when walking a folder.
ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xhtml"})

#: The largest input read as one article (the biggest real ones are under 0.5 MB). Building
#: takes about 100 bytes of memory per character (the offset maps), so a file of hundreds of
#: MB would take the machine down, not just fail (fuzz case 4765: 490 MB, stopped at 4 GB).
MAX_ARTICLE_BYTES = 50_000_000


def _too_large(name: str, size: int) -> InputError:
    return InputError(name, f"is too large to be one article ({size / 1e6:.1f} MB; "
                            f"the limit is {MAX_ARTICLE_BYTES / 1e6:.0f} MB)")


@dataclass(frozen=True)
class Source:
    """One article to read: a display name, a stable id, and its bytes (read lazily)."""

    name: str
    id: str
    path: Path | None = None
    data: bytes | None = None

    def read(self) -> bytes:
        if self.data is not None:
            if len(self.data) > MAX_ARTICLE_BYTES:
                raise _too_large(self.name, len(self.data))
            return self.data
        assert self.path is not None
        try:
            with self.path.open("rb") as fh:
                data = fh.read(MAX_ARTICLE_BYTES + 1)
                if len(data) > MAX_ARTICLE_BYTES:
                    raise _too_large(self.name, max(len(data), os.fstat(fh.fileno()).st_size))
                return data
        except IsADirectoryError:
            raise InputError(self.name, "is a folder, not a file") from None
        except PermissionError:
            raise InputError(self.name, "cannot be read (permission denied)") from None
        except FileNotFoundError:
            raise InputError(self.name, "does not exist") from None
        except OSError as exc:
            raise InputError(self.name, f"cannot be read ({exc.strerror or exc})") from None


def sample_paths() -> list[Path]:
    """The bundled development articles (``thaikg build`` with no input builds these)."""
    folder = resources.files("thaikg") / "sample"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def _walk(folder: Path, errors: list[OSError] | None = None) -> Iterator[Path]:
    """Article files under ``folder``, sorted, never following symlinked folders (no loops).

    Folders that cannot be listed are added to ``errors`` (``os.walk`` would skip them silently).
    """
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=None if errors is None else errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            p = Path(root) / name
            if p.suffix.lower() in ARTICLE_SUFFIXES and not name.startswith("."):
                yield p


def iter_sources(paths: list[str | Path], stdin: bytes | None = None) -> Iterator[Source | InputError]:
    """Every article named by ``paths``; a missing path yields an :class:`InputError` in its place.

    Ids come from file names; when two files share a name, the later ones get a
    hash of their path so no two articles share an IRI.
    """
    seen: set[str] = set()

    def unique(base: str, salt: str) -> str:
        doc_id = slug(base)
        if doc_id in seen:
            doc_id = f"{doc_id}-{hashlib.sha1(salt.encode('utf-8')).hexdigest()[:8]}"
        seen.add(doc_id)
        return doc_id

    for raw in paths:
        if str(raw) == "-":
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            yield Source("<stdin>", unique(f"stdin-{hashlib.sha1(data).hexdigest()[:12]}", "stdin"), data=data)
            continue
        path = Path(raw)
        if path.is_dir():
            unlisted: list[OSError] = []
            for p in _walk(path, unlisted):
                if p.is_fifo() or p.is_socket() or p.is_char_device() or p.is_block_device():
                    # reading a FIFO nobody writes to would block the build for ever
                    yield InputError(str(p), "is not a regular file (a FIFO, socket or device): skipped")
                    continue
                yield Source(str(p), unique(p.stem, str(p)), path=p)
            for exc in unlisted:
                yield InputError(str(exc.filename or path), f"cannot be read ({exc.strerror or exc}): skipped")
        elif path.exists() or path.is_symlink():
            yield Source(str(path), unique(path.stem, str(path)), path=path)
        else:
            yield InputError(str(path), "does not exist")
