"""Exceptions the library raises; the CLI turns them into one-line messages."""
from __future__ import annotations


class ThaiKGError(Exception):
    """Base class: a problem the user can act on, described in one line."""


class InputError(ThaiKGError):
    """An input file is missing, unreadable, empty or undecodable.

    The message names the file: ``InputError(path, "is empty")`` reads
    ``path: is empty``.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class FormatError(ThaiKGError):
    """An unknown or unsupported RDF / output format."""


class QueryError(ThaiKGError):
    """A SPARQL query that cannot be parsed or run."""


class ArticleTimeout(ThaiKGError):
    """Building one article took longer than its time limit (the batch goes on without it)."""
