"""Temporary files beside the outputs they become, and the clean-up of those a killed build left.

Every output is written to a temporary file in its target's folder and renamed over the
target when whole, so a crash never leaves half a file under the real name. A process
killed outright (SIGKILL, power loss) cannot delete its temporary files, so their names
carry the writer's process id, and the next writer into the same folder deletes those
whose process is gone.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = ["scratch_dir", "temp_beside"]


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: leave its files alone
    return True


def _sweep(folder: Path, pattern: re.Pattern[str]) -> None:
    """Delete the entries of ``folder`` matching ``pattern`` (group 1: a pid) whose process is gone."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = pattern.match(entry.name)
        if m is None or _alive(int(m.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)


def temp_beside(target: str | Path) -> Path:
    """A new empty temporary file next to ``target`` (``.NAME.PID.XXXX.tmp``), after deleting
    the ones earlier, killed writers of ``target`` left there."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _sweep(target.parent, re.compile(rf"^\.{re.escape(target.name)}\.(\d+)\.[^.]+\.tmp$"))
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(name)


def scratch_dir(folder: str | Path) -> Path:
    """A new scratch folder inside ``folder`` (``tmp-PID-XXXX``), after deleting those of killed builds."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder, re.compile(r"^tmp-(\d+)-[^.]+$"))
    return Path(tempfile.mkdtemp(prefix=f"tmp-{os.getpid()}-", dir=folder))
