"""Helpers shared by the command modules: JSON output, the application context."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from edgestudio.context import AppContext

Subparsers = argparse._SubParsersAction
# Where print_json writes while a --json command runs (see document_only_stdout).
_documents: list[IO[str]] = []


def print_json(data: Any) -> None:
    """Write ``data`` as the command's JSON document on standard output (main thread)."""
    print_document(json.dumps(data, indent=2, default=str) + "\n")


def print_document(text: str) -> None:
    """Write ``text``, the command's output document, on standard output (main thread)."""
    print(text, end="", file=_documents[-1] if _documents else sys.stdout, flush=True)


def _fileno(stream: IO[str]) -> int:
    """The stream's file descriptor, or -1 for one without (a test's captured output)."""
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return -1


@contextlib.contextmanager
def document_only_stdout() -> Iterator[None]:
    """Main thread, around a ``--json`` command: standard output carries only what print_json
    writes. Anything else printed meanwhile (by EdgeStudio or by a library, from Python or
    from native code on file descriptor 1) goes to standard error."""
    original = sys.stdout
    original.flush()
    out, err = _fileno(original), _fileno(sys.stderr)
    saved = os.dup(out) if out >= 0 and err >= 0 else -1
    document = os.fdopen(saved, "w", encoding="utf-8", closefd=False) if saved >= 0 else original
    _documents.append(document)
    sys.stdout = sys.stderr
    if saved >= 0:
        os.dup2(err, out)
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
        document.flush()
        _documents.pop()
        sys.stdout = original
        if saved >= 0:
            os.dup2(saved, out)
            os.close(saved)


def cli_context() -> AppContext:
    """The application context with logging set up (commands run on the main thread)."""
    from edgestudio.context import AppContext
    from edgestudio.core.logs import setup_logging

    ctx = AppContext.create()
    setup_logging(ctx.paths.log_dir, ctx.config.logging.level)
    ctx.models.clean_leftovers()  # what killed model imports left behind (logged)
    if not ctx.storage.writable:
        report_storage(ctx)
    return ctx


def report_storage(ctx: AppContext) -> None:
    """Say on stderr and in the log that the data folder cannot take writes (main thread)."""
    import logging
    import sys

    state = ctx.storage
    logging.getLogger("edgestudio.storage").warning("%s %s", state.message(), state.consequences())
    print(f"edgestudio: {state.message()} {state.consequences()} {state.hint()}", file=sys.stderr)


def model_args(parser: argparse.ArgumentParser) -> None:
    """The model/backend/device/threads options shared by detection commands."""
    parser.add_argument("--model", help="a stored model id or an .onnx file")
    parser.add_argument(
        "--backend",
        help="runtime id (default: the best-ranked here for the model's format; "
        "`edgestudio doctor` lists each runtime's tasks, formats and devices)",
    )
    parser.add_argument("--device", help="device of the runtime, as `edgestudio doctor` lists them")
    parser.add_argument("--threads", type=int, default=0, help="runtime threads (0 = auto)")
