"""What the detection and face-detection planners share: one run's state, the cached build,
and the measurements of the candidates that passed their gate (interleaved latency,
parallel throughput, energy, the costliest layers).

A task's run subclasses ``VisionRun`` and supplies how to load a candidate into its task's
detector, how to run that detector once, the model feeds for a profile, and how to build
each kind of candidate. Everything runs on the calling thread (the optimizer's child
process), except the short worker threads of the parallel-throughput measurement.
"""

from __future__ import annotations

import logging
import os
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import numpy as np

from edgestudio.core.errors import EdgeStudioError
from edgestudio.core.messages import Text
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import Detection
from edgestudio.optimize import bench
from edgestudio.optimize.cache import ArtifactCache, BuiltArtifact, cache_key
from edgestudio.optimize.converters.base import BuildRequest
from edgestudio.optimize.data import ImageSet
from edgestudio.optimize.detect_candidates import converter_of
from edgestudio.optimize.gate_detect import DetectGateOutcome
from edgestudio.optimize.planners import EventSink, PlanContext, PlanOptions, emit_result, emit_stage
from edgestudio.optimize.types import Candidate, CandidateResult, SpeedResult

log = logging.getLogger(__name__)

BENCH_ROUNDS = 12
PARALLEL_SECONDS = 1.5
PROFILE_RUNS = 5


class Closable(Protocol):
    def close(self) -> None: ...


DetectorT = TypeVar("DetectorT", bound=Closable)


def load_options(candidate: Candidate) -> dict[str, Any]:
    """The backend load options a candidate was judged with (its converter's, e.g. OpenVINO's
    inference precision)."""
    from edgestudio.optimize.converters.registry import default_registry

    converter = default_registry().get(str(candidate.recipe.get("kind", "source")))
    return converter.load_options(converter.recipe(candidate.recipe))


CACHE_ONLY_KEYS = ("kind", "calibration_sha256", "calibration_size", "task")


class VisionRun(ABC, Generic[DetectorT]):
    """One planner run of a vision task: the state shared by its steps (calling thread)."""

    calibrate_text = "{verb} ({done} of {total} images)"  # the calibration's progress text

    def __init__(
        self,
        ctx: PlanContext,
        source: ModelEntry,
        options: PlanOptions,
        channel: EventSink,
        threshold: float,
    ) -> None:
        self.ctx, self.source, self.options, self.channel = ctx, source, options, channel
        self.cache = ArtifactCache(ctx.cache_dir)
        self.cache.clean_leftovers()
        self.threshold = threshold
        self.baseline: DetectorT | None = None
        self.calibration: ImageSet | None = None
        self.validation: ImageSet | None = None
        self._tensors: list[np.ndarray] | None = None
        self.reference: list[list[Detection]] = []
        self.loaded: dict[str, tuple[DetectorT, Candidate, BuiltArtifact]] = {}
        self.fraction = 0.0
        self.overrides: dict[str, dict[str, Any]] = dict(options.extra.get("recipe_overrides", {}))

    # -- what a task supplies ----------------------------------------------------------------
    gate_text = "Checking accuracy of {label}"  # the "gate" stage's progress text

    @abstractmethod
    def load(self, candidate: Candidate, built: BuiltArtifact) -> DetectorT:
        """The candidate loaded into the task's own detector, warmed up."""

    @abstractmethod
    def detect_all(self, detector: DetectorT) -> list[list[Detection]]:
        """Every validation picture's detections, down to the gate's low score."""

    @abstractmethod
    def judge_outputs(self, outputs: list[list[Detection]]) -> DetectGateOutcome:
        """The task's gate on a candidate's ``detect_all`` against ``self.reference``."""

    @abstractmethod
    def detect_once(self, detector: DetectorT, image: np.ndarray) -> Any:
        """One detection at the operating threshold (what the benchmark times)."""

    @abstractmethod
    def profile_feeds(self, detector: DetectorT, image: np.ndarray) -> dict[str, np.ndarray]:
        """The model inputs for ``image``, for a per-layer profile."""

    @abstractmethod
    def input_name(self) -> str:
        """The model's image input."""

    @abstractmethod
    def heads(self) -> list[str]:
        """The raw head outputs whose decoding stays in float when quantizing."""

    @abstractmethod
    def calibration_at(self, size: int) -> list[np.ndarray]:
        """The calibration pictures as model inputs at ``size`` (0 = the source's own)."""

    def accuracy_at(self, size: int, model: Path | None = None, hints: dict[str, Any] | None = None) -> Any:
        """For the accuracy-aware repairs: a score of a model run against the float model on
        the calibration pictures at ``size`` (``quantize_nncf.AccuracyFn``), or None."""
        return None

    def recipe(self, candidate: Candidate) -> dict[str, Any]:
        """The candidate's recipe as it is built and cached (with its data's hash)."""
        recipe = {**candidate.recipe, **self.overrides.get(candidate.id, {})}
        converter = converter_of(self.ctx, candidate)
        if converter.calibrated and self.calibration is not None:
            recipe["calibration_sha256"] = self.calibration.sha256
        return recipe

    def builder(self, candidate: Candidate, recipe: dict[str, Any], folder: Path) -> BuiltArtifact:
        """Build the candidate into ``folder`` (a hidden work folder of the cache) with its
        converter."""
        converter = converter_of(self.ctx, candidate)
        source = self.source
        request = BuildRequest(
            source=source.path,
            hints=dict(source.hints),
            input_name=self.input_name(),
            heads=self.heads(),
            folder=folder,
            stem=f"{source.path.stem}-{candidate.id}",
            calibration=self.calibration_at,
            stage=lambda stage, text: self.stage(stage, candidate.id, text),
            progress=lambda verb: self.progress(candidate, verb),
            accuracy=self.accuracy_at,
            provenance={"source_id": source.id, "source_sha256": source.sha256, "recipe": recipe},
        )
        return converter.build(converter.recipe(recipe), request)

    def cache_recipe(self, recipe: dict[str, Any]) -> dict[str, Any]:
        """What the cache key is made of, besides the source's hash."""
        return recipe

    # -- shared steps ------------------------------------------------------------------------
    def stage(self, stage: str, candidate: str, text: str, fraction: float | None = None) -> None:
        if fraction is not None:
            self.fraction = fraction
        emit_stage(self.channel, stage, candidate, self.fraction, text)

    def progress(self, candidate: Candidate, verb: str) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            text = Text(self.calibrate_text, verb=verb, done=done, total=total)
            self.stage("calibrate", candidate.id, text)

        return report

    def build(self, candidate: Candidate) -> tuple[BuiltArtifact, bool]:
        """The candidate's artifact from the cache, or built now; and whether it was cached."""
        recipe = self.recipe(candidate)
        if recipe["kind"] == "source":
            return BuiltArtifact(self.source.path, (self.source.path,), dict(self.source.hints), {}), True
        key = cache_key(self.source.sha256, self.cache_recipe(recipe))
        if self.options.use_cache:
            found = self.cache.lookup(key)
            if found is not None:
                return found, True
        return self.cache.build(key, lambda folder: self.builder(candidate, recipe, folder)), False

    def try_all(self, chosen: list[Candidate]) -> list[CandidateResult]:
        """Build, load and gate each chosen candidate (emitting each result); a repair (NNCF
        with accuracy control, ONNX Runtime with its sensitive nodes in float) runs only
        where the form it repairs failed the gate at the same input size, and when it passes,
        that failed form is timed too, so the report shows what the repair cost in speed."""
        plain = [c for c in chosen if not converter_of(self.ctx, c).repairs]
        repairs = [c for c in chosen if converter_of(self.ctx, c).repairs]
        results: list[CandidateResult] = []
        for index, candidate in enumerate(plain + repairs):
            repaired = converter_of(self.ctx, candidate).repairs
            failed = [
                r
                for r in results
                if repaired
                and r.status == "failed-gate"
                and r.candidate.recipe.get("kind") == repaired
                and r.candidate.input_size == candidate.input_size
            ]
            if repaired and not failed:
                result = CandidateResult(
                    candidate,
                    "skipped",
                    "Not needed: the form it repairs passed the gate, or was not run.",
                )
            else:
                result = self.try_candidate(candidate, index, len(chosen))
                if failed:
                    result = replace(result, repairs=failed[0].candidate.id)
                if failed and result.status == "passed":
                    self.keep_for_timing(failed[0].candidate)
            emit_result(self.channel, result)
            results.append(result)
        return results

    def keep_for_timing(self, candidate: Candidate) -> None:
        """Load a candidate that failed the gate (from the cache) so the benchmark times it
        beside its repair; it stays failed and is never picked."""
        if candidate.id in self.loaded:
            return
        try:
            built, _ = self.build(candidate)
            self.loaded[candidate.id] = (self.load(candidate, built), candidate, built)
        except EdgeStudioError as exc:
            log.warning("%s not timed beside its repair: %s", candidate.id, exc)

    def try_candidate(self, candidate: Candidate, index: int, total: int) -> CandidateResult:
        """Build, load and gate one candidate; its result (passed ones stay loaded)."""
        self.stage(
            "build",
            candidate.id,
            Text("Preparing {label}", label=candidate.label),
            0.05 + 0.75 * index / total,
        )
        started = time.perf_counter()
        try:
            built, cached = self.build(candidate)
        except EdgeStudioError as exc:
            return CandidateResult(candidate, "failed-build", f"{exc.message} {exc.hint}".strip())
        build_s = time.perf_counter() - started
        self.stage("gate", candidate.id, Text(self.gate_text, label=candidate.label))
        try:
            (detector, load_ms), peak_mb = bench.measure_peak_memory(
                lambda: self.timed_load(candidate, built)
            )
            outputs = self.detect_all(detector)
        except EdgeStudioError as exc:
            message = f"It could not run: {exc.message}"
            return CandidateResult(
                candidate, "failed-build", message, str(built.main), build_s=build_s, cached=cached
            )
        outcome = self.judge_outputs(outputs)
        settings = {
            "confidence": round(outcome.threshold, 4),
            "backend": candidate.backend,
            "device": candidate.device,
            **load_options(candidate),
            "load_ms": round(load_ms, 1),
            "peak_memory_mb": round(peak_mb, 1),
        }
        if outcome.gate.passed:
            self.loaded[candidate.id] = (detector, candidate, built)
        else:
            detector.close()
        status = "passed" if outcome.gate.passed else "failed-gate"
        return CandidateResult(
            candidate,
            status,
            outcome.gate.reason,
            str(built.main),
            outcome.gate,
            None,
            settings,
            round(build_s, 2),
            cached,
            float_layers=[str(n) for n in built.provenance.get("float_layers", [])],
        )

    def timed_load(self, candidate: Candidate, built: BuiltArtifact) -> tuple[DetectorT, float]:
        started = time.perf_counter()
        detector = self.load(candidate, built)
        return detector, (time.perf_counter() - started) * 1e3

    def benchmark(self, results: list[CandidateResult], baseline_id: str) -> list[CandidateResult]:
        """Interleaved timing of every passed candidate against the baseline; then the
        parallel throughput and energy of each (calling thread + short worker threads)."""
        if baseline_id not in self.loaded or self.validation is None:
            return results
        image = self.validation.images[0]
        runs = {cid: (lambda d=det: self.detect_once(d, image)) for cid, (det, _, _) in self.loaded.items()}
        rounds = self.options.benchmark_rounds or BENCH_ROUNDS
        self.stage("benchmark", "", Text("Timing {count} candidates, interleaved", count=len(runs)), 0.82)
        timings = bench.interleaved_latency(
            runs,
            rounds,
            progress=lambda done, total: self.stage(
                "benchmark",
                "",
                Text("Timing round {done} of {total}", done=done, total=total),
                0.82 + 0.1 * done / total,
            ),
        )
        ratios = bench.speedups(timings, baseline_id)
        workers = max(2, min(4, os.cpu_count() or 2))  # N parallel requests: one per core, 2-4
        out = []
        for result in results:
            cid = result.candidate.id
            if cid not in timings:
                out.append(result)
                continue
            _, candidate, built = self.loaded[cid]
            self.stage(
                "benchmark",
                cid,
                Text(
                    "Parallel throughput of {label} ({workers} requests)",
                    label=candidate.label,
                    workers=workers,
                ),
            )
            parallel: float | None = None
            try:
                parallel = round(
                    bench.parallel_throughput(
                        self._runner_factory(candidate, built, image), workers, PARALLEL_SECONDS
                    ),
                    2,
                )
            except Exception as exc:  # one extra measurement; the latency above still stands
                log.warning("parallel throughput of %s not measured: %s", cid, exc)
            energy, energy_reason = bench.energy_per_inference(runs[cid])
            speed = SpeedResult(
                latency_p50_ms=round(timings[cid].p50, 3),
                latency_p95_ms=round(timings[cid].p95, 3),
                throughput=round(timings[cid].throughput, 2),
                throughput_unit="frames/s",
                speedup=round(ratios[cid], 3),
                load_ms=float(result.settings.get("load_ms", 0.0)),
                peak_memory_mb=float(result.settings.get("peak_memory_mb", 0.0)),
                energy_mj=energy,
                energy_reason=energy_reason,
                parallel_throughput=parallel,
                spread=round(timings[cid].spread, 4),
            )
            out.append(replace(result, speed=speed))
        return out

    def _runner_factory(
        self, candidate: Candidate, built: BuiltArtifact, image: np.ndarray
    ) -> Callable[[], tuple[Callable[[], Any], Callable[[], None]]]:
        """For a benchmark worker thread: load the candidate there; one detection call and
        the detector's close, both for that thread."""

        def make() -> tuple[Callable[[], Any], Callable[[], None]]:
            detector = self.load(candidate, built)
            return (lambda: self.detect_once(detector, image)), detector.close

        return make

    def profile(self, result: CandidateResult) -> CandidateResult:
        """The ten costliest layers of ``result``'s model (ONNX Runtime or OpenVINO)."""
        detector, candidate, built = self.loaded[result.candidate.id]
        feeds = self.profile_feeds(detector, self.validation.images[0])  # type: ignore[union-attr]
        self.stage(
            "profile", candidate.id, Text("Profiling the layers of {label}", label=candidate.label), 0.95
        )
        try:
            converter = converter_of(self.ctx, candidate)
            layers = converter.profile(
                converter.recipe(candidate.recipe), built.main, feeds, PROFILE_RUNS, self.ctx.work_dir
            )
            if layers is None:
                return result
        except Exception as exc:  # a profile is extra information: report why, keep the result
            log.warning("profiling %s failed: %s", candidate.id, exc)
            return result
        if result.speed is None:
            return result
        return replace(result, speed=replace(result.speed, top_layers=layers))

    def close(self) -> None:
        for detector, _, _ in self.loaded.values():
            detector.close()
        self.loaded.clear()
