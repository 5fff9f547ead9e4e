"""Ultralytics training checkpoints (``best.pt``): recognised by content, exported to ONNX in a
child process, stored as a detector with the checkpoint's class names, input size and licence.

A ``.pt`` is a pickle, and unpickling runs code, so this module never loads one:

- ``inspect_checkpoint`` reads the ZIP's file list and the pickle's opcodes
  (``core.formats.torch_checkpoint``) and tells an Ultralytics detection checkpoint from
  other torch files, segmentation/pose/classification checkpoints and truncated files;
- ``export_in_child`` runs ``optimize.ultralytics_export:main`` in a child process (the
  launcher in ``core/process_child.py``: it dies with its parent, JSON-lines progress), which
  is the only place the pickle is loaded, and only after the caller has the user's trust
  (``--trust`` on the command line, a confirmation dialog in the GUI);
- ``store_exported`` adds the exported ONNX to the model store like any detector, so the
  Detect tab and the optimizer use it as they use an ONNX the user added.

``import_checkpoint`` is the whole path for the command line. The GUI runs the same steps
with a ``ProcessJob`` for the export (``ui/widgets/checkpoint_import.py``).

No torch here: any thread (``export_in_child`` and ``import_checkpoint`` block the thread
that calls them for the export's seconds).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.artifact import file_sha256
from edgestudio.core.errors import (
    BackendUnavailable,
    ConversionError,
    EdgeStudioError,
    InputError,
    ModelAlreadyStored,
    ModelFormatError,
)
from edgestudio.core.formats import describe, torch_checkpoint
from edgestudio.core.messages import Text
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.process_child import PARENT_PID_ENV
from edgestudio.core.types import TASK_DETECTION
from edgestudio.tasks.detection.importer import import_detection_model

log = logging.getLogger(__name__)

EXPORT_TARGET = "edgestudio.optimize.ultralytics_export:main"
TASKS_MODULE = "ultralytics.nn.tasks"
DETECTION_CLASS = "DetectionModel"
# Ultralytics model classes of other tasks, and what they do (ultralytics/nn/tasks.py).
OTHER_TASKS = {
    "SegmentationModel": "segmentation",
    "PoseModel": "pose estimation",
    "ClassificationModel": "image classification",
    "OBBModel": "oriented-box detection",
    "RTDETRDetectionModel": "RT-DETR detection",
    "WorldModel": "open-vocabulary detection (YOLO-World)",
    "YOLOEModel": "open-vocabulary detection (YOLOE)",
    "YOLOESegModel": "open-vocabulary segmentation (YOLOE)",
}
SUPPORTED = (
    "EdgeStudio adds Ultralytics detection checkpoints (YOLOv5u, YOLOv8, YOLO11 and later "
    "detect models, trained with task=detect)."
)
DEFAULT_LICENSE = "AGPL-3.0"  # Ultralytics' models, unless the checkpoint says otherwise
PYTORCH_INSTALL = "pip install 'edgestudio[pytorch]' && pip install --no-deps ultralytics==8.4.190"
NOT_ULTRALYTICS_HINT = (
    "EdgeStudio adds Ultralytics detection checkpoints (YOLOv5u, YOLOv8, YOLO11 and later detect "
    "models, trained with task=detect). Export other PyTorch models to ONNX first."
)


# One whole sentence per kind, so each translates on its own (listed in ui/i18n.py).
OTHER_TASK_TEXTS = {
    "SegmentationModel": (
        "{name} is an Ultralytics segmentation checkpoint ({model_class}), not an object detector."
    ),
    "PoseModel": (
        "{name} is an Ultralytics pose estimation checkpoint ({model_class}), not an object detector."
    ),
    "ClassificationModel": (
        "{name} is an Ultralytics image classification checkpoint ({model_class}), not an object detector."
    ),
}
OTHER_TASK_TEXT = "{name} is an Ultralytics checkpoint of a kind EdgeStudio does not add ({model_class})."
EXPORT_TIMEOUT_S = 600.0
STDERR_TAIL_LINES = 8


class TrustRequired(InputError):
    """A checkpoint from outside the store was not confirmed as trusted: nothing was loaded."""

    title = "This checkpoint must be trusted first"


@dataclass(frozen=True)
class UltralyticsCheckpoint:
    """A file recognised (without loading it) as an Ultralytics detection checkpoint."""

    path: Path
    model_class: str
    modules: int  # how many Ultralytics classes its pickle names (layers and blocks)


@dataclass(frozen=True)
class ExportedCheckpoint:
    """What the child exported: the ONNX file and what the checkpoint said about itself."""

    onnx: Path
    names: tuple[str, ...]
    imgsz: tuple[int, int]  # height, width
    license: str
    ultralytics_version: str  # the version that wrote the checkpoint ("" when unstated)
    exporter_version: str  # the Ultralytics that exported it here
    source_sha256: str
    export_s: float

    def to_event(self) -> dict[str, Any]:
        """The fields of the child's ``finished`` event (JSON)."""
        return {
            "onnx": str(self.onnx),
            "names": list(self.names),
            "imgsz": list(self.imgsz),
            "license": self.license,
            "ultralytics_version": self.ultralytics_version,
            "exporter_version": self.exporter_version,
            "source_sha256": self.source_sha256,
            "export_s": self.export_s,
        }

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> ExportedCheckpoint:
        """Read the child's ``finished`` event; ConversionError when a field is missing."""
        try:
            height, width = (int(v) for v in event["imgsz"])
            return cls(
                onnx=Path(str(event["onnx"])),
                names=tuple(str(n) for n in event["names"]),
                imgsz=(height, width),
                license=str(event["license"]),
                ultralytics_version=str(event.get("ultralytics_version", "")),
                exporter_version=str(event.get("exporter_version", "")),
                source_sha256=str(event["source_sha256"]),
                export_s=float(event.get("export_s", 0.0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConversionError(f"The export process answered without {exc}.") from exc

    def provenance(self, source: Path) -> dict[str, Any]:
        """The card's record of where the stored ONNX came from."""
        return {
            "added_from": str(source.absolute()),
            "exported_from": str(source.absolute()),
            "exported_from_sha256": self.source_sha256,
            "exported_with": f"Ultralytics {self.exporter_version}".strip(),
            "checkpoint_written_by": f"Ultralytics {self.ultralytics_version}".strip(),
            "input_size": list(self.imgsz),
        }


def normalise_license(text: object) -> str:
    """The licence a checkpoint states ("AGPL-3.0 (https://ultralytics.com/license)" ->
    "AGPL-3.0 (https://ultralytics.com/license)"), or AGPL-3.0 when it states none."""
    stated = str(text).strip() if isinstance(text, str) else ""
    return stated or DEFAULT_LICENSE


# --- recognising -----------------------------------------------------------------------------


def is_torch_checkpoint(path: Path) -> bool:
    """True when ``path`` is a PyTorch ZIP checkpoint, damaged or not (cheap; any thread)."""
    try:
        return torch_checkpoint(path) is not None
    except ModelFormatError:
        return True  # a truncated or damaged one


def inspect_checkpoint(path: Path) -> UltralyticsCheckpoint:
    """``path`` as an Ultralytics detection checkpoint, read without loading it.

    Raises ModelFormatError saying what it is otherwise: not a PyTorch checkpoint, truncated
    or damaged, a torch file Ultralytics did not write, or a checkpoint of another task
    (segmentation, pose, classification...), naming what is supported."""
    if not path.is_file():
        raise ModelFormatError(f"{path} does not exist or is not a file.", "Check the path and try again.")
    checkpoint = torch_checkpoint(path)  # raises for a truncated or damaged checkpoint
    if checkpoint is None:
        raise ModelFormatError(
            f"{path.name} is not a PyTorch checkpoint: it is {describe(path)}.",
            "Choose the best.pt (or last.pt) that Ultralytics training wrote, or an ONNX model.",
        )
    classes = checkpoint.builds(TASKS_MODULE)
    modules = sum(1 for c in checkpoint.classes if c.startswith("ultralytics."))
    if DETECTION_CLASS in classes:
        return UltralyticsCheckpoint(path, DETECTION_CLASS, modules)
    other = next((c for c in classes if c in OTHER_TASKS), "")
    if other:
        template = OTHER_TASK_TEXTS.get(other, OTHER_TASK_TEXT)
        raise ModelFormatError(Text(template, name=path.name, model_class=other), SUPPORTED)
    if classes:
        kind = ", ".join(classes)
        raise ModelFormatError(Text(OTHER_TASK_TEXT, name=path.name, model_class=kind), SUPPORTED)
    if any(c.startswith("models.yolo.") for c in checkpoint.classes):
        raise ModelFormatError(
            f"{path.name} is a YOLOv5 checkpoint from the yolov5 repository, not one the "
            "Ultralytics package wrote.",
            "Export it to ONNX with that repository's export.py (--include onnx) and add the ONNX.",
        )
    raise ModelFormatError(
        Text(
            "{name} is a PyTorch checkpoint, but not an Ultralytics one: it holds no Ultralytics "
            "model (only weights or another library's objects).",
            name=path.name,
        ),
        NOT_ULTRALYTICS_HINT,
    )


# --- what it needs -----------------------------------------------------------------------------


def missing_pytorch_tools() -> list[str]:
    """The packages of the ``pytorch`` extra that are not installed (none imported)."""
    missing = [name for name in ("torch", "ultralytics", "onnx") if importlib.util.find_spec(name) is None]
    try:
        importlib.metadata.version("torchvision")  # Ultralytics reads it at import
    except importlib.metadata.PackageNotFoundError:
        missing.append("torchvision")
    return missing


def require_pytorch_tools(path: Path) -> None:
    """BackendUnavailable naming the ``pytorch`` extra when its packages are missing."""
    missing = missing_pytorch_tools()
    if missing:
        raise BackendUnavailable(
            Text(
                "{name} is an Ultralytics checkpoint, and exporting it needs the optional PyTorch "
                "tools, which are not installed (missing: {missing}).",
                name=path.name,
                missing=", ".join(missing),
            ),
            Text(
                "Install them with: {command} (PyTorch 2.13, the CPU build where one is at hand, "
                "torchvision and ONNX, then Ultralytics without its own requirements, which would "
                "add a second OpenCV; scripts/install.sh --pytorch does both). Nothing was added.",
                command=PYTORCH_INSTALL,
            ),
        )


def trust_warning(path: Path) -> str:
    """The risk, in words, that the user confirms before a checkpoint is loaded."""
    return (
        f"{path.name} is a PyTorch checkpoint. Loading it runs Python code stored inside it, "
        "with your permissions: a checkpoint from an unknown source can read, change or send "
        "your files. Load it only if you trust where it came from (for example, your own "
        "team's training run). EdgeStudio loads it in a separate process, exports it to ONNX "
        "and stores only the ONNX model."
    )


def require_trust(path: Path, trusted: bool) -> None:
    """TrustRequired (nothing loaded) unless the user confirmed ``path``."""
    if not trusted:
        raise TrustRequired(
            trust_warning(path) + " It was not loaded.",
            f"If you trust it, add it with: edgestudio models add {path} --trust",
        )


# --- exporting (in a child process) --------------------------------------------------------------


def export_args(source: Path, out_dir: Path, imgsz: int = 0) -> list[str]:
    """The child's arguments (``optimize.ultralytics_export:main``)."""
    return [str(source.absolute()), str(out_dir.absolute()), str(int(imgsz))]


def export_in_child(
    source: Path,
    out_dir: Path,
    imgsz: int = 0,
    on_progress: Callable[[float | None, str], None] | None = None,
    timeout_s: float = EXPORT_TIMEOUT_S,
) -> ExportedCheckpoint:
    """Export ``source`` to ONNX in ``out_dir`` in a child process; blocks until it is done.

    Only call this after the user trusted ``source``: the child loads its pickle. The child
    dies with this process; ``on_progress(fraction, message)`` is called on a reader thread.
    Raises the child's own error (ConversionError, ModelFormatError) as a ConversionError
    with its sentence, or one that says it crashed or took too long."""
    env = {**os.environ, PARENT_PID_ENV: str(os.getpid()), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "edgestudio.core.process_child", EXPORT_TARGET]
    command += export_args(source, out_dir, imgsz)
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            start_new_session=True,
        )
    except OSError as exc:
        raise ConversionError(f"EdgeStudio could not start the export of {source.name}: {exc}.") from exc
    events: list[dict[str, Any]] = []
    stderr: list[str] = []
    readers = [
        threading.Thread(
            target=_read_events, args=(child.stdout, events, on_progress), name="pt-export-out", daemon=True
        ),
        threading.Thread(target=_read_stderr, args=(child.stderr, stderr), name="pt-export-err", daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        code = child.wait(timeout_s)
    except subprocess.TimeoutExpired:
        raise ConversionError(
            f"Exporting {source.name} took longer than {timeout_s:.0f} s, so it was stopped.",
            "This device may be too slow or short of memory for this model; nothing was added.",
        ) from None
    finally:
        _end_child(child)
        for reader in readers:
            reader.join(5)
    return _verdict(source, code, events, stderr)


def _read_events(
    stream: IO[str] | None,
    into: list[dict[str, Any]],
    on_progress: Callable[[float | None, str], None] | None,
) -> None:
    """Reader thread: the child's JSON-lines events."""
    if stream is None:
        return
    for line in stream:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if not isinstance(event, dict):
            continue
        into.append(event)
        if event.get("event") == "progress" and on_progress is not None:
            fraction = event.get("fraction")
            on_progress(float(fraction) if fraction is not None else None, str(event.get("message", "")))


def _read_stderr(stream: IO[str] | None, into: list[str]) -> None:
    """Reader thread: the child's stderr (Ultralytics' own output) goes to the log."""
    if stream is None:
        return
    for line in stream:
        into.append(line)
        log.info("checkpoint export: %s", line.rstrip()[:2000])


def _end_child(child: subprocess.Popen[str]) -> None:
    """Close the child's stdin (its watchdog then exits) and kill its group if it lingers."""
    if child.stdin is not None:
        with contextlib.suppress(OSError):
            child.stdin.close()
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def _verdict(source: Path, code: int, events: list[dict[str, Any]], stderr: list[str]) -> ExportedCheckpoint:
    finished = next((e for e in events if e.get("event") == "finished"), None)
    failed = next((e for e in events if e.get("event") == "failed"), None)
    if code == 0 and finished is not None:
        return ExportedCheckpoint.from_event(finished)
    if failed is not None:
        kinds: dict[str, type[EdgeStudioError]] = {
            "BackendUnavailable": BackendUnavailable,
            "ModelFormatError": ModelFormatError,
        }
        error = kinds.get(str(failed.get("kind", "")), ConversionError)
        raise error(str(failed.get("message", "")), str(failed.get("hint", "")) or "Nothing was added.")
    last_words = " / ".join(line.strip() for line in stderr[-STDERR_TAIL_LINES:] if line.strip())
    how = f"it crashed (signal {-code})" if code < 0 else f"it ended with code {code}"
    said = f" Its last words: {last_words}" if last_words else ""
    raise ConversionError(
        f"The export of {source.name} stopped: {how}.{said}",
        "The details are in the log file. Nothing was added.",
    )


# --- storing -------------------------------------------------------------------------------------


def checkpoint_sha256(path: Path) -> str:
    """The SHA-256 of a checkpoint's bytes (read in blocks; a worker thread in the GUI)."""
    try:
        return file_sha256(path)
    except OSError as exc:
        raise ModelFormatError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc


def already_exported(store: ModelStore, path: Path, sha256: str) -> None:
    """ModelAlreadyStored when a stored model was exported from these very bytes (an export's
    ONNX differs byte for byte each time: Ultralytics writes the date into it)."""
    for entry in store.list(TASK_DETECTION):
        if entry.provenance.get("exported_from_sha256") == sha256:
            raise ModelAlreadyStored(
                Text(
                    "{name} was exported and stored already as '{model_id}' ({model_name}).",
                    name=path.name,
                    model_id=entry.id,
                    model_name=entry.name,
                ),
                "Nothing was added; it is in the model list.",
                model_id=entry.id,
            )


def check_same_source(path: Path, sha256: str, exported: ExportedCheckpoint) -> None:
    """ModelFormatError when the child exported other bytes than those hashed before."""
    if exported.source_sha256 != sha256:
        raise ModelFormatError(
            f"{path.name} changed while it was being exported; nothing was added.",
            "Add it again once it is completely written.",
        )


def store_exported(
    store: ModelStore,
    registry: BackendRegistry,
    exported: ExportedCheckpoint,
    source: Path,
    name: str = "",
) -> ModelEntry:
    """Add the exported ONNX to the store as a detector (checked as any added model is:
    loaded with a runtime and its output layout recognised). Raises ModelAlreadyStored when
    the same export is stored already. A worker thread in the GUI."""
    return import_detection_model(
        store, registry, exported.onnx, name=name or source.stem, provenance=exported.provenance(source)
    )


def import_checkpoint(
    store: ModelStore,
    registry: BackendRegistry,
    source: Path,
    *,
    trusted: bool,
    name: str = "",
    imgsz: int = 0,
    on_progress: Callable[[float | None, str], None] | None = None,
) -> tuple[ModelEntry, ExportedCheckpoint]:
    """Recognise, export (in a child, only when ``trusted``) and store an Ultralytics
    detection checkpoint. The command line's path; blocks for the export's seconds.

    Checks in this order, so each refusal loads nothing: what the file is, the PyTorch tools,
    the user's trust. The export's work folder is removed in every case."""
    inspect_checkpoint(source)
    sha256 = checkpoint_sha256(source)
    already_exported(store, source, sha256)
    require_pytorch_tools(source)
    require_trust(source, trusted)
    work = Path(tempfile.mkdtemp(prefix="edgestudio-pt-export-"))
    try:
        exported = export_in_child(source, work, imgsz, on_progress)
        check_same_source(source, sha256, exported)
        return store_exported(store, registry, exported, source, name), exported
    finally:
        shutil.rmtree(work, ignore_errors=True)
