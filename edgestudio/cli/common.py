"""Helpers shared by the command modules: JSON output, the application context."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from edgestudio.context import AppContext

Subparsers = argparse._SubParsersAction


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, default=str))


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
