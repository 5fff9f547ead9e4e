"""Recognise a model from its bytes, and say in words what a file is when it is not one.

``sniff(path)`` returns an :class:`~edgestudio.core.artifact.Artifact` with the format id and
every file the model is made of, or raises ModelFormatError naming what the file is instead
("a ZIP archive", "a PyTorch checkpoint: export it to ONNX first", "an OpenVINO IR .xml
without its .bin"). File names are used only to find a model's companion files (the ``.bin``
beside an ``.xml``); what a file is comes from its content:

- ONNX: a protobuf ``ModelProto`` (its top-level fields are walked to the end of the file).
- OpenVINO IR: XML whose root element is ``<net``, with its weights ``.bin`` beside it.
- ncnn: a ``.param`` starting with the magic ``7767517`` (or the binary param magic), with
  its ``.bin`` beside it, and the converter's sidecar ``<name>.param.json`` when present.
- TensorFlow Lite: the flatbuffer identifier ``TFL3`` at offset 4.
- TensorRT: a serialized plan (``ftrt``) with its sidecar ``<stem>.json`` (TensorRT version,
  GPU, source hash), or an Ultralytics engine carrying its metadata before the plan.
- GGUF: the ``GGUF`` magic and a known version.
- CTranslate2: a folder holding ``model.bin`` and ``config.json``.

PyTorch checkpoints (``.pt``, a ZIP holding ``<name>/data.pkl`` and the tensors) are not models
a runtime loads: ``torch_checkpoint(path)`` reads the ZIP's file list and the pickle's opcodes
(never unpickling: a pickle runs code when loaded) and names the classes it would build, so an
Ultralytics training checkpoint can be told from other torch files before anything is loaded.

Reads at most a few KB per file (and seeks through an ONNX file's top level): any thread.
"""

from __future__ import annotations

import json
import pickletools
import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from edgestudio.core.artifact import (
    FORMAT_CTRANSLATE2,
    FORMAT_GGUF,
    FORMAT_NCNN,
    FORMAT_ONNX,
    FORMAT_OPENVINO_IR,
    FORMAT_TENSORRT_PLAN,
    FORMAT_TFLITE,
    Artifact,
)
from edgestudio.core.errors import ModelFormatError, ModelLoadError
from edgestudio.core.messages import Text

HEAD_BYTES = 4096
KNOWN_FORMATS_HINT = (
    "EdgeStudio reads ONNX, OpenVINO IR (.xml + .bin), ncnn (.param + .bin), TensorFlow Lite, "
    "TensorRT engines with their sidecar, GGUF and CTranslate2 model folders."
)
EXPORT_HINT = "Export it to ONNX first (for a YOLO model: yolo export model=FILE format=onnx)."
PYTORCH_HINT = (
    "An Ultralytics detection checkpoint (best.pt) is added with: edgestudio models add {path} "
    "--trust (it is exported to ONNX). Other PyTorch models: export them to ONNX first."
)

GGUF_MAGIC = b"GGUF"
GGUF_VERSIONS = (1, 2, 3)
TFLITE_IDENTIFIER = b"TFL3"
TENSORRT_MAGIC = b"ftrt"
NCNN_PARAM_MAGIC = b"7767517"
NCNN_BINARY_PARAM_MAGIC = 0x007685DD
IR_ROOT = re.compile(rb"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<net[\s>]", re.DOTALL)
XML_START = re.compile(rb"^\s*<(\?xml|[A-Za-z!])")
CTRANSLATE2_FILES = ("model.bin", "config.json")

# ModelProto field number -> protobuf wire type (0 varint, 2 length-delimited), onnx.proto3.
ONNX_MODEL_FIELDS = {1: 0, 2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2, 26: 2}
ONNX_IR_VERSION, ONNX_GRAPH = 1, 7
ONNX_MAX_FIELDS = 1_000_000

_MAGIC_DESCRIPTIONS: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", ""),
    (b"\xff\xd8\xff", "a JPEG image", ""),
    (b"GIF8", "a GIF image", ""),
    (b"BM", "a BMP image", ""),
    (b"%PDF", "a PDF document", ""),
    (b"\x7fELF", "a program or library (ELF)", ""),
    (b"\x1f\x8b", "a gzip-compressed file", "Unpack it and choose the model inside."),
    (b"BZh", "a bzip2-compressed file", "Unpack it and choose the model inside."),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "Unpack it and choose the model inside."),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "Unpack it and choose the model inside."),
    (b"\x89HDF\r\n\x1a\n", "an HDF5 file (a Keras .h5 model)", "Convert it to ONNX or TFLite first."),
    (b"OggS", "an Ogg audio file", ""),
    (b"fLaC", "a FLAC audio file", ""),
    (b"ID3", "an MP3 audio file", ""),
)


ZIP_MAGIC = b"PK\x03\x04"
TORCH_PICKLE = "data.pkl"
MAX_PICKLE_BYTES = 256 * 1024 * 1024  # the object tree only: tensors are separate ZIP entries
DAMAGED_CHECKPOINT_HINT = "The file is incomplete or damaged: copy or download it again."


@dataclass(frozen=True)
class TorchCheckpoint:
    """What a PyTorch ZIP checkpoint would build if it were loaded, read without loading it.

    ``classes`` are the ``module.name`` of every global the pickle refers to (the classes and
    functions unpickling would import and call); ``entries`` the number of files in the ZIP."""

    path: Path
    archive: str
    classes: frozenset[str]
    entries: int

    def builds(self, module: str) -> list[str]:
        """The class names it takes from ``module`` (``ultralytics.nn.tasks``), sorted."""
        return sorted(c[len(module) + 1 :] for c in self.classes if c.rpartition(".")[0] == module)


def torch_checkpoint(path: Path) -> TorchCheckpoint | None:
    """The PyTorch checkpoint at ``path``, or None when it is not one (checked by content).

    Raises ModelFormatError when it is one that is truncated or damaged (its ZIP directory or
    its pickle cannot be read to the end). Reads the ZIP directory and the pickle (kilobytes
    to a few MB), never the tensors: any thread."""
    head = _head_of(path)
    if head is None or not head.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            pickles = [n for n in names if n.rpartition("/")[2] == TORCH_PICKLE and n.count("/") == 1]
            if not pickles:
                return None
            info = archive.getinfo(pickles[0])
            if info.file_size > MAX_PICKLE_BYTES:
                raise ModelFormatError(
                    f"{path.name} is a PyTorch checkpoint whose object tree is "
                    f"{info.file_size / 1e6:.0f} MB, too large to be a model checkpoint."
                )
            data = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        if not _first_zip_entry(head).endswith("/" + TORCH_PICKLE):
            return None  # some other damaged ZIP archive
        raise ModelFormatError(
            Text(
                "{name} is a PyTorch checkpoint that is truncated or damaged ({reason}).",
                name=path.name,
                reason=exc,
            ),
            DAMAGED_CHECKPOINT_HINT,
        ) from exc
    return TorchCheckpoint(path, pickles[0], _pickle_globals(path, data), len(names))


def _first_zip_entry(head: bytes) -> str:
    """The name of the first file in a ZIP, from its local header (PyTorch writes data.pkl
    first): it tells a truncated checkpoint from another damaged archive."""
    if len(head) < 30:
        return ""
    name_length = struct.unpack_from("<H", head, 26)[0]
    return head[30 : 30 + name_length].decode("utf-8", errors="replace")


_STRING_OPS = frozenset(
    {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE", "SHORT_BINSTRING", "BINSTRING", "STRING"}
)


def _pickle_globals(path: Path, data: bytes) -> frozenset[str]:
    """Every ``module.name`` a pickle imports (GLOBAL, and STACK_GLOBAL's two strings), read
    from its opcodes: nothing is imported or called."""
    found: set[str] = set()
    memo: dict[int, object] = {}
    recent: list[object] = []  # the last values pushed, for STACK_GLOBAL and memo writes
    try:
        for opcode, arg, _pos in pickletools.genops(data):
            name = opcode.name
            if name == "GLOBAL" and isinstance(arg, str):
                module, _, attribute = arg.partition(" ")
                found.add(f"{module}.{attribute}")
            elif name == "STACK_GLOBAL" and len(recent) >= 2:
                pushed_module, pushed_name = recent[-2], recent[-1]
                if isinstance(pushed_module, str) and isinstance(pushed_name, str):
                    found.add(f"{pushed_module}.{pushed_name}")
            if name in _STRING_OPS:
                recent.append(arg.decode("latin-1") if isinstance(arg, bytes) else arg)
            elif name in ("BINPUT", "LONG_BINPUT", "PUT") and recent and isinstance(arg, int):
                memo[arg] = recent[-1]
            elif name == "MEMOIZE" and recent:
                memo[len(memo)] = recent[-1]
            elif name in ("BINGET", "LONG_BINGET", "GET") and isinstance(arg, int):
                recent.append(memo.get(arg))
            elif name not in ("BINPUT", "LONG_BINPUT", "PUT", "MEMOIZE", "FRAME"):
                recent.append(None)
            del recent[:-2]
    except (ValueError, IndexError, struct.error) as exc:
        raise ModelFormatError(
            f"{path.name} is a PyTorch checkpoint whose object tree is damaged ({exc}).",
            DAMAGED_CHECKPOINT_HINT,
        ) from exc
    return frozenset(found)


def sniff(path: Path) -> Artifact:
    """The model at ``path`` with all its files; ModelFormatError says what it is otherwise.

    ``path`` may be the main file, a companion (the ``.bin`` of an IR leads to its ``.xml``)
    or a CTranslate2 folder. A missing path raises ModelLoadError ("does not exist").
    """
    if not path.exists():
        raise ModelLoadError(f"{path} does not exist.", "Check the path and try again.")
    if path.is_dir():
        return _sniff_folder(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise ModelLoadError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    if size == 0:
        raise ModelFormatError(f"{path.name} is empty (0 bytes).", "Copy or download the file again.")
    found = _sniff_file(path, head, size)
    if found is not None:
        return found
    raise ModelFormatError(f"{path.name} is not a model file: it is {describe(path)}.", _hint_for(path, head))


def describe(path: Path) -> str:
    """What ``path`` is, in words, for messages ("an OpenVINO IR model", "a PNG image")."""
    if not path.exists():
        return "missing"
    if path.is_dir():
        if (path / "saved_model.pb").is_file():
            return "a TensorFlow SavedModel folder"
        if all((path / name).is_file() for name in CTRANSLATE2_FILES):
            return "a CTranslate2 model folder"
        return "a folder"
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        return f"a file that cannot be read ({exc.strerror or exc})"
    if size == 0:
        return "an empty file"
    label = _known_model_label(path, head, size)
    return label or _describe_other(path, head, size)


def companions_missing(path: Path) -> list[str]:
    """Names of the companion files a multi-file model at ``path`` needs and lacks (cheap;
    for loaders that want a clear message before handing the path to a runtime)."""
    if not path.is_file():
        return []
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return []
    if IR_ROOT.match(head) or _is_ncnn_param(head):
        weights = _ncnn_weights(path) if _is_ncnn_param(head) else path.with_suffix(".bin")
        return [] if weights.is_file() else [weights.name]
    return []


# --- recognisers ---------------------------------------------------------------------------


def _sniff_folder(folder: Path) -> Artifact:
    if all((folder / name).is_file() for name in CTRANSLATE2_FILES):
        files = tuple(sorted(p for p in folder.rglob("*") if p.is_file()))
        return Artifact.of(folder, files, FORMAT_CTRANSLATE2)
    if (folder / "saved_model.pb").is_file():
        raise ModelFormatError(
            f"{folder.name} is a TensorFlow SavedModel folder, not a model EdgeStudio runs.",
            "Convert it to ONNX (python -m tf2onnx.convert) or to TensorFlow Lite first.",
        )
    raise ModelFormatError(
        f"{folder} is a folder, not a model file.",
        "Choose the model file inside it (a CTranslate2 model folder holds model.bin and config.json).",
    )


def _sniff_file(path: Path, head: bytes, size: int) -> Artifact | None:
    """The artifact when ``head`` is a known model format; None when it is none of them."""
    if head.startswith(GGUF_MAGIC):
        version = struct.unpack_from("<I", head, 4)[0] if len(head) >= 8 else -1
        if version not in GGUF_VERSIONS:
            raise ModelFormatError(
                f"{path.name} is a GGUF file of version {version}, which this EdgeStudio does not read.",
                "Update EdgeStudio, or convert the model again with a current llama.cpp.",
            )
        return Artifact.of(path, (path,), FORMAT_GGUF)
    if head[4:8] == TFLITE_IDENTIFIER:
        return Artifact.of(path, (path,), FORMAT_TFLITE)
    plan = _tensorrt_plan(path, head, size)
    if plan is not None:
        return plan
    if _is_ncnn_param(head):
        return _ncnn_artifact(path, _ncnn_weights(path))
    if IR_ROOT.match(head):
        return _with_weights(path, path.with_suffix(".bin"), FORMAT_OPENVINO_IR, "OpenVINO IR .xml")
    if _is_onnx(path, size):
        return Artifact.of(path, (path,), FORMAT_ONNX)
    return _weights_file(path)


def _with_weights(main: Path, weights: Path, format_id: str, what: str) -> Artifact:
    if not weights.is_file():
        raise ModelFormatError(
            f"{main.name} is an {what} without its weights: {weights.name} is not beside it.",
            f"Copy {weights.name} into the same folder as {main.name} and add {main.name} again.",
        )
    return Artifact.of(main, (main, weights), format_id)


def _ncnn_artifact(param: Path, weights: Path) -> Artifact:
    """An ncnn pair, with the sidecar ``<name>.param.json`` that EdgeStudio's converter writes
    (input/output names, layout, precision) when it is beside them: a converted model copied
    elsewhere and added again keeps what the backend needs to load it."""
    pair = _with_weights(param, weights, FORMAT_NCNN, "ncnn .param")
    sidecar = param.with_name(param.name + ".json")  # backends.sidecar.sidecar_path
    if not _is_json_object(sidecar):
        return pair
    return Artifact.of(param, (*pair.files, sidecar), FORMAT_NCNN)


def _weights_file(path: Path) -> Artifact | None:
    """A ``.bin`` chosen instead of its model description leads to the model."""
    if path.suffix.lower() != ".bin":
        return None
    xml = path.with_suffix(".xml")
    if _head_of(xml) is not None and IR_ROOT.match(_head_of(xml) or b""):
        return _with_weights(xml, path, FORMAT_OPENVINO_IR, "OpenVINO IR .xml")
    param = path.with_suffix(".param")
    if _is_ncnn_param(_head_of(param) or b""):
        return _ncnn_artifact(param, path)
    if path.name == "model.bin" and (path.parent / "config.json").is_file():
        return _sniff_folder(path.parent)
    return None


def _head_of(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError:
        return None


def _is_ncnn_param(head: bytes) -> bool:
    if head.startswith(NCNN_PARAM_MAGIC) and head[len(NCNN_PARAM_MAGIC) : len(NCNN_PARAM_MAGIC) + 1] in (
        b"\n",
        b"\r",
        b" ",
    ):
        return True
    return len(head) >= 4 and struct.unpack_from("<I", head)[0] == NCNN_BINARY_PARAM_MAGIC


def _ncnn_weights(param: Path) -> Path:
    """``x.param`` -> ``x.bin``; the binary ``x.param.bin`` -> ``x.bin``."""
    name = param.name
    stem = name[: -len(".param.bin")] if name.endswith(".param.bin") else param.stem
    return param.with_name(stem + ".bin")


def _tensorrt_plan(path: Path, head: bytes, size: int) -> Artifact | None:
    if head.startswith(TENSORRT_MAGIC):
        sidecar = path.with_suffix(".json")
        if not _is_json_object(sidecar):
            raise ModelFormatError(
                f"{path.name} is a TensorRT engine without its sidecar {sidecar.name}, which records "
                "the TensorRT version and GPU it was built for.",
                "An engine runs only where it was built: build it on this device with "
                "'edgestudio models convert', or copy its sidecar beside it.",
            )
        return Artifact.of(path, (path, sidecar), FORMAT_TENSORRT_PLAN)
    # Ultralytics engines: 4-byte little-endian length, JSON metadata, then the plan.
    if len(head) < 8:
        return None
    length = struct.unpack_from("<I", head)[0]
    if not 2 <= length < min(size, 1 << 20) or head[4:5] != b"{":
        return None
    with path.open("rb") as handle:
        handle.seek(4)
        metadata = handle.read(length)
        magic = handle.read(len(TENSORRT_MAGIC))
    if magic != TENSORRT_MAGIC or not _parses_as_object(metadata):
        return None
    return Artifact.of(path, (path,), FORMAT_TENSORRT_PLAN)


def _is_json_object(path: Path) -> bool:
    try:
        return path.is_file() and _parses_as_object(path.read_bytes())
    except OSError:
        return False


def _parses_as_object(data: bytes) -> bool:
    try:
        return isinstance(json.loads(data), dict)
    except ValueError:
        return False


def _read_varint(handle: BinaryIO) -> int | None:
    """One protobuf varint from ``handle``; None when malformed or at the end of the file."""
    result = 0
    for shift in range(0, 64, 7):
        byte = handle.read(1)
        if not byte:
            return None
        result |= (byte[0] & 0x7F) << shift
        if not byte[0] & 0x80:
            return result
    return None


def _is_onnx(path: Path, size: int) -> bool:
    """Walk the top-level fields of a protobuf ModelProto to the end of the file: each must be
    a ModelProto field with its wire type, and ir_version and the graph must be present."""
    seen: set[int] = set()
    try:
        with path.open("rb") as handle:
            for _ in range(ONNX_MAX_FIELDS):
                if handle.tell() == size:
                    return ONNX_IR_VERSION in seen and ONNX_GRAPH in seen
                tag = _read_varint(handle)
                if tag is None or ONNX_MODEL_FIELDS.get(tag >> 3) != tag & 7:
                    return False
                field = tag >> 3
                if tag & 7 == 0:
                    value = _read_varint(handle)
                    if value is None or (field == ONNX_IR_VERSION and not 1 <= value <= 100):
                        return False
                else:
                    length = _read_varint(handle)
                    if length is None or handle.tell() + length > size:
                        return False
                    handle.seek(length, 1)
                seen.add(field)
    except OSError:
        return False
    return False


# --- what a file is when it is not a model -------------------------------------------------


def _known_model_label(path: Path, head: bytes, size: int) -> str:
    try:
        artifact = _sniff_file(path, head, size)
    except ModelFormatError:
        return ""
    return f"a {artifact.label} model" if artifact is not None else ""


def _describe_other(path: Path, head: bytes, size: int) -> str:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _describe_zip(path)
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return "a Python pickle (an older PyTorch checkpoint, .pt or .pth)"
    if head[:4] == b"RIFF":
        return "a WAV audio file" if head[8:12] == b"WAVE" else "a RIFF media file"
    if head[4:8] == b"ftyp":
        return "a video or audio file (MP4/MOV)"
    if head[:4] == b"\x1aE\xdf\xa3":
        return "a video file (Matroska/WebM)"
    for magic, description, _hint in _MAGIC_DESCRIPTIONS:
        if head.startswith(magic):
            return description
    if len(head) > 262 and head[257:262] == b"ustar":
        return "a tar archive"
    if _is_safetensors(head, size):
        return "a safetensors weights file (weights without the network)"
    if XML_START.match(head):
        return "an XML file, but not an OpenVINO IR (its root element is not <net>)"
    text = _as_text(head)
    if text is not None:
        if _looks_like_json(text, size):
            return "a JSON file"
        return "a text file"
    return "data of a kind EdgeStudio does not recognise"


def _describe_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        if _first_zip_entry(_head_of(path) or b"").endswith("/" + TORCH_PICKLE):
            return "a PyTorch checkpoint (.pt) that is truncated or damaged"
        return "a ZIP archive that cannot be opened"
    if any(n.endswith("data.pkl") for n in names):
        return "a PyTorch checkpoint (.pt)"
    if any(n.endswith("saved_model.pb") for n in names):
        return "a ZIP archive holding a TensorFlow SavedModel"
    if "model.weights.h5" in names:
        return "a Keras model (.keras)"
    return "a ZIP archive"


def _is_safetensors(head: bytes, size: int) -> bool:
    if len(head) < 10:
        return False
    header_len = struct.unpack_from("<Q", head)[0]
    return 2 <= header_len < size and head[8:10] == b'{"'


def _looks_like_json(text: str, size: int) -> bool:
    stripped = text.lstrip()
    if size <= HEAD_BYTES:
        try:
            json.loads(text)
            return True
        except ValueError:
            return False
    return stripped.startswith("{") or re.match(r"\[\s*[\[{\"\d\]]", stripped) is not None


def _as_text(head: bytes) -> str | None:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # a multi-byte character may be cut at the end of the sample
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return text if text and printable / len(text) > 0.95 else None


def _hint_for(path: Path, head: bytes) -> str:
    description = _describe_other(path, head, path.stat().st_size)
    if "truncated" in description:
        return DAMAGED_CHECKPOINT_HINT
    if "PyTorch checkpoint (.pt)" in description:
        return PYTORCH_HINT.format(path=path)
    if "PyTorch" in description or "safetensors" in description:
        return EXPORT_HINT + " A chat model converts to GGUF with llama.cpp's convert_hf_to_gguf.py."
    for magic, _description, hint in _MAGIC_DESCRIPTIONS:
        if hint and head.startswith(magic):
            return hint
    if "ZIP" in description or "tar" in description:
        return "Unpack it and choose the model inside."
    if path.suffix.lower() in (".onnx", ".xml", ".param", ".tflite", ".engine", ".plan", ".gguf"):
        return (
            f"Its name ends in {path.suffix}, but its content is not that format: it may be damaged "
            "or incomplete. Copy or download it again."
        )
    return KNOWN_FORMATS_HINT
