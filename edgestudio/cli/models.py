"""Model store commands: list and add."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from edgestudio.cli.common import Subparsers, cli_context, print_json

if TYPE_CHECKING:
    pass


def cmd_models(args: argparse.Namespace) -> int:
    ctx = cli_context()
    if args.models_cmd == "add":
        from edgestudio.tasks.detection.importer import import_detection_model

        entry = import_detection_model(ctx.models, ctx.registry, Path(args.file), name=args.name or "")
        print(f"Added {entry.name} as '{entry.id}'.")
        return 0
    entries = ctx.models.list()
    if args.json:
        print_json([e.to_dict() for e in entries])
    else:
        for e in entries:
            tag = "bundled" if e.builtin else "added"
            print(f"{e.id:<32} {e.task:<10} {e.format:<5} {e.size / 1e6:6.1f} MB  {tag}  {e.name}")
    return 0


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add this module's commands to the parser."""
    models = sub.add_parser("models", help="list or add models")
    models_sub = models.add_subparsers(dest="models_cmd")
    models_list = models_sub.add_parser("list")
    models_list.add_argument("--json", action="store_true")
    models_add = models_sub.add_parser("add")
    models_add.add_argument("file")
    models_add.add_argument("--name")
    models.add_argument("--json", action="store_true")
    models.set_defaults(func=cmd_models, models_cmd="list")
