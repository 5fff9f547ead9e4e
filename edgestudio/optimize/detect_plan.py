"""The detection planner: which forms of a detector can run here, build them (cached),
gate them against the original, measure the ones that pass, and recommend one.

Every candidate runs through the detection task's own ``Detector`` (the same
pre-processing, decode and NMS the Detect tab uses), loaded by its runtime's backend, so
the gate and the benchmark judge exactly what a deployed candidate would do.

Runs on the calling thread (the optimizer's child process, see ``optimize/run.py``).
"""

from __future__ import annotations

import importlib.metadata
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.core.artifact import Artifact
from edgestudio.core.errors import InputError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import Detection, ModelIO
from edgestudio.optimize.cache import ArtifactCache, BuiltArtifact
from edgestudio.optimize.convert import ConvertedModel
from edgestudio.optimize.data import image_set, pixels_sha256
from edgestudio.optimize.detect_candidates import BASELINE_ID, converters, list_candidates
from edgestudio.optimize.gate_detect import DEFAULT_MAP, DEFAULT_MIN_F1, LOW_SCORE, DetectGateOutcome, judge
from edgestudio.optimize.planners import EventSink, PlanContext, PlanOptions, emit_result
from edgestudio.optimize.types import Candidate, CandidateResult, OptimizeReport
from edgestudio.optimize.vision_run import VisionRun, load_options
from edgestudio.tasks.detection.detector import Detector
from edgestudio.tasks.detection.preprocess import preprocess
from edgestudio.tasks.detection.spec import DetectionSpec

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.4  # the Detect tab's default confidence: the original's operating point
TIE_SPREAD = 0.03  # speeds closer than this (or the measured spread, if larger) are a tie
VERSIONED_PACKAGES = ("edgestudio", "onnx", "numpy", "opencv-python-headless")  # + each converter's


def _heads(source: ModelEntry) -> list[str]:
    heads = source.hints.get("heads") if isinstance(source.hints, dict) else None
    if not isinstance(heads, dict) or not {"heatmap", "sizes"} <= heads.keys():
        return []
    return [str(heads["heatmap"]), str(heads["sizes"])]


class _RunFnRunner(Runner):
    """A model run given as a function (NNCF's compiled model during accuracy control), with
    the float model's inputs and outputs, so the detection task decodes it as usual."""

    def __init__(
        self, metadata: ModelIO, run: Callable[[dict[str, np.ndarray]], dict[str, np.ndarray]]
    ) -> None:
        self.metadata = metadata
        self.device = "cpu"
        self._run = run

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        return self._run(dict(inputs))

    def close(self) -> None:
        """Nothing to free: the compiled model belongs to NNCF."""


class _Run(VisionRun[Detector]):
    """One planner run: the state shared by its steps (calling thread)."""

    def __init__(
        self, ctx: PlanContext, source: ModelEntry, options: PlanOptions, channel: EventSink
    ) -> None:
        super().__init__(
            ctx, source, options, channel, float(options.extra.get("confidence", DEFAULT_THRESHOLD))
        )
        self.iou = float(options.extra.get("iou", 0.5))
        self.min_map = float(options.gate if options.gate is not None else DEFAULT_MAP)
        self.min_f1 = float(options.extra.get("min_f1", DEFAULT_MIN_F1))
        self.baseline_backend = ""

    def detect_once(self, detector: Detector, image: np.ndarray) -> Any:
        return detector.detect(image, self.threshold, self.iou)

    def profile_feeds(self, detector: Detector, image: np.ndarray) -> dict[str, np.ndarray]:
        return detector.prepare(image)[0]

    def load(self, candidate: Candidate, built: BuiltArtifact) -> Detector:
        if candidate.baseline:
            self.baseline_backend = candidate.backend
        backend = self.ctx.registry.get(candidate.backend)
        runner = backend.load(built.main, candidate.device, **load_options(candidate))
        if not isinstance(runner, Runner):
            runner.close()
            raise InputError(f"{candidate.label} does not run detection models.")
        try:
            detector = Detector(runner, built.hints or self.source.hints)
            detector.warmup()
        except Exception:
            runner.close()
            raise
        return detector

    def prepare_data(self) -> None:
        self.stage("data", "", "Reading calibration and validation pictures", 0.01)
        self.validation = image_set("validation", self.options.validation, self.options.validation_count)
        self.calibration = image_set("calibration", self.options.calibration, self.options.calibration_count)
        seen = {pixels_sha256(view.image) for view in self.calibration.views}
        if any(pixels_sha256(view.image) in seen for view in self.validation.views):
            raise InputError(
                "The calibration and validation sets share pictures; the gate must judge on pictures "
                "the quantizer has not seen.",
                "Choose two different folders (or leave validation to the packaged photos).",
            )

    def calibration_tensors(self) -> list[np.ndarray]:
        if self._tensors is None:
            if self.baseline is None or self.calibration is None:
                raise RuntimeError("the baseline and data are prepared first")
            self._tensors = [
                self.baseline.prepare(image)[0][self.baseline.spec.input_name]
                for image in self.calibration.images
            ]
        return self._tensors

    def input_name(self) -> str:
        if self.baseline is None:
            raise RuntimeError("the baseline is loaded first")
        return self.baseline.spec.input_name

    def heads(self) -> list[str]:
        return _heads(self.source)

    def spec_at(self, size: int) -> DetectionSpec:
        if self.baseline is None:
            raise RuntimeError("the baseline is loaded first")
        spec = self.baseline.spec
        return (
            spec if size in (0, spec.input_width) else dc_replace(spec, input_width=size, input_height=size)
        )

    def calibration_at(self, size: int) -> list[np.ndarray]:
        if size in (0, self.spec_at(0).input_width):
            return self.calibration_tensors()
        if self.calibration is None:
            raise RuntimeError("the data are prepared first")
        spec = self.spec_at(size)
        return [preprocess(image, spec)[0] for image in self.calibration.images]

    def accuracy_at(self, size: int, model: Path | None = None, hints: dict[str, Any] | None = None) -> Any:
        """mAP@0.5 against the float model ``model`` (the source at ``size``) on the
        calibration pictures, overall and per picture (``quantize_nncf.AccuracyFn``)."""
        if self.calibration is None or self.baseline is None:
            raise RuntimeError("the baseline and data are prepared first")
        images = self.calibration.images
        if model is None or size in (0, self.spec_at(0).input_width):
            reference_detector, own = self.baseline, False
        else:
            base = self.ctx.registry.get(self.baseline_backend)
            runner = base.load(model, "cpu")
            if not isinstance(runner, Runner):
                runner.close()
                raise InputError("The float model at this size does not run detection.")
            reference_detector, own = Detector(runner, hints or self.source.hints), True
        try:
            reference = [reference_detector.detect(image, LOW_SCORE, self.iou)[0] for image in images]
            metadata = reference_detector.runner.metadata
        finally:
            if own:
                reference_detector.close()
        spec_hints = hints or self.source.hints

        def score(run: Callable[[dict[str, np.ndarray]], dict[str, np.ndarray]], picked: Any) -> Any:
            detector = Detector(_RunFnRunner(metadata, run), spec_hints)
            indices = list(picked)
            outputs = [detector.detect(images[i], LOW_SCORE, self.iou)[0] for i in indices]
            refs = [reference[i] for i in indices]
            overall = judge(refs, outputs, self.threshold, self.min_map, self.min_f1).gate.metrics["map50"]
            each = [
                judge([r], [o], self.threshold, self.min_map, self.min_f1).gate.metrics.get("f1", 0.0)
                for r, o in zip(refs, outputs, strict=True)
            ]
            return float(overall), [float(v) for v in each]

        return score

    def detect_all(self, detector: Detector) -> list[list[Detection]]:
        """Every validation picture's detections, down to the gate's low score."""
        validation = self.validation
        if validation is None:
            raise RuntimeError("the validation set is prepared first")
        return [detector.detect(image, LOW_SCORE, self.iou)[0] for image in validation.images]

    def judge_outputs(self, outputs: list[list[Detection]]) -> DetectGateOutcome:
        sources = [view.source for view in self.validation.views] if self.validation else None
        return judge(self.reference, outputs, self.threshold, self.min_map, self.min_f1, sources)


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _versioned(ctx: PlanContext) -> list[str]:
    """The packages whose versions the report records: the planner's and every converter's."""
    names = list(VERSIONED_PACKAGES)
    for converter in converters(ctx).converters():
        names += [p for p in converter.packages if p not in names]
    return names


def _speedup(result: CandidateResult) -> float:
    return result.speed.speedup if result.speed else 0.0


def _tie_band(one: CandidateResult, other: CandidateResult) -> float:
    """How far apart two speeds may be and still be a tie: the larger measured spread of the
    two, at least ``TIE_SPREAD``."""
    spreads = [r.speed.spread for r in (one, other) if r.speed is not None]
    return max([TIE_SPREAD, *spreads])


def _accuracy(result: CandidateResult) -> tuple[float, float]:
    """How close a candidate stays to the original: mAP@0.5, then F1."""
    metrics = result.gate.metrics if result.gate else {}
    return metrics.get("map50", 0.0), metrics.get("f1", 0.0)


def pick(results: list[CandidateResult]) -> tuple[str, str]:
    """The fastest candidate that passed the gate and beats the original; and why. Speeds
    closer than the measured timing spread (at least ``TIE_SPREAD``) are a tie that timing
    cannot break: from the fastest, the pick moves to a more accurate candidate within that
    spread of it, as long as there is one, so no candidate within the spread of the pick is
    more accurate than the pick."""
    passed = [r for r in results if r.status == "passed" and r.speed is not None and not r.candidate.baseline]
    if not passed:
        return "", "No candidate passed the accuracy gate: keep the original model."
    fastest = max(passed, key=lambda r: r.speed.speedup if r.speed else 0.0)
    top = _speedup(fastest)
    if top <= 1.0:
        return "", Text(
            "No candidate that passed the gate was faster than the original (best {speedup:.2f}x).",
            speedup=top,
        )
    best = fastest
    while True:
        better = [
            r
            for r in passed
            if _speedup(r) > 1.0
            and abs(_speedup(r) - _speedup(best)) <= _speedup(best) * _tie_band(r, best)
            and _accuracy(r) > _accuracy(best)
        ]
        if not better:
            break
        best = max(better, key=lambda r: (_accuracy(r), _speedup(r)))
    speedup = best.speed.speedup if best.speed else 0.0
    map50, f1 = _accuracy(best)
    if best is not fastest and _accuracy(best) > _accuracy(fastest):
        return best.candidate.id, Text(
            "{label}: {speedup:.2f}x the original's speed, within the timing spread ({spread:.0%}) of "
            "{faster} ({faster_speedup:.2f}x), and more accurate (mAP@0.5 {map50:.3f} and F1 {f1:.3f} "
            "against {faster_map50:.3f} and {faster_f1:.3f}); confidence threshold re-fitted to "
            "{threshold:.2f}.",
            label=best.candidate.label,
            speedup=speedup,
            spread=max(_tie_band(best, fastest), (top - speedup) / top),
            faster=fastest.candidate.label,
            faster_speedup=top,
            map50=map50,
            f1=f1,
            faster_map50=_accuracy(fastest)[0],
            faster_f1=_accuracy(fastest)[1],
            threshold=float(best.settings.get("confidence", 0.0)),
        )
    return best.candidate.id, Text(
        "{label}: {speedup:.2f}x the original's speed in the same run, mAP@0.5 {map50:.3f} against "
        "its detections, confidence threshold re-fitted to {threshold:.2f}.",
        label=best.candidate.label,
        speedup=speedup,
        map50=map50,
        threshold=float(best.settings.get("confidence", 0.0)),
    )


def deployable(result: CandidateResult, source: ModelEntry) -> ConvertedModel:
    """What ``ModelStore.add`` needs to keep a candidate that passed the gate: its files from
    the optimizer's cache, its task hints (with the re-fitted ``confidence`` and the runtime
    settings it was judged with under ``"optimizer"``), precision and provenance. Any thread.
    Raises InputError for a candidate that cannot be deployed (failed, or its files gone)."""
    if not result.deployable or result.candidate.baseline:
        raise InputError(
            f"{result.candidate.label} cannot be deployed: {result.message or result.status}.",
            "Deploy a candidate that passed the accuracy gate.",
        )
    main = Path(result.artifact)
    built = ArtifactCache(main.parent.parent).lookup(main.parent.name)
    if built is None or built.main != main:
        raise InputError(
            f"The built files of {result.candidate.label} are no longer in the optimizer's cache.",
            "Run the optimizer again; it rebuilds what is missing.",
        )
    hints = {**source.hints, **built.hints}
    hints["confidence"] = result.settings.get("confidence", DEFAULT_THRESHOLD)
    hints["optimizer"] = {
        "candidate": result.candidate.id,
        "backend": result.candidate.backend,
        "device": result.candidate.device,
        "load_options": load_options(result.candidate),
        "gate": result.gate.metrics if result.gate else {},
    }
    provenance = {**built.provenance, "optimized_from": source.id, "candidate": result.candidate.id}
    return ConvertedModel(
        Artifact.of(built.main, built.files, result.candidate.format),
        f"{source.name} ({result.candidate.label})",
        result.candidate.precision,
        hints,
        provenance,
    )


class DetectPlanner:
    """Planner for ``--task detect`` (see ``optimize/planners.py``)."""

    task = "detect"

    def candidates(self, ctx: PlanContext, source: ModelEntry, profile: HardwareProfile) -> list[Candidate]:
        """Calling thread: probes the runtimes (imports them)."""
        return list_candidates(ctx, source, profile)

    def run(
        self,
        ctx: PlanContext,
        source: ModelEntry,
        candidates: list[Candidate],
        options: PlanOptions,
        channel: EventSink,
    ) -> OptimizeReport:
        """Calling thread: the whole plan; emits ``stage`` and ``result`` events."""
        started_at, started = time.strftime("%Y-%m-%dT%H:%M:%S"), time.perf_counter()
        run = _Run(ctx, source, options, channel)
        results: list[CandidateResult] = []
        try:
            run.prepare_data()
            baseline = next(c for c in candidates if c.baseline)
            run.stage("build", baseline.id, "Loading the original model", 0.03)
            run.baseline = run.load(baseline, BuiltArtifact(source.path, (source.path,), dict(source.hints)))
            run.reference = run.detect_all(run.baseline)
            chosen = [
                c
                for c in candidates
                if c.available and (not options.only or c.id in options.only or c.baseline)
            ]
            for candidate in candidates:
                if not candidate.available:
                    results.append(CandidateResult(candidate, "unavailable", candidate.reason))
                elif candidate not in chosen:
                    results.append(CandidateResult(candidate, "skipped", "Not selected for this run."))
            results += run.try_all(chosen)
            results = run.benchmark(results, BASELINE_ID)
            pick_id, pick_reason = pick(results)
            if pick_id:
                results = [run.profile(r) if r.candidate.id == pick_id else r for r in results]
            for result in results:
                if result.speed is not None:
                    emit_result(channel, result)
        finally:
            run.close()
            if run.baseline is not None:
                run.baseline.close()
        order = {c.id: i for i, c in enumerate(candidates)}
        results.sort(key=lambda r: order.get(r.candidate.id, len(order)))
        return OptimizeReport(
            task="detect",
            source={
                "id": source.id,
                "name": source.name,
                "format": source.format,
                "sha256": source.sha256,
                "path": str(source.path),
            },
            hardware=ctx.registry.hardware().to_dict(),
            versions={name: _version(name) for name in _versioned(ctx)},
            data={
                "calibration": run.calibration.describe() if run.calibration else {},
                "validation": run.validation.describe() if run.validation else {},
                "operating_threshold": run.threshold,
                "gate": {"map50": run.min_map, "f1": run.min_f1},
            },
            results=results,
            pick=pick_id,
            pick_reason=pick_reason,
            started_at=started_at,
            seconds=round(time.perf_counter() - started, 1),
        )
