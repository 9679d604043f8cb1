"""HTTP helpers shared by the tests that run ``thaikg serve`` (tests/test_serve.py, tests/hardening/test_servers.py)."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from thaikg.serve import ServeError, oxigraph_executable

FIXTURE = Path(__file__).parent / "fixtures" / "mini.trig"
#: An opener that ignores proxy settings: the servers under test are on localhost.
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def sparql(url: str, query: str, timeout: float = 10) -> dict:
    """A SELECT/ASK sent by GET to the query endpoint ``url``, its JSON results."""
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    with NO_PROXY.open(request, timeout=timeout) as response:
        return json.loads(response.read())


def post(url: str, body: bytes | None, content_type: str, method: str = "POST") -> int:
    """The HTTP status of sending ``body`` to ``url``."""
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    try:
        with NO_PROXY.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def require_oxigraph() -> None:
    """Skip the calling test module when the Oxigraph server program is not installed."""
    try:
        oxigraph_executable()
    except ServeError:
        pytest.skip("the oxigraph server (PyPI oxigraph) is not installed", allow_module_level=True)
