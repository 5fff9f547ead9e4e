"""``edgestudio models convert MODEL --to ncnn|openvino [--precision fp32|fp16] [--json]``:
convert a stored ONNX model for another runtime and store the result with its provenance.

Registered under ``models`` by ``cli/models.py`` (``add_convert_parser``). Main thread.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from edgestudio.cli.common import Subparsers, cli_context, print_json
from edgestudio.core.errors import ModelAlreadyStored


def cmd_convert(args: argparse.Namespace) -> int:
    """Convert, store, print the new model's id (or the JSON report)."""
    from edgestudio.optimize.convert import convert_entry

    ctx = cli_context()
    entry = ctx.models.get(args.model)
    with tempfile.TemporaryDirectory(prefix="edgestudio-convert-") as work:
        converted = convert_entry(entry, args.to, Path(work), args.precision)
        hints = {**converted.hints, "conversion": converted.provenance}
        try:
            stored = ctx.models.add(
                converted.artifact,
                task=entry.task,
                name=converted.name,
                hints=hints,
                precision=converted.precision,
                license=entry.license,
            )
            already = False
        except ModelAlreadyStored as exc:
            stored = ctx.models.get(exc.model_id)
            already = True
    report = {
        "id": stored.id,
        "name": stored.name,
        "format": stored.format,
        "precision": stored.precision,
        "files": [f.name for f in stored.all_files],
        "size": stored.size,
        "already_stored": already,
        "provenance": converted.provenance,
    }
    if args.json:
        print_json(report)
    else:
        print(stored.id)
    return 0


def add_convert_parser(models_sub: Subparsers) -> None:
    """Add ``convert`` to the ``models`` command group."""
    from edgestudio.optimize.convert import PRECISIONS, TARGETS

    convert = models_sub.add_parser(
        "convert", help="convert a stored ONNX model for ncnn or OpenVINO and store the result"
    )
    convert.add_argument("model", help="id of a stored ONNX model (`edgestudio models list`)")
    convert.add_argument("--to", required=True, choices=sorted(TARGETS), help="the target runtime's format")
    convert.add_argument("--precision", default="fp32", choices=PRECISIONS, help="weights precision")
    convert.add_argument("--json", action="store_true")
    convert.set_defaults(func=cmd_convert)
