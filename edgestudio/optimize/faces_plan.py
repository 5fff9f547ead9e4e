"""The face detection planner (``--task faces``): which forms of CenterFace run here, build
them (cached), gate them against the original on photos with faces, measure the ones that
pass, and recommend one.

The candidates are the detection planner's where they apply (ONNX Runtime FP32 and QDQ
INT8, OpenVINO IR FP32/bf16/FP16, NNCF INT8; TensorRT and TFLite listed with the reason).
ncnn is listed unavailable: its runner takes one fixed input size, and CenterFace takes each
picture at its own size. BlazeFace is a TFLite model and is not converted. The face embedder
(FaceRes) is optimized when it is the source (``optimize faceres --task faces``: see
``embed_plan.py``, judged by TAR at a fixed FAR); with CenterFace as the source the list says so.

Every candidate runs through the Faces task's own ``FaceDetector`` (the same scaling, decode
and NMS the Faces tab uses). Runs on the calling thread (the optimizer's child process).
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any

import cv2
import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.core.errors import InputError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import Detection
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.data import (
    FACE_CALIBRATION_PHOTOS,
    FACE_VALIDATION_PHOTOS,
    image_set,
    pixels_sha256,
)
from edgestudio.optimize.detect_candidates import converter_of, converters, list_candidates
from edgestudio.optimize.embed_plan import embedder_candidates, is_embedder, run_embedder_plan
from edgestudio.optimize.gate_detect import LOW_SCORE, DetectGateOutcome
from edgestudio.optimize.gate_faces import (
    DEFAULT_MIN_PRECISION,
    DEFAULT_RECALL_DROP,
    as_detections,
    judge_faces,
)
from edgestudio.optimize.plan_tools import hardware_record, package_versions, pick_fastest, source_record
from edgestudio.optimize.planners import EventSink, PlanContext, PlanOptions, emit_result
from edgestudio.optimize.types import Candidate, CandidateResult, OptimizeReport
from edgestudio.optimize.vision_run import VisionRun, load_options
from edgestudio.tasks.faces.detector import DEFAULT_THRESHOLD, FaceDetector

log = logging.getLogger(__name__)

TASK = "faces"
CALIBRATION_SIZE = (640, 480)  # width, height: a camera frame's shape
EMBEDDER_ID = "face-embedder"
VERSIONED = ("onnx", "numpy", "opencv-python-headless")  # + each converter's packages
NCNN_REASON = (
    "the ncnn runner takes one fixed input size, and CenterFace takes each picture at its own "
    "size (a multiple of 32)"
)


def face_candidates(ctx: PlanContext, source: ModelEntry, profile: HardwareProfile) -> list[Candidate]:
    """Every form of the face detector ``source`` this planner knows, each available here or
    with the reason; and the embedder, listed as not converted. Calling thread (probes runtimes)."""
    out = []
    for candidate in list_candidates(ctx, source, profile, task=TASK):
        if converter_of(ctx, candidate).fixed_input_size and candidate.available:
            candidate = replace(
                candidate,
                available=False,
                reason=NCNN_REASON,
                install_hint="Use the OpenVINO or ONNX Runtime candidates for the face detector.",
            )
        if candidate.baseline:
            candidate = replace(candidate, label="ONNX Runtime FP32, CPU (CenterFace)")
        out.append(candidate)
    out.append(
        Candidate(
            EMBEDDER_ID,
            TASK,
            "Face embedder (dlib / FaceRes), converted or quantized",
            "",
            "cpu",
            "",
            "",
            {"kind": "embedder"},
            available=False,
            reason="the face embedder is optimized on its own: choose FaceRes as the model to "
            "optimize (its candidates are held to TAR at a fixed FAR within 1 point)",
            install_hint="Optimize FaceRes: edgestudio optimize faceres --task faces",
        )
    )
    return out


class _FacesRun(VisionRun[FaceDetector]):
    """One planner run: the state shared by its steps (calling thread)."""

    def __init__(
        self, ctx: PlanContext, source: ModelEntry, options: PlanOptions, channel: EventSink
    ) -> None:
        super().__init__(
            ctx, source, options, channel, float(options.extra.get("confidence", DEFAULT_THRESHOLD))
        )
        self.max_drop = float(options.gate if options.gate is not None else DEFAULT_RECALL_DROP)
        self.min_precision = float(options.extra.get("min_precision", DEFAULT_MIN_PRECISION))

    calibrate_text = "{verb} ({done} of {total} photos)"

    def detect_once(self, detector: FaceDetector, image: np.ndarray) -> Any:
        return detector.detect(image)

    def profile_feeds(self, detector: FaceDetector, image: np.ndarray) -> dict[str, np.ndarray]:
        return {detector.input_name: detector.prepare(image)[0]}

    def cache_recipe(self, recipe: dict[str, Any]) -> dict[str, Any]:
        return {**recipe, "task": TASK}

    def load(self, candidate: Candidate, built: BuiltArtifact) -> FaceDetector:
        runner = self.ctx.registry.get(candidate.backend).load(
            built.main, candidate.device, **load_options(candidate)
        )
        if not isinstance(runner, Runner):
            runner.close()
            raise InputError(f"{candidate.label} does not run face detection models.")
        try:
            detector = FaceDetector(runner, backend=candidate.backend, threshold=self.threshold)
            detector.warmup()
        except Exception:
            runner.close()
            raise
        return detector

    def prepare_data(self) -> None:
        self.stage("data", "", "Reading calibration and validation photos with faces", 0.01)
        options = self.options
        self.validation = image_set(
            "validation", options.validation, options.validation_count, FACE_VALIDATION_PHOTOS
        )
        self.calibration = image_set(
            "calibration", options.calibration, options.calibration_count, FACE_CALIBRATION_PHOTOS
        )
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
            # one input size for every picture: the calibrators stack their statistics, and the
            # quantization scales they find hold for any input size
            self._tensors = [
                self.baseline.prepare(cv2.resize(image, CALIBRATION_SIZE, interpolation=cv2.INTER_AREA))[0]
                for image in self.calibration.images
            ]
        return self._tensors

    def heads(self) -> list[str]:
        """CenterFace's four raw outputs (heatmap, scales, offsets, landmarks): the convolutions
        that make them and the sigmoid after the heatmap stay in float."""
        if self.baseline is None:
            raise RuntimeError("the baseline is loaded first")
        return [o.name for o in self.baseline.runner.metadata.outputs]

    def recipe(self, candidate: Candidate) -> dict[str, Any]:
        recipe = super().recipe(candidate)
        if "calibration_sha256" in recipe:
            recipe["calibration_size"] = list(CALIBRATION_SIZE)
        return recipe

    def input_name(self) -> str:
        if self.baseline is None:
            raise RuntimeError("the baseline is loaded first")
        return self.baseline.input_name

    def calibration_at(self, size: int) -> list[np.ndarray]:
        if size:
            raise InputError("The face detector takes each picture at its own size; it has no input size.")
        return self.calibration_tensors()

    def detect_all(self, detector: FaceDetector) -> list[list[Detection]]:
        """Every validation photo's faces, down to the gate's low score."""
        if self.validation is None:
            raise RuntimeError("the validation set is prepared first")
        return [as_detections(detector.detect(image, LOW_SCORE)) for image in self.validation.images]

    gate_text = "Checking the faces {label} finds"

    def judge_outputs(self, outputs: list[list[Detection]]) -> DetectGateOutcome:
        sources = [view.source for view in self.validation.views] if self.validation else None
        return judge_faces(
            self.reference, outputs, self.threshold, self.max_drop, self.min_precision, sources
        )


class FacesPlanner:
    """Planner for ``--task faces`` (see ``optimize/planners.py``)."""

    task = TASK

    def candidates(self, ctx: PlanContext, source: ModelEntry, profile: HardwareProfile) -> list[Candidate]:
        """Calling thread: probes the runtimes (imports them)."""
        if is_embedder(source):
            return embedder_candidates(ctx, source, profile)
        return face_candidates(ctx, source, profile)

    def run(
        self,
        ctx: PlanContext,
        source: ModelEntry,
        candidates: list[Candidate],
        options: PlanOptions,
        channel: EventSink,
    ) -> OptimizeReport:
        """Calling thread: the whole plan; emits ``stage`` and ``result`` events."""
        if is_embedder(source):
            return run_embedder_plan(ctx, source, candidates, options, channel)
        started_at, started = time.strftime("%Y-%m-%dT%H:%M:%S"), time.perf_counter()
        run = _FacesRun(ctx, source, options, channel)
        results: list[CandidateResult] = []
        baseline = next(c for c in candidates if c.baseline)
        pick_id, pick_reason = "", ""
        try:
            run.prepare_data()
            run.stage("build", baseline.id, "Loading the original face detector", 0.03)
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
            results = run.benchmark(results, baseline.id)
            pick_id, pick_reason = pick_fastest(results, "frames per second")
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
            task=TASK,
            source=source_record(source),
            hardware=hardware_record(ctx.registry.hardware()),
            versions=package_versions(
                [*VERSIONED, *(p for c in converters(ctx).converters() for p in c.packages)]
            ),
            data={
                "calibration": run.calibration.describe() if run.calibration else {},
                "validation": run.validation.describe() if run.validation else {},
                "operating_threshold": run.threshold,
                "gate": {"max_recall_drop": run.max_drop, "min_precision": run.min_precision},
                "embedder": "not optimized in this run (optimize faceres --task faces)",
            },
            results=results,
            pick=pick_id,
            pick_reason=pick_reason,
            started_at=started_at,
            seconds=round(time.perf_counter() - started, 1),
        )
