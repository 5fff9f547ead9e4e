"""``edgestudio bench grid --task detect [--sizes 320,416,512,640]``: the optimizer's
measurements over runtimes x precisions x input sizes (``benchmarks/grid.py``), printed as
a table or, with ``--json``, as the report. Runs on the main thread; progress on stderr.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from edgestudio.cli.common import Subparsers, cli_context, print_json


def _cell(value: float | None, digits: int, suffix: str = "") -> str:
    return f"{value:.{digits}f}{suffix}" if value is not None else "-"


def format_table(report: dict[str, Any]) -> str:
    """The grid as a plain-text table, one line per row, with the reason of rows not measured."""
    header = (
        f"{'form':<24} {'precision':<9} {'size':>5} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'fps':>7} {'load ms':>8} {'mAP@0.5':>8} {'speed-up':>8}  note"
    )
    lines = [header, "-" * len(header)]
    for row in report["rows"]:
        note = row["reason"] if row["status"] != "measured" else row["note"]
        status = "" if row["status"] == "measured" else f"{row['status']}: "
        lines.append(
            f"{row['candidate']:<24} {row['precision']:<9} {row['size']:>5} "
            f"{_cell(row['latency_p50_ms'], 1):>8} {_cell(row['latency_p95_ms'], 1):>8} "
            f"{_cell(row['fps'], 1):>7} {_cell(row['load_ms'], 0):>8} {_cell(row['map50'], 3):>8} "
            f"{_cell(row['speedup'], 2, 'x'):>8}  {status}{note}"
        )
    source, reference = report["source"], report["reference"]
    lines.append(
        f"\nReference: {reference['candidate']} at {reference['size']}x{reference['size']} "
        f"({source['name']}); agreement on {report['validation'].get('count', 0)} validation views, "
        f"{report['frames']} timed detections per row, interleaved with the reference."
    )
    return "\n".join(lines)


def cmd_bench_grid(args: argparse.Namespace) -> int:
    from edgestudio.benchmarks.grid import make_options, run_grid
    from edgestudio.cli.optimize import plan_context, resolve_source

    options = make_options(
        args.sizes, args.backends or "", args.precisions or "", args.frames, args.views, args.validation or ""
    )
    ctx = cli_context()
    plan = plan_context(ctx)
    source = resolve_source(ctx, plan, args.task, args.model or "", False)
    report = run_grid(plan, source, options, say=lambda text: print(text, file=sys.stderr))
    if args.json:
        print_json(report)
    else:
        print(format_table(report))
    return 0


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add ``bench grid`` to the parser."""
    grid = bench_sub.add_parser(
        "grid",
        help="latency, fps and agreement over runtimes x precisions x input sizes",
        description="Every detection runtime the registry knows, at each precision it has and each "
        "input size, timed interleaved with ONNX Runtime FP32 at the model's own size (the "
        "reference) and checked against its detections. INT8 and ncnn forms are measured when "
        "`edgestudio optimize` has built them.",
    )
    grid.add_argument("--task", required=True, choices=("detect",))
    grid.add_argument("--model", help="a stored detector id or an ONNX file (default: the configured one)")
    grid.add_argument("--sizes", default="320,416,512,640", help="square input sizes (default: %(default)s)")
    grid.add_argument("--backends", help="comma-separated runtime ids (default: every detection runtime)")
    grid.add_argument("--precisions", help="comma-separated precisions to keep, e.g. fp32,fp16")
    grid.add_argument(
        "--frames", type=int, default=30, help="timed detections per row (default: %(default)s)"
    )
    grid.add_argument(
        "--views", type=int, default=8, help="validation views for agreement (default: %(default)s)"
    )
    grid.add_argument("--validation", help="a folder of pictures or a video (default: packaged photos)")
    grid.add_argument("--json", action="store_true")
    grid.set_defaults(func=cmd_bench_grid)
