"""The planners registry: one planner per optimizer task (``--task``), and what they share.

A planner lists the candidates a source model can become on this hardware and runs them
(build, gate, measure) into an :class:`OptimizeReport`. The child process in
``optimize/run.py`` looks the planner up here; every call runs on the child's main thread
(or the caller's thread in tests and the CLI).

Protocol (agreed between the optimizer's planners):

- ``planner.candidates(ctx, source, profile) -> list[Candidate]``
- ``planner.run(ctx, source, candidates, options, channel) -> OptimizeReport``; progress goes
  out as ``stage`` and ``result`` events (see :func:`emit_stage` and :func:`emit_result`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import InputError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import to_wire
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.optimize.types import OPTIMIZE_TASKS, Candidate, CandidateResult, OptimizeReport


class EventSink(Protocol):
    """What a planner reports through: ``core.process_child.ChildChannel`` in the child
    process, or any object with the same ``emit`` in tests and the CLI."""

    def emit(self, event: str, **fields: Any) -> None: ...


class NullSink:
    """Drops every event (a planner run from a test or a script that does not listen)."""

    def emit(self, event: str, **fields: Any) -> None:
        """Any thread: does nothing."""


@dataclass
class PlanContext:
    """What a planner needs from the application, created once by its caller (the child
    process in ``run.py``, or a test). ``AppContext`` has the same attributes and can be
    passed instead. ``cache_dir`` keeps built artifacts keyed by source hash + recipe;
    ``work_dir`` is where artifacts are built before they are complete."""

    registry: BackendRegistry
    models: ModelStore
    cache_dir: Path
    work_dir: Path
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanOptions:
    """What the user chose for one run (the CLI's and the wizard's options)."""

    target: str = "auto"  # auto | cpu | gpu | npu
    calibration: str = ""  # a folder of images or a video file; "" = the packaged photos
    validation: str = ""  # likewise; kept apart from calibration
    calibration_count: int = 48
    validation_count: int = 24
    gate: float | None = None  # the task's agreement limit; None = its default
    only: tuple[str, ...] = ()  # candidate ids to run; () = every available one
    use_cache: bool = True
    benchmark_rounds: int = 0  # 0 = the planner's default
    extra: Mapping[str, Any] = field(default_factory=dict)


class Planner(Protocol):
    """One task's planner (see the module docstring). Runs on the calling thread."""

    task: str

    def candidates(
        self, ctx: PlanContext, source: ModelEntry, profile: HardwareProfile
    ) -> list[Candidate]: ...

    def run(
        self,
        ctx: PlanContext,
        source: ModelEntry,
        candidates: list[Candidate],
        options: PlanOptions,
        channel: EventSink,
    ) -> OptimizeReport: ...


# task -> "package.module:factory"; imported on first use so listing tasks imports no runtime.
PLANNERS: dict[str, str] = {
    "detect": "edgestudio.optimize.detect_plan:DetectPlanner",
    "faces": "edgestudio.optimize.faces_plan:FacesPlanner",
    "chat": "edgestudio.optimize.chat_plan:ChatPlanner",
    "asr": "edgestudio.optimize.asr_plan:AsrPlanner",
}


def planner_for(task: str) -> Planner:
    """The planner of ``task`` (calling thread). Raises InputError for an unknown task."""
    if task not in OPTIMIZE_TASKS:
        raise InputError(
            f"The optimizer has no task '{task}'.", f"Choose one of: {', '.join(OPTIMIZE_TASKS)}."
        )
    target = PLANNERS.get(task)
    if target is None:
        raise InputError(
            f"Optimizing {task} models is not available in this version.",
            f"Tasks that can be optimized: {', '.join(sorted(PLANNERS))}.",
        )
    module_name, _, attribute = target.partition(":")
    factory: Callable[[], Planner] = getattr(importlib.import_module(module_name), attribute)
    return factory()


def emit_stage(channel: EventSink, stage: str, candidate: str, fraction: float, text: str) -> None:
    """Report where a candidate's work stands: ``stage`` is build, calibrate, quantize,
    convert, gate, benchmark or profile; ``fraction`` 0..1 of the whole run."""
    channel.emit(
        "stage",
        stage=stage,
        candidate=candidate,
        fraction=round(min(max(fraction, 0.0), 1.0), 4),
        text=text,
        text_text=to_wire(text),  # the template, for the wizard to translate (None: fixed text)
    )


def emit_result(channel: EventSink, result: CandidateResult) -> None:
    """Report one candidate's outcome as soon as it is known."""
    channel.emit("result", result=result.to_dict())
