"""The little protocol between the endpoint and its query workers, over the workers' stdin/stdout pipes.

A frame is a JSON header (4-byte big-endian length, then UTF-8 JSON) and a body
(8-byte length, then raw bytes). JSON keeps the header readable in a debugger;
the body stays raw so a 100 MB answer is not escaped or copied into a string.
The worker side blocks (:func:`write_frame`, :func:`read_frame`); the endpoint
side reads with a deadline (:class:`FrameReader`), which is what lets it give up
on a worker that runs past the time limit.
"""
from __future__ import annotations

import json
import os
import select
import struct
import time
from typing import Any, BinaryIO

__all__ = ["FrameReader", "Overrun", "read_frame", "write_frame"]

_HEAD = struct.Struct(">I")
_BODY = struct.Struct(">Q")


class Overrun(Exception):
    """The deadline passed before the whole frame arrived."""


def write_frame(stream: BinaryIO, header: dict[str, Any], body: bytes | bytearray | memoryview = b"") -> None:
    """Write one frame and flush it."""
    data = json.dumps(header, ensure_ascii=False).encode("utf-8")
    stream.write(_HEAD.pack(len(data)) + data + _BODY.pack(len(body)))
    if body:
        stream.write(body)
    stream.flush()


def _read_exact(stream: BinaryIO, n: int) -> bytes | None:
    data = stream.read(n) if n else b""
    if n and len(data) < n:
        return None
    return data


def read_frame(stream: BinaryIO) -> tuple[dict[str, Any], bytes] | None:
    """Read one frame, blocking; None at end of input (the other side went away)."""
    raw = _read_exact(stream, _HEAD.size)
    if raw is None:
        return None
    data = _read_exact(stream, _HEAD.unpack(raw)[0])
    raw = _read_exact(stream, _BODY.size) if data is not None else None
    if data is None or raw is None:
        return None
    body = _read_exact(stream, _BODY.unpack(raw)[0])
    if body is None:
        return None
    return json.loads(data), body


class FrameReader:
    """Reads frames from a pipe's file descriptor, giving up at a deadline (:class:`Overrun`).

    Uses ``select`` on the raw descriptor, so POSIX only (pipes cannot be
    selected on Windows).
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def read(self, deadline: float | None) -> tuple[dict[str, Any], bytearray]:
        """The next frame; :class:`Overrun` when ``deadline`` (``time.monotonic()``) passes, EOFError at end."""
        (size,) = _HEAD.unpack(self._read(_HEAD.size, deadline))
        header = json.loads(self._read(size, deadline))
        (size,) = _BODY.unpack(self._read(_BODY.size, deadline))
        return header, self._read(size, deadline)

    def _read(self, n: int, deadline: float | None) -> bytearray:
        buf = bytearray()
        while len(buf) < n:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                    raise Overrun
            chunk = os.read(self.fd, min(n - len(buf), 1 << 20))
            if not chunk:
                raise EOFError("the query worker exited")
            buf += chunk
        return buf  # not copied into bytes: an answer can be 100 MB
