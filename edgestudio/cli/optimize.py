"""``edgestudio optimize MODEL --task detect|faces|asr|chat``: find what this device runs
fastest, prove it still answers like the original, report, and optionally deploy it.

The plan runs in this process with a progress printer on stderr (main thread). Ctrl+C stops
it: every artifact is built in a work folder and moves into the cache only when complete,
and nothing enters the model store or the deployments unless ``--deploy`` is given and the
run finished. ``edgestudio models rollback --task T`` undoes a deploy.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgestudio.cli.common import Subparsers, cli_context, print_json
from edgestudio.optimize.types import OPTIMIZE_TASKS

if TYPE_CHECKING:
    from edgestudio.context import AppContext
    from edgestudio.core.model_store import ModelEntry
    from edgestudio.optimize.planners import PlanContext
    from edgestudio.optimize.types import OptimizeReport


class ProgressPrinter:
    """Prints the plan's ``stage`` events on stderr, one line each (main thread), and the
    libraries' own prints (``output`` events, from the capture's reader thread)."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet

    def emit(self, event: str, **fields: Any) -> None:
        if self.quiet:
            return
        if event == "stage":
            fraction = float(fields.get("fraction", 0.0))
            print(
                f"[{fraction:4.0%}] {fields.get('candidate', '')}: {fields.get('text', '')}", file=sys.stderr
            )
        elif event == "result":
            result = fields["result"]
            print(f"       {result['candidate']['id']}: {result['status']}", file=sys.stderr)
        elif event == "output":  # a library's own print, from the capture's reader thread
            print(f"       | {fields.get('text', '')}", file=sys.stderr)


def plan_context(ctx: AppContext) -> PlanContext:
    """The planner's context on this installation: the cache under the data folder."""
    from edgestudio.optimize.planners import PlanContext
    from edgestudio.optimize.run import CACHE_FOLDER

    cache = ctx.paths.data_dir / CACHE_FOLDER
    return PlanContext(ctx.registry, ctx.models, cache, cache / ".work")


def resolve_source(ctx: AppContext, plan: PlanContext, task: str, ref: str, working_copy: bool) -> ModelEntry:
    """The model to optimize: a stored id, a file or folder, or the task's packaged default
    (an empty ``ref``); see ``optimize/sources.py``. ``working_copy`` (chat) optimizes an
    F16 copy of a quantized GGUF."""
    from edgestudio.optimize import sources

    return sources.resolve_source(
        plan,
        ctx.paths.models_dir,
        ctx.paths.cache_dir,
        task,
        ref,
        default_detector=ctx.config.detection.model_id,
        working_copy=working_copy,
        report=lambda text: print(text, file=sys.stderr),
    )


def _summary(report: OptimizeReport) -> list[dict[str, Any]]:
    rows = []
    for result in report.results:
        gate = result.gate
        rows.append(
            {
                "id": result.candidate.id,
                "label": result.candidate.label,
                "input_size": result.candidate.input_size or None,  # vision: the square size it runs at
                "status": result.status,
                "passed": result.status == "passed",
                "speedup": result.speed.speedup if result.speed else None,
                "throughput": f"{result.speed.throughput} {result.speed.throughput_unit}"
                if result.speed
                else "",
                "accuracy": gate.metrics if gate else {},
                "reason": gate.reason if gate else result.message,
                "evidence": gate.evidence if gate else "",
            }
        )
    return rows


def cmd_optimize(args: argparse.Namespace) -> int:
    from edgestudio.core.deployments import Deployments
    from edgestudio.optimize.deploy import deploy_pick
    from edgestudio.optimize.library_output import library_output_captured
    from edgestudio.optimize.planners import PlanOptions
    from edgestudio.optimize.report import write_report
    from edgestudio.optimize.run import run_plan

    ctx = cli_context()
    plan = plan_context(ctx)
    source = resolve_source(ctx, plan, args.task, args.model or "", args.working_copy)
    options = PlanOptions(
        target=args.target,
        calibration=args.calibration or "",
        validation=args.validation or "",
        gate=args.gate,
        only=tuple(p.strip() for p in (args.only or "").split(",") if p.strip()),
        use_cache=not args.no_cache,
        benchmark_rounds=args.rounds,
        extra={"allow_requantize": args.allow_requantize},
    )
    printer = ProgressPrinter(quiet=args.quiet)
    try:
        with library_output_captured(printer):
            report = run_plan(plan, args.task, source, options, printer)
    except KeyboardInterrupt:
        print("Stopped: nothing was deployed or added to the model store.", file=sys.stderr)
        return 130
    report_paths = write_report(report, Path(args.report).expanduser()) if args.report else None
    deployed = None
    if args.deploy:
        deployment = deploy_pick(
            ctx.models,
            Deployments.in_data_dir(ctx.paths.data_dir),
            report,
            source,
            report_paths[1] if report_paths else None,
        )
        deployed = {
            "model_id": deployment.model_id,
            "label": deployment.label,
            "settings": deployment.settings,
        }
    rows = _summary(report)
    if args.json:
        print_json(
            {
                "candidates": rows,
                "pick": report.pick,
                "pick_reason": report.pick_reason,
                "deployed": deployed,
                "report": [str(p) for p in report_paths] if report_paths else [],
                "result": report.to_dict(),
            }
        )
        return 0
    for row in rows:
        speed = f"{row['speedup']:.2f}x" if row["speedup"] is not None else "   -  "
        print(f"{row['id']:<36} {row['status']:<12} {speed:>7}  {row['reason']}")
        if row["evidence"]:
            print(f"{'':<58}{row['evidence']}")
    print(f"\nPick: {report.pick or 'none'}. {report.pick_reason}")
    if deployed:
        print(
            f"Deployed {deployed['label']} as '{deployed['model_id']}'; undo with "
            f"'edgestudio models rollback --task {args.task}'."
        )
    if report_paths:
        print(f"Report: {report_paths[1]}")
    return 0


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add ``optimize`` to the parser."""
    optimize = sub.add_parser(
        "optimize",
        help="build faster versions of a model, check their accuracy, report, deploy",
        description="Candidates (format x precision x runtime x device) are built, gated against the "
        "original on validation data and timed interleaved with it. Pruning, distillation and "
        "quantization-aware training are not done: they need fine-tuning.",
    )
    optimize.add_argument(
        "model", nargs="?", help="a stored model id, a file or folder (default: the task's default)"
    )
    optimize.add_argument("--task", required=True, choices=OPTIMIZE_TASKS)
    optimize.add_argument("--target", default="auto", choices=("auto", "cpu", "gpu", "npu"))
    optimize.add_argument(
        "--validation", help="held-apart data: images (detect), speech with transcripts (asr), text (chat)"
    )
    optimize.add_argument("--calibration", help="calibration images (detect, faces)")
    optimize.add_argument(
        "--gate",
        type=float,
        help="accuracy limit: detect mAP@0.5 (0.97), asr WER points (0.01), chat perplexity rise (0.05)",
    )
    optimize.add_argument("--only", help="comma-separated candidate ids to run")
    optimize.add_argument(
        "--rounds", type=int, default=0, help="interleaved timing rounds (0 = the task's default)"
    )
    optimize.add_argument("--no-cache", action="store_true", help="build every candidate again")
    optimize.add_argument(
        "--working-copy", action="store_true", help="chat: optimize an F16 copy of a quantized GGUF"
    )
    optimize.add_argument(
        "--allow-requantize",
        action="store_true",
        help="chat: also re-quantize an already quantized model (loses accuracy)",
    )
    optimize.add_argument("--deploy", action="store_true", help="make the pick the model its tab uses")
    optimize.add_argument("--report", help="folder for report.json and report.html")
    optimize.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    optimize.add_argument("--json", action="store_true")
    optimize.set_defaults(func=cmd_optimize)
