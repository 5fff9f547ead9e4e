"""Layout recognition from tensors/metadata, decoding, NMS and the letterbox transform."""

from __future__ import annotations

import numpy as np
import pytest

from edgestudio.core.errors import ModelFormatError
from edgestudio.core.types import ModelIO, TensorInfo
from edgestudio.tasks.detection.decode import decode_detections, decode_yolov5, decode_yolov8, nms
from edgestudio.tasks.detection.labels import COCO80, parse_names
from edgestudio.tasks.detection.preprocess import preprocess
from edgestudio.tasks.detection.spec import DetectionSpec, Layout, infer_spec


def io(inp: tuple, *outs: tuple, custom: dict | None = None, name: str = "images") -> ModelIO:
    return ModelIO(
        (TensorInfo(name, inp, "tensor(float)"),),
        tuple(TensorInfo(n, s, "tensor(float)") for n, s in outs),
        custom or {},
    )


def test_yolov8_layout_from_shapes_and_ultralytics_metadata() -> None:
    spec = infer_spec(
        io(
            (1, 3, 640, 640),
            ("output0", (1, 6, 8400)),
            custom={"names": "{0: 'Normal', 1: 'Fall'}", "imgsz": "[640, 640]"},
        )
    )
    assert spec.layout is Layout.YOLOV8
    assert spec.labels == ("Normal", "Fall")
    assert (spec.input_width, spec.input_height, spec.channels_first) == (640, 640, True)
    assert spec.resize == "letterbox" and spec.scale == pytest.approx(1 / 255)


def test_yolov5_layout_and_coco_default_names() -> None:
    spec = infer_spec(io((1, 3, 640, 640), ("output", (1, 25200, 85))))
    assert spec.layout is Layout.YOLOV5
    assert spec.labels == COCO80


def test_transposed_yolov8_recognised_by_class_count() -> None:
    spec = infer_spec(
        io((1, 3, 640, 640), ("out", (1, 8400, 84)), custom={"names": str(dict(enumerate(COCO80)))})
    )
    assert spec.layout is Layout.YOLOV8 and not spec.anchors_last
    out = np.zeros((1, 8400, 84), np.float32)
    out[0, 7, :4] = [320, 320, 64, 32]
    out[0, 7, 4 + 5] = 0.8
    boxes, _, classes = decode_yolov8(out, 0.5, anchors_last=False)
    assert boxes.tolist() == [[288, 304, 352, 336]] and classes.tolist() == [5]


def test_centernet_style_output_and_nhwc_input() -> None:
    spec = infer_spec(
        io(
            (1, 512, 512, 3),
            ("tower_0/wh", (1, 128, 128, 4)),
            ("tower_0/detections", (1, 100, 6)),
            name="tower_0/images:0",
        )
    )
    assert spec.layout is Layout.DETECTIONS
    assert spec.output_name == "tower_0/detections"
    assert not spec.channels_first and spec.resize == "stretch" and spec.scale == 1.0


def test_dynamic_input_size_comes_from_metadata() -> None:
    spec = infer_spec(io((1, 3, None, None), ("output0", (1, 84, None)), custom={"imgsz": "[480, 480]"}))
    assert (spec.input_width, spec.input_height) == (480, 480)


@pytest.mark.parametrize(
    "model_io",
    [
        io((1, 3, 224, 224), ("embedding", (1, 1024))),
        io((1, 3, 224, 224), ("logits", (1, 1000))),
        io((1, 1, 28, 28), ("out", (1, 84, 8400))),
    ],
)
def test_non_detection_models_are_refused_with_a_reason(model_io: ModelIO) -> None:
    with pytest.raises(ModelFormatError) as info:
        infer_spec(model_io)
    assert info.value.message


def test_parse_names_formats() -> None:
    assert parse_names("{0: 'a', 1: 'b'}") == ("a", "b")
    assert parse_names('["x", "y"]') == ("x", "y")
    assert parse_names("{1: 'gap'}") is None
    assert parse_names("not names") is None


def test_decode_yolov8_picks_best_class_and_converts_boxes() -> None:
    out = np.zeros((1, 4 + 3, 5), np.float32)
    out[0, :4, 2] = [100, 50, 40, 20]  # cx, cy, w, h
    out[0, 4 + 2, 2] = 0.9
    out[0, 4 + 0, 4] = 0.2  # below threshold
    boxes, scores, classes = decode_yolov8(out, 0.25)
    assert boxes.tolist() == [[80, 40, 120, 60]]
    assert scores.tolist() == pytest.approx([0.9]) and classes.tolist() == [2]


def test_decode_yolov5_multiplies_objectness() -> None:
    out = np.zeros((1, 3, 5 + 2), np.float32)
    out[0, 0] = [10, 10, 4, 4, 0.9, 0.1, 0.8]
    out[0, 1] = [20, 20, 4, 4, 0.3, 0.9, 0.0]  # 0.27 after objectness
    _, scores, classes = decode_yolov5(out, 0.5)
    assert classes.tolist() == [1] and scores.tolist() == pytest.approx([0.72])


def test_decode_detections_scales_normalised_coordinates() -> None:
    out = np.array([[[0.1, 0.2, 0.5, 0.6, 0.8, 3]]], np.float32)
    boxes, _, classes = decode_detections(out, 0.5, 200, 100)
    assert boxes.tolist() == [pytest.approx([20, 20, 100, 60])]
    assert classes.tolist() == [3]


def test_nms_is_class_aware() -> None:
    boxes = np.array([[0, 0, 10, 10], [1, 0, 11, 10], [0, 0, 10, 10]], np.float32)
    scores = np.array([0.9, 0.8, 0.7], np.float32)
    classes = np.array([0, 0, 1])
    kept = nms(boxes, scores, classes, 0.5)
    assert kept.tolist() == [0, 2]


def test_letterbox_round_trip_maps_boxes_back_to_the_frame() -> None:
    spec = DetectionSpec(Layout.YOLOV8, "images", "out", 640, 640)
    frame = np.zeros((480, 1280, 3), np.uint8)
    tensor, transform = preprocess(frame, spec)
    assert tensor.shape == (1, 3, 640, 640) and tensor.dtype == np.float32
    # The frame is scaled by 0.5 (to 640x240) and centred with 200 px of padding on top.
    mapped = transform.to_frame(np.array([[0, 200, 640, 440]], np.float32))
    assert mapped.tolist() == [pytest.approx([0, 0, 1280, 480])]
    assert transform.to_frame(np.array([[-20, 0, 700, 700]], np.float32)).tolist() == [
        pytest.approx([0, 0, 1280, 480])
    ]
