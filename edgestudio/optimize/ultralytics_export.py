"""Export an Ultralytics detection checkpoint (``best.pt``) to ONNX: the child-process side.

``export_checkpoint(source, out_dir, imgsz, progress)`` loads the checkpoint with Ultralytics
and exports it with ``YOLO(path).export(format="onnx", simplify=False)``. Loading a ``.pt``
unpickles it, which runs code stored in it, so this function runs only in a child process
(``main`` below, started through ``core/process_child.py`` by
``tasks/detection/ultralytics_checkpoint.export_in_child`` or the GUI's ``ProcessJob``) and
only after the user trusted the file. The child dies with its parent.

What it does, in order:

1. copies the checkpoint into ``out_dir`` while hashing it, and checks the copy's content
   again without loading it (the file the user trusted is the file that is loaded; nothing
   is written beside the user's file);
2. runs Ultralytics offline (``YOLO_OFFLINE``, no automatic installs, its settings in a
   folder of ``out_dir``), loads the copy and refuses anything but a detection model;
3. exports with dynamic axes (``dynamic=True``: the head computes its anchor grid from the
   input's shape instead of holding constants written for one size), FP32, no NMS
   (EdgeStudio decodes the ``[1, 4 + classes, anchors]`` head itself);
4. fixes the stored input at one picture of the checkpoint's own training size (or
   ``imgsz``) and writes the output shapes for it (:func:`fix_input_size`), so every runtime
   sees a static model exactly as from a static export (measured the same speed), while the
   optimizer's input-size candidates can still resize it (``optimize/resize.py``);
5. writes the checkpoint's licence (AGPL-3.0 unless it states one) and its SHA-256 into the
   ONNX metadata beside Ultralytics' own ``names``, ``imgsz``, ``stride`` and ``task``.

Pure functions plus one child entry; no Qt. The optimizer's converter plugins can wrap
``export_checkpoint`` as the "Ultralytics export" form.
"""

from __future__ import annotations

import ast
import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from edgestudio.core.errors import ConversionError, ModelFormatError
from edgestudio.core.process_child import ChildChannel
from edgestudio.tasks.detection.ultralytics_checkpoint import (
    DETECTION_CLASS,
    SUPPORTED,
    ExportedCheckpoint,
    inspect_checkpoint,
    normalise_license,
    require_pytorch_tools,
)

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
DEFAULT_IMGSZ = 640
COPY_CHUNK = 4 * 1024 * 1024
SETTINGS_FOLDER = ".ultralytics"
SOURCE_KEY = "edgestudio_source"
SOURCE_VALUE = "ultralytics-checkpoint"
SOURCE_SHA_KEY = "source_sha256"


def offline_environment(settings_dir: Path) -> dict[str, str]:
    """Ultralytics' settings for a run that downloads and installs nothing: offline, no
    automatic pip installs, its settings file in a folder EdgeStudio owns."""
    return {
        "YOLO_OFFLINE": "1",
        "YOLO_AUTOINSTALL": "False",
        "YOLO_CONFIG_DIR": str(settings_dir),
    }


def copy_hashing(source: Path, target: Path) -> str:
    """Copy ``source`` to ``target``; the SHA-256 of what was copied."""
    digest = hashlib.sha256()
    try:
        with source.open("rb") as reader, target.open("wb") as writer:
            while block := reader.read(COPY_CHUNK):
                digest.update(block)
                writer.write(block)
    except OSError as exc:
        raise ModelFormatError(f"{source.name} cannot be read: {exc.strerror or exc}.") from exc
    return digest.hexdigest()


def _training_size(model: Any) -> int | tuple[int, int]:
    """The size the checkpoint was trained at: its model's args, then its train_args."""
    candidates: list[Any] = []
    args = getattr(model.model, "args", None)
    candidates.append(args.get("imgsz") if isinstance(args, dict) else getattr(args, "imgsz", None))
    ckpt = model.ckpt if isinstance(getattr(model, "ckpt", None), dict) else {}
    train_args = ckpt.get("train_args")
    if isinstance(train_args, dict):
        candidates.append(train_args.get("imgsz"))
    for value in candidates:
        if isinstance(value, int) and value > 0:
            return value
        if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) for v in value):
            return (int(value[0]), int(value[1]))
    return DEFAULT_IMGSZ


def _names(model: Any) -> tuple[str, ...]:
    names = model.names
    if isinstance(names, dict):
        return tuple(str(names[k]) for k in sorted(names))
    return tuple(str(n) for n in names)


def _exported_size(metadata: dict[str, str], fallback: int | tuple[int, int]) -> tuple[int, int]:
    try:
        value = ast.literal_eval(metadata.get("imgsz", ""))
        height, width = (int(v) for v in value)
        return height, width
    except (ValueError, SyntaxError, TypeError):
        return (fallback, fallback) if isinstance(fallback, int) else fallback


def fix_input_size(model: Any, height: int, width: int) -> None:
    """Fix the image input of the ONNX ``model`` (a ``dynamic=True`` export: batch, height
    and width free) at one ``height`` x ``width`` picture and write the output shapes ONNX
    shape inference finds for it. The graph still computes its anchors from the input's shape,
    so it runs at other sizes once its input is resized again."""
    import onnx

    image = model.graph.input[0]
    dims = image.type.tensor_type.shape.dim
    if len(dims) != 4:
        raise ConversionError(f"Ultralytics exported an input of {len(dims)} dimensions, not pictures.")
    for dim, value in zip(dims, (1, dims[1].dim_value or 3, height, width), strict=True):
        dim.Clear()
        dim.dim_value = value
    del model.graph.value_info[:]
    try:
        inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True, data_prop=True)
    except onnx.shape_inference.InferenceError as exc:
        raise ConversionError(f"The exported graph does not fit {height}x{width}: {exc}") from exc
    shapes = {o.name: o.type.tensor_type.shape for o in inferred.graph.output}
    for output in model.graph.output:
        known = shapes.get(output.name)
        if known is not None and all(d.HasField("dim_value") for d in known.dim):
            output.type.tensor_type.shape.CopyFrom(known)


def _write_metadata(
    onnx_path: Path, license_text: str, sha256: str, size: int | tuple[int, int]
) -> dict[str, str]:
    """Fix the input at the exported size (Ultralytics' ``imgsz`` metadata, else ``size``),
    set the licence and the source's digest in the ONNX metadata; all metadata after."""
    import onnx

    model = onnx.load(str(onnx_path))
    props = {p.key: p.value for p in model.metadata_props}
    fix_input_size(model, *_exported_size(props, size))
    props.update({"license": license_text, SOURCE_KEY: SOURCE_VALUE, SOURCE_SHA_KEY: sha256})
    del model.metadata_props[:]
    for key, value in props.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(model, str(onnx_path))
    return props


def export_checkpoint(
    source: Path, out_dir: Path, imgsz: int = 0, progress: Progress | None = None
) -> ExportedCheckpoint:
    """Export the Ultralytics detection checkpoint ``source`` to ``out_dir/<stem>.onnx``.

    LOADS THE PICKLE: call it only in a child process, after the user trusted ``source``.
    ``imgsz`` 0 exports at the checkpoint's training size. Raises ModelFormatError for what
    is not a detection checkpoint, BackendUnavailable without the PyTorch tools and
    ConversionError when Ultralytics fails. The child's main thread."""
    report = progress or (lambda _fraction, _message: None)
    started = time.perf_counter()
    require_pytorch_tools(source)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy = out_dir / (source.stem + ".pt")
    if copy.resolve() == source.resolve():
        copy = out_dir / (source.stem + ".checkpoint.pt")
    report(0.05, "Copying the checkpoint")
    sha256 = copy_hashing(source, copy)
    inspect_checkpoint(copy)  # the bytes about to be loaded, checked again without loading
    os.environ.update(offline_environment(out_dir / SETTINGS_FOLDER))
    report(0.15, "Loading PyTorch and Ultralytics")
    from ultralytics import YOLO, __version__

    report(0.35, "Loading the checkpoint")
    try:
        model = YOLO(str(copy), task="detect")
    except Exception as exc:  # a pickle can raise anything; said in one sentence
        raise ConversionError(
            f"Ultralytics {__version__} could not load {source.name}: {type(exc).__name__}: {exc}",
            "It may need another Ultralytics version, or be damaged. Nothing was added.",
        ) from exc
    model_class = type(model.model).__name__
    if model.task != "detect" or model_class != DETECTION_CLASS:
        raise ModelFormatError(
            f"{source.name} holds an Ultralytics {model_class} (task '{model.task}'), not a detector.",
            SUPPORTED,
        )
    names = _names(model)
    size = imgsz if imgsz > 0 else _training_size(model)
    ckpt = model.ckpt if isinstance(getattr(model, "ckpt", None), dict) else {}
    license_text = normalise_license(ckpt.get("license"))
    report(0.5, "Exporting to ONNX")
    try:
        written = model.export(
            format="onnx", imgsz=size, simplify=False, dynamic=True, half=False, nms=False, device="cpu"
        )
    except Exception as exc:  # Ultralytics and torch.onnx raise many kinds
        raise ConversionError(
            f"Ultralytics {__version__} could not export {source.name} to ONNX: {type(exc).__name__}: {exc}",
            "The details are in the log file. Nothing was added.",
        ) from exc
    onnx_path = Path(str(written))
    if not onnx_path.is_file():
        raise ConversionError(f"Ultralytics reported an export of {source.name}, but wrote no ONNX file.")
    report(0.9, "Writing the model's metadata")
    metadata = _write_metadata(onnx_path, license_text, sha256, size)
    copy.unlink(missing_ok=True)
    shutil.rmtree(out_dir / SETTINGS_FOLDER, ignore_errors=True)
    exported = ExportedCheckpoint(
        onnx=onnx_path,
        names=names,
        imgsz=_exported_size(metadata, size),
        license=license_text,
        ultralytics_version=str(ckpt.get("version", "")),
        exporter_version=str(__version__),
        source_sha256=sha256,
        export_s=time.perf_counter() - started,
    )
    log.info("exported %s to %s in %.1f s", source, onnx_path, exported.export_s)
    return exported


def main(channel: ChildChannel, args: list[str]) -> int:
    """The child's entry (``core/process_child.py``): ``SOURCE OUT_DIR [IMGSZ]``."""
    if len(args) not in (2, 3):
        raise ConversionError("The checkpoint export takes a source, an output folder and an input size.")
    imgsz = int(args[2]) if len(args) == 3 else 0
    exported = export_checkpoint(
        Path(args[0]),
        Path(args[1]),
        imgsz,
        lambda fraction, message: channel.progress(fraction, message),
    )
    channel.finished(**exported.to_event())
    return 0
