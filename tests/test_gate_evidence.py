"""Every detection gate verdict says how much evidence it had (issue 19, item 8): the number
of objects the original found, on how many pictures and photos, and a 95 % interval by
bootstrap over the photos; below 50 objects a warning that suggests more photos from the
site. In the JSON (with its template) and in Chinese."""

from __future__ import annotations

import json

import numpy as np

from edgestudio.core.types import Detection
from edgestudio.optimize.gate_detect import judge
from edgestudio.optimize.gate_evidence import MIN_REFERENCES, bootstrap_interval
from edgestudio.optimize.types import GateResult
from edgestudio.ui import i18n
from tests.test_i18n import chinese, compiled_translations  # noqa: F401 - fixtures


def boxes(count: int, score: float = 0.9, shift: float = 0.0) -> list[Detection]:
    return [
        Detection((10.0 + 60 * i + shift, 10.0, 50.0 + 60 * i + shift, 50.0), score, 0, "person")
        for i in range(count)
    ]


def test_seven_objects_on_eight_pictures_warn_that_the_verdict_cannot_tell() -> None:
    """The case of the issue: 'mAP@0.5 1.000' on 7 boxes."""
    reference = [boxes(1) for _ in range(7)] + [[]]
    candidate = [boxes(1) for _ in range(6)] + [boxes(1, shift=30.0), []]  # one box moved away
    gate = judge(reference, candidate, 0.4).gate
    assert gate.metrics["reference_detections"] == 7 and gate.metrics["validation_pictures"] == 8
    low, high = gate.metrics["map50_ci_low"], gate.metrics["map50_ci_high"]
    assert low < gate.metrics["map50"] <= high and high - low > 0.1, (low, high)
    assert gate.evidence.startswith("Little evidence: the original found only 7 objects on 8 pictures")
    assert f"at least {MIN_REFERENCES} objects" in gate.evidence and "photos from the site" in gate.evidence


def test_enough_objects_give_the_evidence_and_a_narrow_interval() -> None:
    reference = [boxes(3) for _ in range(20)]
    gate = judge(reference, reference, 0.4).gate
    assert gate.evidence.startswith("Evidence: 60 objects found by the original on 20 pictures")
    assert gate.metrics["map50_ci_low"] == gate.metrics["map50_ci_high"] == 1.0
    assert "Little evidence" not in gate.evidence


def test_views_of_one_photo_are_not_counted_as_more_photos() -> None:
    reference = [boxes(3) for _ in range(24)]
    sources = [f"photo{i // 3}" for i in range(24)]  # 8 photos, three views each
    gate = judge(reference, reference, 0.4, sources=sources).gate
    assert gate.metrics["validation_photos"] == 8
    assert "24 pictures made from 8 photos (crops, flips and scales of the same photos)" in gate.evidence


def test_the_interval_resamples_whole_photos() -> None:
    values = np.array([1.0] * 10 + [0.0] * 10)  # two photos of ten views each, or twenty photos
    together = bootstrap_interval([list(range(10)), list(range(10, 20))], lambda i: float(values[i].mean()))
    apart = bootstrap_interval([[i] for i in range(20)], lambda i: float(values[i].mean()))
    assert together == (0.0, 1.0) and 0.2 < apart[0] < 0.5 < apart[1] < 0.8, (together, apart)


def test_the_evidence_travels_in_the_json_and_speaks_chinese(chinese) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    gate = judge([boxes(1) for _ in range(7)], [boxes(1) for _ in range(7)], 0.4).gate
    data = json.loads(json.dumps(gate.to_dict()))
    assert data["evidence_text"]["params"]["references"] == 7 and data["metrics"]["map50_ci_high"] == 1.0
    back = GateResult.from_dict(data)
    shown = i18n.tr_message(back.evidence)
    assert shown.startswith("证据不足：原始模型在 7 张图片上只找到 7 个目标"), shown
    assert "请添加现场的照片" in shown


def test_the_face_gate_reports_its_evidence_too() -> None:
    from edgestudio.optimize.gate_faces import judge_faces

    reference = [boxes(2) for _ in range(10)]
    candidate = [boxes(2) for _ in range(9)] + [boxes(1)]  # one face of twenty lost
    gate = judge_faces(reference, candidate, 0.4).gate
    assert (
        gate.metrics["recall"] == 0.95
        and gate.metrics["recall_ci_low"] < 0.95 <= gate.metrics["recall_ci_high"]
    )
    assert gate.evidence.startswith("Little evidence: the original found only 20 objects on 10 pictures")
