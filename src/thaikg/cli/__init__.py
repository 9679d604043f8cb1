"""The ``thaikg`` command line: a thin layer over the Python API.

Each sub-command lives in its own module and registers itself with
:func:`command`; :func:`main` builds the parser from the registry.  Only this
package prints.  Library errors (:class:`~thaikg.errors.ThaiKGError`) become one
line on stderr and exit status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import __version__
from ..errors import ThaiKGError

Handler = Callable[[argparse.Namespace], int]

#: Modules that define sub-commands, in the order ``thaikg --help`` lists them.
COMMAND_MODULES = ("build", "validate", "query", "export", "viz", "stats", "serve", "push", "remove")


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Handler


_COMMANDS: dict[str, Command] = {}


def register(name: str, help: str, configure: Callable[[argparse.ArgumentParser], None], run: Handler) -> None:
    _COMMANDS[name] = Command(name, help, configure, run)


def error(message: str) -> None:
    """Print one line on stderr, prefixed with the program name."""
    print(f"thaikg: {message}", file=sys.stderr)


def parser() -> argparse.ArgumentParser:
    for module in COMMAND_MODULES:
        try:
            importlib.import_module(f"{__name__}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{module}":
                raise
    p = argparse.ArgumentParser(prog="thaikg", description="Build, query and draw a knowledge graph of Thai news.")
    p.add_argument("--version", action="version", version=f"thaikg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for cmd in _COMMANDS.values():
        sp = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        cmd.configure(sp)
        sp.set_defaults(handler=cmd.run)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except ThaiKGError as exc:
        error(str(exc))
        return 2
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        return 0
