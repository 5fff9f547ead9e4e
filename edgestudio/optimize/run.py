"""The optimizer's child process: parse the options, run the task's planner, report.

Started by the GUI's ``ProcessJob`` (or the CLI) as::

    python -m edgestudio.core.process_child edgestudio.optimize.run:main \
        --task detect --model centernet-coco [--calibration DIR] [--validation DIR] ...

Events on the channel (JSON lines): ``stage`` (``stage``, ``candidate``, ``fraction``,
``text``) while it works, ``result`` (a ``CandidateResult`` dict) as each candidate is
judged and again once measured, ``output`` (``text``) for each line a library printed, and
finally ``finished`` with ``report`` (an
``OptimizeReport`` dict), or ``candidates`` only with ``--list``. A failure ends in
``failed`` (see ``core/process_child.py``). Cancel kills this process: every artifact is
built in a hidden cache folder and the model store is never written here.

Everything runs on the child's main thread; a reader thread forwards what libraries print.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from pathlib import Path
from typing import Any

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.config import ConfigStore
from edgestudio.core.errors import InputError
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.paths import AppPaths, resources_dir
from edgestudio.optimize import sources
from edgestudio.optimize.library_output import library_output_captured
from edgestudio.optimize.planners import EventSink, PlanContext, PlanOptions, planner_for
from edgestudio.optimize.types import OPTIMIZE_TASKS, OptimizeReport

log = logging.getLogger(__name__)
CACHE_FOLDER = "optimize-cache"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edgestudio.optimize.run", description="Run one optimizer plan.")
    parser.add_argument("--task", required=True, choices=OPTIMIZE_TASKS)
    parser.add_argument(
        "--model", default="", help="a model id, a model file or folder (default: the task's default model)"
    )
    parser.add_argument(
        "--working-copy", action="store_true", help="chat: optimize an F16 copy of a quantized GGUF"
    )
    parser.add_argument("--home", default="", help="EdgeStudio's data root (default: the platform folders)")
    parser.add_argument("--target", default="auto", choices=("auto", "cpu", "gpu", "npu"))
    parser.add_argument(
        "--calibration", default="", help="folder of pictures or a video (default: packaged photos)"
    )
    parser.add_argument("--validation", default="", help="folder of pictures or a video, kept apart")
    parser.add_argument("--calibration-count", type=int, default=48)
    parser.add_argument("--validation-count", type=int, default=24)
    parser.add_argument(
        "--gate", type=float, default=None, help="the agreement limit (detect: mAP@0.5, 0.97)"
    )
    parser.add_argument("--only", default="", help="comma-separated candidate ids (the baseline always runs)")
    parser.add_argument("--no-cache", action="store_true", help="build every candidate again")
    parser.add_argument("--rounds", type=int, default=0, help="benchmark rounds (0 = the planner's default)")
    parser.add_argument("--extra", default="{}", help="JSON object of planner settings (e.g. confidence)")
    parser.add_argument(
        "--list", action="store_true", help="only list the candidates and why some cannot run"
    )
    return parser


def app_paths(home: str = "") -> AppPaths:
    """This installation's folders (``home`` overrides the platform folders, like
    ``EDGESTUDIO_HOME``)."""
    if home:
        root = Path(home)
        return AppPaths(root / "config", root / "data", root / "logs", root / "cache", root / "site")
    return AppPaths.default()


def make_context(home: str = "") -> PlanContext:
    """The registry, store and cache folders of this installation."""
    paths = app_paths(home)
    cache = paths.data_dir / CACHE_FOLDER
    return PlanContext(
        registry=BackendRegistry(),
        models=ModelStore(paths.models_dir, resources_dir() / "models"),
        cache_dir=cache,
        work_dir=cache / ".work",
    )


def resolve_source(
    ctx: PlanContext, ref: str, task: str = "detect", home: str = "", working_copy: bool = False
) -> ModelEntry:
    """The model to optimize for ``task`` (see ``optimize/sources.py``): a stored id, a file
    or folder, or ("") the task's packaged default (the default GGUF, Whisper tiny.en,
    CenterFace, the configured detector). ``home`` as for :func:`make_context`."""
    paths = app_paths(home)
    config = ConfigStore(paths.user_config_file, paths.site_config_file).load()
    return sources.resolve_source(
        ctx,
        paths.models_dir,
        paths.cache_dir,
        task,
        ref,
        default_detector=config.detection.model_id,
        working_copy=working_copy,
        report=log.info,
    )


def options_from(args: argparse.Namespace) -> PlanOptions:
    try:
        extra: dict[str, Any] = json.loads(args.extra or "{}")
    except ValueError as exc:
        raise InputError(f"--extra is not a JSON object: {exc}") from exc
    if not isinstance(extra, dict):
        raise InputError("--extra must be a JSON object.")
    return PlanOptions(
        target=args.target,
        calibration=args.calibration,
        validation=args.validation,
        calibration_count=args.calibration_count,
        validation_count=args.validation_count,
        gate=args.gate,
        only=tuple(part.strip() for part in args.only.split(",") if part.strip()),
        use_cache=not args.no_cache,
        benchmark_rounds=args.rounds,
        extra=extra,
    )


def run_plan(
    ctx: PlanContext, task: str, source: ModelEntry, options: PlanOptions, channel: EventSink
) -> OptimizeReport:
    """List the candidates and run the plan (calling thread); the report."""
    planner = planner_for(task)
    candidates = planner.candidates(ctx, source, ctx.registry.hardware())
    known = {c.id for c in candidates}
    unknown = [cid for cid in options.only if cid not in known]
    if unknown:
        raise InputError(
            f"Unknown candidates: {', '.join(unknown)}.", f"Candidates: {', '.join(sorted(known))}."
        )
    ctx.work_dir.mkdir(parents=True, exist_ok=True)
    return planner.run(ctx, source, candidates, options, channel)


def main(channel: Any, argv: list[str]) -> int:
    """The child's entry point (``edgestudio.optimize.run:main``); main thread."""
    args = build_parser().parse_args(argv)
    if args.home:
        os.environ.setdefault("EDGESTUDIO_HOME", args.home)
    ctx = make_context(args.home)
    source = resolve_source(ctx, args.model, args.task, args.home, args.working_copy)
    if args.list:
        planner = planner_for(args.task)
        candidates = planner.candidates(ctx, source, ctx.registry.hardware())
        channel.finished(candidates=[c.to_dict() for c in candidates])
        return 0
    with library_output_captured(channel):
        report = run_plan(ctx, args.task, source, options_from(args), channel)
    channel.finished(report=report.to_dict())
    return 0
