"""The face embedder's optimizer (``edgestudio optimize faceres --task faces``): FaceRes as
OpenVINO IR (FP32, FP16 weights) and NNCF INT8 calibrated on face chips, built through the
converter registry, each judged by TAR at a fixed FAR against the original FaceRes on the
packaged face photos (``gate_embed.py``), timed interleaved against the original, and the
fastest that passes recommended (the more accurate among equally fast ones).

The face pictures: nine people (Eileen Collins, Grace Hopper, Tom Hanks and the six people
of insightface's t1.jpg), each photo as is, mirrored, at half resolution, recompressed at
JPEG quality 30 and rotated 8 degrees; the face found by CenterFace in each and aligned the
way recognition aligns it (``faceres.align``). INT8 is calibrated on the faces of other
photos (insightface's masked faces, Ultralytics' zidane and bus), never on the gate's.
A deployed candidate is what the Faces tab's recognizer loads for FaceRes
(``tasks/faces/embedder.py``), matching at its re-fitted threshold. Calling thread (the
optimizer's child process).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import cv2
import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.core.errors import InputError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import TASK_FACE_EMBEDDING
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.converters.base import ListContext
from edgestudio.optimize.data import (
    IF,
    MPL,
    SK,
    UL,
    ImageSet,
    ImageView,
    _matplotlib_sample,
    _package_file,
    _skimage,
    pixels_sha256,
)
from edgestudio.optimize.detect_candidates import converters
from edgestudio.optimize.gate_detect import DetectGateOutcome
from edgestudio.optimize.gate_embed import DEFAULT_FAR, DEFAULT_TAR_DROP, judge_embeddings
from edgestudio.optimize.plan_tools import hardware_record, package_versions, pick_fastest, source_record
from edgestudio.optimize.planners import EventSink, PlanContext, PlanOptions, emit_result
from edgestudio.optimize.types import Candidate, CandidateResult, OptimizeReport
from edgestudio.optimize.vision_run import VisionRun, load_options
from edgestudio.tasks.faces.faceres import DEFAULT_THRESHOLD, MODEL_ID, FaceResEmbedder, align

TASK = "faces"
VERSIONED = ("onnx", "numpy", "opencv-python-headless")
BASELINE_LABEL = "ONNX Runtime FP32, CPU (FaceRes, the original)"
NNCF_LABEL = "OpenVINO INT8 (NNCF, mixed preset, embedding layer in float), CPU"
GROUP_BOXES = ((463, 270, 571, 415), (902, 60, 1010, 201), (745, 348, 847, 481),
               (60, 266, 167, 389), (1134, 272, 1225, 399), (273, 153, 371, 267))  # fmt: skip
T1 = _package_file("insightface", "data", "images", "t1.jpg")
# (person, photo loader, provenance); the six of t1.jpg are cropped from it by GROUP_BOXES
PEOPLE = (
    ("eileen-collins", _skimage("astronaut"), SK),
    ("grace-hopper", _matplotlib_sample("grace_hopper.jpg"), MPL),
    ("tom-hanks", _package_file("insightface", "data", "images", "Tom_Hanks_54745.png"), IF),
)
CALIBRATION_PHOTOS = (
    ("mask-black", _package_file("insightface", "data", "images", "mask_black.jpg"), IF),
    ("mask-green", _package_file("insightface", "data", "images", "mask_green.jpg"), IF),
    ("mask-blue", _package_file("insightface", "data", "images", "mask_blue.jpg"), IF),
    ("mask-white", _package_file("insightface", "data", "images", "mask_white.jpg"), IF),
    ("zidane", _package_file("ultralytics", "assets", "zidane.jpg"), UL),
    ("bus", _package_file("ultralytics", "assets", "bus.jpg"), UL),
)


@dataclass(frozen=True)
class FaceChips:
    """Aligned face chips (RGB 224x224), each with its person and source photo."""

    chips: tuple[np.ndarray, ...]
    people: tuple[str, ...]
    photos: tuple[str, ...]
    sources: tuple[dict[str, str], ...]

    def as_set(self, role: str) -> ImageSet:
        views = tuple(
            ImageView(f"{person}-{i}", chip, photo)
            for i, (chip, person, photo) in enumerate(zip(self.chips, self.people, self.photos, strict=True))
        )
        digest = pixels_sha256(np.stack(self.chips)) if self.chips else ""
        return ImageSet(role, views, self.sources, "packaged photos", digest)


def views(image: np.ndarray) -> list[np.ndarray]:
    """The photo as is, mirrored, at half resolution, recompressed and rotated 8 degrees."""
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 30])
    height, width = image.shape[:2]
    rotation = cv2.getRotationMatrix2D((width / 2, height / 2), 8, 1.0)
    out = [
        image,
        cv2.flip(image, 1),
        cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA),
        cv2.warpAffine(image, rotation, (width, height), borderMode=cv2.BORDER_REPLICATE),
    ]
    recompressed = cv2.imdecode(jpeg, cv2.IMREAD_COLOR) if ok else None
    if recompressed is not None:
        out.insert(3, np.asarray(recompressed))
    return out


def _fit(image: np.ndarray) -> np.ndarray:
    """Small photos enlarged (the detector finds faces from about 40 pixels)."""
    side = max(image.shape[:2])
    return cv2.resize(image, None, fx=448 / side, fy=448 / side) if side < 448 else image


def gate_chips(detector: Any) -> FaceChips:
    """The gate's face pictures: one chip per view of each person's photo (the largest face)."""
    photos: list[tuple[str, np.ndarray, str]] = [(name, load(), prov) for name, load, prov in PEOPLE]
    group = T1()
    for index, (x1, y1, x2, y2) in enumerate(GROUP_BOXES):
        mx, my = (x2 - x1) * 0.3, (y2 - y1) * 0.3
        crop = group[max(0, int(y1 - my)) : int(y2 + my), max(0, int(x1 - mx)) : int(x2 + mx)]
        photos.append((f"group-t1-person-{index + 1}", crop.copy(), IF))
    chips, people, names = [], [], []
    for name, photo, _ in photos:
        for view in views(_fit(photo)):
            faces = detector.detect(view)
            if faces:
                largest = max(faces, key=lambda f: (f.box[2] - f.box[0]) * (f.box[3] - f.box[1]))
                chips.append(align(view, largest))
                people.append(name)
                names.append(name.split("-person-")[0])  # the six of the group: one photo
    sources = tuple({"name": n, "provenance": p, "sha256": pixels_sha256(img)} for n, img, p in photos)
    return FaceChips(tuple(chips), tuple(people), tuple(names), sources)


def calibration_chips(detector: Any, count: int) -> FaceChips:
    """Up to ``count`` chips of every face in the calibration photos and their mirror images."""
    chips, names, sources = [], [], []
    for name, load, provenance in CALIBRATION_PHOTOS:
        photo = load()
        sources.append({"name": name, "provenance": provenance, "sha256": pixels_sha256(photo)})
        for view in (photo, cv2.flip(photo, 1)):
            for face in detector.detect(view):
                chips.append(align(view, face))
                names.append(name)
    chips, names = chips[:count], names[:count]
    return FaceChips(tuple(chips), tuple(names), tuple(names), tuple(sources))


def embedder_candidates(ctx: PlanContext, source: ModelEntry, profile: HardwareProfile) -> list[Candidate]:
    """FaceRes's forms the registered converters build (the original on ONNX Runtime, OpenVINO
    IR, NNCF INT8), each available here or with the reason. Calling thread (probes runtimes)."""
    list_ctx = ListContext(ctx.registry, source, profile, TASK_FACE_EMBEDDING, TASK_FACE_EMBEDDING)
    out = []
    for converter in converters(ctx).converters():
        if converter.repairs or not converter.serves(list_ctx):
            continue
        for candidate in converter.candidates(list_ctx):
            if candidate.baseline:
                candidate = replace(candidate, label=BASELINE_LABEL)
            elif converter.calibrated:
                candidate = replace(candidate, label=NNCF_LABEL)
            out.append(replace(candidate, input_size=224))
    return out


class _EmbedRun(VisionRun[FaceResEmbedder]):
    """One planner run: the state shared by its steps (calling thread)."""

    calibrate_text = "{verb} ({done} of {total} photos)"
    gate_text = "Checking the embeddings of {label} (TAR at a fixed FAR)"

    def __init__(
        self, ctx: PlanContext, source: ModelEntry, options: PlanOptions, channel: EventSink
    ) -> None:
        super().__init__(
            ctx, source, options, channel, float(source.hints.get("threshold", DEFAULT_THRESHOLD))
        )
        self.max_drop = float(options.gate if options.gate is not None else DEFAULT_TAR_DROP)
        self.gate_set: FaceChips | None = None
        self.calibration_set: FaceChips | None = None
        self.reference_embeddings = np.zeros((0, 0), np.float32)

    def load(self, candidate: Candidate, built: BuiltArtifact) -> FaceResEmbedder:
        runner = self.ctx.registry.get(candidate.backend).load(
            built.main, candidate.device, **load_options(candidate)
        )
        if not isinstance(runner, Runner):
            runner.close()
            raise InputError(f"{candidate.label} does not run face embedding models.")
        try:
            embedder = FaceResEmbedder(runner, candidate.backend, self.threshold)
            embedder.embed_chip(np.zeros((224, 224, 3), np.uint8))  # warm up
        except Exception:
            runner.close()
            raise
        return embedder

    def prepare_data(self) -> None:
        from edgestudio.tasks.faces.detector import load_face_detector

        if self.options.validation or self.options.calibration:
            raise InputError(
                "The face embedder is judged and calibrated on the packaged face photos, "
                "whose people are known.",
                "Leave calibration and validation empty for the face embedder.",
            )
        self.stage("data", "", "Finding and aligning the faces of the packaged photos", 0.01)
        detector = load_face_detector(self.ctx.registry, self.ctx.models.user_dir, use_deployed=False)
        try:
            self.gate_set = gate_chips(detector)
            self.calibration_set = calibration_chips(detector, max(self.options.calibration_count, 8))
        finally:
            detector.runner.close()
        self.validation = self.gate_set.as_set("validation")
        self.calibration = self.calibration_set.as_set("calibration")

    def calibration_at(self, size: int) -> list[np.ndarray]:
        if size:
            raise InputError("FaceRes takes 224x224 chips; it has no other input size.")
        if self.calibration_set is None:
            raise RuntimeError("the data is prepared first")
        return [chip.astype(np.float32)[None] for chip in self.calibration_set.chips]

    def input_name(self) -> str:
        if self.baseline is None:
            raise RuntimeError("the baseline is loaded first")
        return self.baseline.input_name

    def heads(self) -> list[str]:
        """The embedding output: the layers that make it stay in float."""
        if self.baseline is None:
            raise RuntimeError("the baseline is loaded first")
        return [self.baseline.output_name]

    def cache_recipe(self, recipe: dict[str, Any]) -> dict[str, Any]:
        return {**recipe, "task": TASK_FACE_EMBEDDING}

    def detect_all(self, detector: FaceResEmbedder) -> Any:
        """Every gate chip's embedding, [n, 1024]."""
        if self.gate_set is None:
            raise RuntimeError("the data is prepared first")
        return np.vstack([detector.embed_chip(chip) for chip in self.gate_set.chips])

    def judge_outputs(self, outputs: Any) -> DetectGateOutcome:
        if self.gate_set is None:
            raise RuntimeError("the data is prepared first")
        return judge_embeddings(
            self.reference_embeddings,
            np.asarray(outputs),
            self.gate_set.people,
            self.threshold,
            self.max_drop,
            self.gate_set.photos,
        )

    def detect_once(self, detector: FaceResEmbedder, image: np.ndarray) -> Any:
        return detector.embed_chip(image)

    def profile_feeds(self, detector: FaceResEmbedder, image: np.ndarray) -> dict[str, np.ndarray]:
        return {detector.input_name: image.astype(np.float32)[None]}


def _as_threshold(result: CandidateResult) -> CandidateResult:
    """The re-fitted value is FaceRes's match threshold (an L2 distance), not a score."""
    settings = dict(result.settings)
    if "confidence" in settings:
        settings["threshold"] = settings.pop("confidence")
    return replace(result, settings=settings)


def run_embedder_plan(
    ctx: PlanContext,
    source: ModelEntry,
    candidates: list[Candidate],
    options: PlanOptions,
    channel: EventSink,
) -> OptimizeReport:
    """Calling thread: the embedder's whole plan; emits ``stage`` and ``result`` events."""
    started_at, started = time.strftime("%Y-%m-%dT%H:%M:%S"), time.perf_counter()
    run = _EmbedRun(ctx, source, options, channel)
    results: list[CandidateResult] = []
    baseline = next(c for c in candidates if c.baseline)
    pick_id, pick_reason = "", ""
    try:
        run.prepare_data()
        run.stage("build", baseline.id, "Loading the original face embedder", 0.03)
        run.baseline = run.load(baseline, BuiltArtifact(source.path, (source.path,), dict(source.hints)))
        run.reference_embeddings = run.detect_all(run.baseline)
        chosen = [
            c for c in candidates if c.available and (not options.only or c.id in options.only or c.baseline)
        ]
        for candidate in candidates:
            if not candidate.available:
                results.append(CandidateResult(candidate, "unavailable", candidate.reason))
            elif candidate not in chosen:
                results.append(CandidateResult(candidate, "skipped", "Not selected for this run."))
        results += [_as_threshold(r) for r in run.try_all(chosen)]
        results = [
            replace(r, speed=replace(r.speed, throughput_unit="embeddings/s")) if r.speed else r
            for r in run.benchmark(results, baseline.id)
        ]
        pick_id, pick_reason = pick_fastest(results, "embeddings per second")
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
    gate_set = run.gate_set
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
            "people": sorted(set(gate_set.people)) if gate_set else [],
            "operating_threshold": run.threshold,
            "gate": {"metric": "TAR at FAR", "far": DEFAULT_FAR, "max_tar_drop": run.max_drop},
            "embedder": "judged by TAR at a fixed FAR, candidate probes against the original's gallery",
        },
        results=results,
        pick=pick_id,
        pick_reason=pick_reason,
        started_at=started_at,
        seconds=round(time.perf_counter() - started, 1),
    )


def is_embedder(source: ModelEntry) -> bool:
    """Whether ``source`` is FaceRes (the faces planner's embedder source)."""
    return source.task == TASK_FACE_EMBEDDING or source.id == MODEL_ID
