"""The wizard's speed-against-accuracy plot never prints a label over another label or a
point: candidates at one spot share a label, a crowded plot moves labels or falls back to a
numbered legend (issue 21, point 5). The real widget, painted offscreen."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import QPointF, QRectF, QSizeF

from edgestudio.optimize.types import Candidate, CandidateResult, GateResult, SpeedResult
from edgestudio.ui.widgets.label_layout import group_points, place_labels
from edgestudio.ui.widgets.optimize_plots import SpeedAccuracyPlot, short_name


def result(
    precision: str, backend: str, speedup: float, map50: float, baseline: bool = False
) -> CandidateResult:
    cid = f"{backend}-{precision}"
    candidate = Candidate(cid, "detection", cid, backend, "CPU", "onnx", precision, baseline=baseline)
    gate = GateResult(True, {"map50": map50}, {"map50": 0.97}, "passed")
    speed = SpeedResult(10.0 / speedup, 12.0 / speedup, 100.0 * speedup, "frames/s", speedup)
    return CandidateResult(candidate, "passed", "", "", gate, speed)


def painted(qtbot, results: list[CandidateResult], size: tuple[int, int]) -> SpeedAccuracyPlot:  # type: ignore[no-untyped-def]
    plot = SpeedAccuracyPlot()
    qtbot.addWidget(plot)
    plot.resize(*size)
    plot.set_results(results, results[-1].candidate.id)
    plot.grab()  # paints
    return plot


def assert_no_overlap(plot: SpeedAccuracyPlot) -> None:
    boxes = plot.label_boxes
    assert boxes, "no label was drawn"
    for a, b in combinations(boxes, 2):
        assert not a.intersects(b), f"labels overlap: {a} and {b}"
    frame = QRectF(plot.rect())
    assert all(frame.contains(box) for box in boxes)


def test_equally_fast_candidates_share_one_label_instead_of_printing_over_each_other(qtbot) -> None:  # type: ignore[no-untyped-def]
    results = [
        result("fp32", "onnxruntime", 1.0, 1.0, baseline=True),
        result("bf16", "openvino", 1.56, 0.986),
        result("int8", "openvino", 1.56, 0.986),
        result("fp16", "openvino", 1.56, 1.0),
    ]
    plot = painted(qtbot, results, (420, 240))
    assert_no_overlap(plot)
    assert not plot.legend
    assert len(plot.label_boxes) == 3  # the two identical candidates read as one label of two lines


def test_a_crowded_corner_keeps_every_label_apart(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Seven candidates within 2 % of each other at the lowest accuracy, in the smallest plot:
    the old layout stacked labels downwards and gave up at the widget's edge, on top of each
    other."""
    names = [("int8", "openvino"), ("bf16", "openvino"), ("fp16", "openvino"), ("int8", "onnxruntime"),
             ("fp16", "onnxruntime"), ("int8", "ncnn"), ("fp16", "ncnn")]  # fmt: skip
    results = [result("fp32", "onnxruntime", 1.0, 1.0, baseline=True)]
    results += [result(p, b, 1.5 + 0.01 * i, 0.90 + 0.001 * i) for i, (p, b) in enumerate(names)]
    plot = painted(qtbot, results, (320, 200))
    if plot.legend:  # no room beside the points: numbered points and a legend with every name
        assert sorted(line.split("  ", 1)[1] for line in plot.legend) == sorted(
            short_name(r) for r in results
        )
    assert_no_overlap(plot)


def test_placement_avoids_labels_and_points_or_says_there_is_no_room() -> None:
    points = [QPointF(100, 100), QPointF(101, 100), QPointF(140, 100)]
    groups = group_points(points, 6)
    assert [g.members for g in groups] == [(0, 1), (2,)]
    bounds = QRectF(0, 0, 300, 200)
    boxes = place_labels([g.extent for g in groups], [QSizeF(60, 28), QSizeF(60, 14)], bounds, points, 6, 7)
    assert boxes is not None
    assert not boxes[0].intersects(boxes[1])
    markers = [QRectF(p.x() - 6, p.y() - 6, 12, 12) for p in points]
    assert not any(box.intersects(m) for box in boxes for m in markers)
    assert place_labels([QRectF(4, 4, 12, 12)], [QSizeF(400, 14)], bounds, [QPointF(10, 10)], 6, 7) is None


def test_no_room_beside_the_points_numbers_them_and_lists_every_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    names = [
        (p, b) for b in ("openvino", "onnxruntime", "ncnn", "tensorrt") for p in ("int8", "fp16", "bf16")
    ]
    results = [result("fp32", "onnxruntime", 1.0, 1.0, baseline=True)]
    results += [result(p, b, 1.2 + 0.1 * (i % 4), 0.90 + 0.03 * (i // 4)) for i, (p, b) in enumerate(names)]
    plot = painted(qtbot, results, (320, 200))
    assert len(plot.legend) == len(results)
    assert sorted(line.split("  ", 1)[1] for line in plot.legend) == sorted(short_name(r) for r in results)
    assert_no_overlap(plot)
