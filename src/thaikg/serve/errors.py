"""What ``thaikg serve`` raises; the endpoint turns the per-request ones into HTTP answers."""
from __future__ import annotations

from ..errors import ThaiKGError

__all__ = ["QueryTimeout", "ServeError", "WorkerFailed", "WorkersBusy"]


class ServeError(ThaiKGError):
    """The server is missing, could not start, or did not answer."""


class QueryTimeout(ServeError):
    """A request ran over the time limit; whatever ran it has been killed."""


class WorkersBusy(ServeError):
    """No query worker became free in time."""


class WorkerFailed(ServeError):
    """A query worker died while answering."""
