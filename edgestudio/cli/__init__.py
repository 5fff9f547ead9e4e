"""The ``edgestudio`` command: the GUI by default, subcommands for scripting and support.

Each command group lives in its own module with a ``register(sub, bench_sub)`` function.
Commands run on the main thread; messages are English (the GUI is translated, the CLI not).
"""

from __future__ import annotations

import argparse
import sys

from edgestudio import __version__
from edgestudio.cli import (
    bench_grid,
    chat,
    detect,
    docs,
    faces,
    kiosk,
    models,
    optimize,
    serve,
    speech,
    system,
)
from edgestudio.cli.common import document_only_stdout, print_json
from edgestudio.core.errors import EdgeStudioError, ErrorInfo
from edgestudio.core.privacy import disable_telemetry

# docs comes after chat: it adds --docs and --docs-only to the chat command
COMMAND_MODULES = (system, detect, models, faces, speech, chat, docs, kiosk, optimize, bench_grid, serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edgestudio", description="On-device AI studio.")
    parser.add_argument("--version", action="version", version=f"edgestudio {__version__}")
    sub = parser.add_subparsers(dest="command")
    bench = sub.add_parser("bench", help="benchmarks that print JSON")
    bench_sub = bench.add_subparsers(dest="bench_cmd", required=True)
    for module in COMMAND_MODULES:
        module.register(sub, bench_sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    disable_telemetry()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args.func = system.cmd_gui
    try:
        if getattr(args, "json", False):
            with document_only_stdout():  # stdout carries the JSON document and nothing else
                return int(args.func(args))
        return int(args.func(args))
    except EdgeStudioError as exc:
        info = ErrorInfo.from_exception(exc)
        if getattr(args, "json", False):
            print_json({"error": {"title": info.title, "message": info.message, "hint": info.hint}})
        else:
            print(f"edgestudio: {info.title}: {info.text()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
