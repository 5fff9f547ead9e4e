"""Recognise a detection model's layout from its tensors and metadata, never its file name."""

from __future__ import annotations

import ast
import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from edgestudio.core.errors import ModelFormatError
from edgestudio.core.types import ModelIO, TensorInfo
from edgestudio.tasks.detection.labels import COCO80, parse_names


class Layout(str, enum.Enum):
    YOLOV8 = "yolov8"  # [1, 4+nc, anchors]: cx, cy, w, h, class scores (YOLOv8/11)
    YOLOV5 = "yolov5"  # [1, anchors, 5+nc]: cx, cy, w, h, objectness, class scores
    DETECTIONS = "detections"  # [1, n, 6]: x1, y1, x2, y2, score, class (CenterNet, NMS exports)
    # CenterNet's raw heads, for runtimes that cannot run its decoding tail (ncnn): a class
    # heatmap [1, H, W, C] (sigmoid) and box sides [1, H, W, 4] (left, top, right, bottom
    # distances in input pixels), one cell per ``stride`` input pixels.
    CENTERNET = "centernet"


@dataclass(frozen=True)
class DetectionSpec:
    """Everything needed to pre-process frames for a model and decode its outputs."""

    layout: Layout
    input_name: str
    output_name: str
    input_width: int
    input_height: int
    channels_first: bool = True
    resize: str = "letterbox"  # or "stretch"
    scale: float = 1.0 / 255.0
    rgb: bool = True
    labels: tuple[str, ...] = COCO80
    anchors_last: bool = True  # YOLOv8: [1, 4+nc, anchors]; False for [1, anchors, 4+nc]
    sizes_name: str = ""  # CENTERNET: the box-sides head (``output_name`` is the heatmap)
    stride: int = 4  # CENTERNET: input pixels per heatmap cell

    def label(self, class_id: int) -> str:
        return self.labels[class_id] if 0 <= class_id < len(self.labels) else f"class {class_id}"

    def describe(self) -> dict[str, Any]:
        return {
            "layout": self.layout.value,
            "input": [self.input_width, self.input_height],
            "classes": len(self.labels),
            "resize": self.resize,
        }


def _fmt(tensor: TensorInfo) -> str:
    return f"{tensor.name} {list(tensor.shape)}"


def _input_geometry(tensor: TensorInfo, custom: Mapping[str, str]) -> tuple[bool, int, int]:
    shape = tensor.shape
    if len(shape) != 4:
        raise ModelFormatError(
            f"The model's input {_fmt(tensor)} is not an image batch (4 dimensions expected).",
            "Choose an object detection model (YOLOv5, YOLOv8/11 or CenterNet).",
        )
    if shape[1] == 3:
        channels_first, height, width = True, shape[2], shape[3]
    elif shape[3] == 3:
        channels_first, height, width = False, shape[1], shape[2]
    else:
        raise ModelFormatError(f"The model's input {_fmt(tensor)} does not take 3-channel images.")
    if height is None or width is None:
        height, width = _imgsz_from_metadata(custom)
    return channels_first, int(width), int(height)


def _imgsz_from_metadata(custom: Mapping[str, str]) -> tuple[int, int]:
    raw = custom.get("imgsz")
    if raw:
        try:
            value = ast.literal_eval(raw)
            if isinstance(value, int):
                return value, value
            if isinstance(value, (list, tuple)) and len(value) == 2:
                return int(value[0]), int(value[1])
        except (ValueError, SyntaxError):
            pass
    return 640, 640


def _classify_output(shape: tuple[int | None, ...], names: tuple[str, ...] | None) -> Layout | None:
    if len(shape) != 3:
        return None
    a, b = shape[1], shape[2]
    if b in (6, 7) and (a is None or a <= 1000):
        return Layout.DETECTIONS
    if a is not None and a >= 5 and (b is None or b > a):
        return Layout.YOLOV8
    if b is not None and b >= 6 and (a is None or a > b):
        if names is not None and b == len(names) + 4:
            return Layout.YOLOV8  # transposed export: [1, anchors, 4+nc]
        return Layout.YOLOV5
    return None


def infer_spec(io: ModelIO, hints: Mapping[str, Any] | None = None) -> DetectionSpec:
    """Build the spec from the runtime's view of the model plus sidecar ``hints``.

    ``hints`` (from the model's sidecar JSON) may set layout, resize, scale, color and labels;
    anything not given is recognised from tensor shapes and the file's own metadata.
    Raises ModelFormatError when the model is not a detector EdgeStudio can decode.
    """
    hints = dict(hints or {})
    if len(io.inputs) != 1:
        raise ModelFormatError(
            f"The model has {len(io.inputs)} inputs; a detection model has one image input."
        )
    names = tuple(hints["labels"]) if hints.get("labels") else None
    if names is None and "names" in io.custom:
        names = parse_names(io.custom["names"])
    channels_first, width, height = _input_geometry(io.inputs[0], io.custom)

    layout: Layout | None = Layout(hints["layout"]) if hints.get("layout") else None
    if layout is Layout.CENTERNET:
        return _centernet_spec(io, hints, names, channels_first, width, height)
    output: TensorInfo | None = None
    if layout is not None:
        output = next((o for o in io.outputs if _classify_output(o.shape, names) == layout), None)
    else:
        preferred = sorted(io.outputs, key=lambda o: "detection" not in o.name.lower())
        for candidate in preferred:
            layout = _classify_output(candidate.shape, names)
            if layout is not None:
                output = candidate
                break
    if layout is None or output is None:
        shapes = ", ".join(_fmt(o) for o in io.outputs) or "none"
        raise ModelFormatError(
            f"The model's outputs ({shapes}) match no detection layout EdgeStudio knows.",
            "Supported: YOLOv5, YOLOv8/11 and CenterNet-style exports.",
        )
    is_yolo = layout in (Layout.YOLOV8, Layout.YOLOV5)
    a, b = output.shape[1], output.shape[2]
    anchors_last = not (layout is Layout.YOLOV8 and a is not None and (b is None or a > b))
    spec = DetectionSpec(
        layout=layout,
        input_name=io.inputs[0].name,
        output_name=output.name,
        input_width=width,
        input_height=height,
        channels_first=channels_first,
        resize=str(hints.get("resize", "letterbox" if is_yolo else "stretch")),
        scale=float(hints.get("scale", 1.0 / 255.0 if is_yolo else 1.0)),
        rgb=str(hints.get("color", "RGB")).upper() == "RGB",
        anchors_last=anchors_last,
    )
    if names is None:
        classes = _class_count(layout, output.shape)
        names = COCO80 if classes in (None, 80) else tuple(f"class {i}" for i in range(classes))
    return replace(spec, labels=names)


def _centernet_spec(
    io: ModelIO,
    hints: Mapping[str, Any],
    names: tuple[str, ...] | None,
    channels_first: bool,
    width: int,
    height: int,
) -> DetectionSpec:
    """The spec of a CenterNet whose raw heads are its outputs (``hints["heads"]`` names them)."""
    heads = dict(hints.get("heads") or {})
    by_name = {o.name: o for o in io.outputs}
    heatmap, sizes = by_name.get(str(heads.get("heatmap"))), by_name.get(str(heads.get("sizes")))
    if heatmap is None or sizes is None or len(heatmap.shape) != 4:
        shapes = ", ".join(_fmt(o) for o in io.outputs) or "none"
        raise ModelFormatError(
            f"The model's outputs ({shapes}) are not the CenterNet heads its card names ({heads}).",
            "Convert the model again from its ONNX original.",
        )
    cells = heatmap.shape[1] or 1
    classes = heatmap.shape[3]
    return DetectionSpec(
        layout=Layout.CENTERNET,
        input_name=io.inputs[0].name,
        output_name=heatmap.name,
        input_width=width,
        input_height=height,
        channels_first=channels_first,
        resize=str(hints.get("resize", "stretch")),
        scale=float(hints.get("scale", 1.0)),
        rgb=str(hints.get("color", "RGB")).upper() == "RGB",
        labels=names or (COCO80 if classes in (None, 80) else tuple(f"class {i}" for i in range(classes))),
        sizes_name=sizes.name,
        stride=int(heads.get("stride", height // cells)),
    )


def _class_count(layout: Layout, shape: tuple[int | None, ...]) -> int | None:
    if layout is Layout.YOLOV8 and shape[1] is not None:
        return shape[1] - 4
    if layout is Layout.YOLOV5 and shape[2] is not None:
        return shape[2] - 5
    return None
