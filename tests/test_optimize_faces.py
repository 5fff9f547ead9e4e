"""The face detection optimizer (``--task faces``) with the real CenterFace, real photos with
faces, real runtimes, and a real deploy and rollback that the Faces task's loader follows.

Small sets for speed; no test assumes a speed-up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from edgestudio.core.deployments import Deployments
from edgestudio.core.hardware import probe_hardware
from edgestudio.core.types import Detection
from edgestudio.optimize.deploy import deploy, rollback
from edgestudio.optimize.gate_faces import judge_faces
from edgestudio.optimize.planners import PlanOptions, planner_for
from edgestudio.optimize.run import app_paths, make_context, resolve_source, run_plan
from edgestudio.tasks.faces.detector import load_face_detector
from tests import face_media

IR_FP32 = "openvino-fp32-f32-cpu"


class Events:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []

    def emit(self, event: str, **fields: object) -> None:
        self.events.append((event, dict(fields)))


def face(x: float, score: float) -> Detection:
    return Detection((x, 10.0, x + 40.0, 60.0), score, 0, "face")


def test_gate_refits_the_threshold_and_holds_recall_within_one_point() -> None:
    reference = [[face(100.0 * i, 0.9) for i in range(10)]]
    lowered = [[face(100.0 * i, 0.42) for i in range(10)]]  # INT8-like: every score lower
    outcome = judge_faces(reference, lowered, 0.5)
    assert outcome.gate.passed, outcome.gate.reason
    assert outcome.threshold <= 0.42 and outcome.gate.metrics["recall_at_original_threshold"] == 0.0
    missing = [[face(100.0 * i, 0.9) for i in range(9)]]  # one face of ten lost: 10 points
    verdict = judge_faces(reference, missing, 0.5).gate
    assert not verdict.passed and verdict.metrics["recall"] == 0.9
    noisy = [[*reference[0], *(face(2000.0 + 50 * i, 0.9) for i in range(3))]]  # three false faces
    assert not judge_faces(reference, noisy, 0.5).gate.passed
    assert not judge_faces([[]], [[]], 0.5).gate.passed  # nothing to judge against


def test_candidates_cover_the_detector_forms_and_say_what_is_not_converted(tmp_path: Path) -> None:
    ctx = make_context(str(tmp_path))
    source = resolve_source(ctx, "", "faces", str(tmp_path))
    assert source.id == "centerface" and source.format == "onnx"
    found = {c.id: c for c in planner_for("faces").candidates(ctx, source, ctx.registry.hardware())}
    assert {c.task for c in found.values()} == {"faces"}
    assert found["onnxruntime-fp32-cpu"].baseline and found["onnxruntime-int8-cpu"].available
    assert found["openvino-nncf-int8-cpu"].recipe["kind"] == "nncf"
    assert not found["ncnn-fp32-cpu"].available and "fixed input size" in found["ncnn-fp32-cpu"].reason
    assert not found["tensorrt-fp16-cuda"].available and found["tensorrt-fp16-cuda"].reason
    embedder = found["face-embedder"]
    assert not embedder.available and "TAR" in embedder.reason and "faceres" in embedder.install_hint


def test_plan_gates_on_faces_then_deploy_is_used_and_rollback_restores_centerface(tmp_path: Path) -> None:
    ctx = make_context(str(tmp_path))
    source = resolve_source(ctx, "centerface", "faces", str(tmp_path))
    listed = {c.id for c in planner_for("faces").candidates(ctx, source, probe_hardware())}
    # an IR that infers in FP32: forced where the CPU would otherwise run it in BF16
    ir_fp32 = IR_FP32 if IR_FP32 in listed else "openvino-fp32-cpu"
    options = PlanOptions(calibration_count=4, validation_count=6, benchmark_rounds=2, only=(ir_fp32,))
    events = Events()
    report = run_plan(ctx, "faces", source, options, events)
    results = {r.candidate.id: r for r in report.results}
    ir = results[ir_fp32]
    assert ir.status == "passed", ir.message
    assert ir.gate is not None and ir.gate.metrics["reference_faces"] >= 6
    assert ir.speed is not None and ir.speed.latency_p50_ms > 0
    assert report.data["validation"]["sources"][0]["name"] == "group-t1"  # photos with faces
    assert any(name == "stage" for name, _ in events.events)

    paths = app_paths(str(tmp_path))
    deployments = Deployments.in_data_dir(paths.data_dir)
    deploy(ctx.models, deployments, ir, source)
    group = face_media.group()
    original = load_face_detector(ctx.registry, paths.models_dir, use_deployed=False)
    deployed = load_face_detector(ctx.registry, paths.models_dir)
    try:
        assert deployed.deployment == ir_fp32 and deployed.backend == "openvino"
        assert deployed.threshold == pytest.approx(ir.settings["confidence"])
        want, got = original.detect(group), deployed.detect(group)
        assert len(got) == len(want) >= 6
        for a, b in zip(want, got, strict=True):
            assert abs(a.box[0] - b.box[0]) < 4 and abs(a.box[1] - b.box[1]) < 4
    finally:
        original.close()
        deployed.close()
    rollback(deployments, "faces")
    restored = load_face_detector(ctx.registry, paths.models_dir)
    try:
        assert restored.deployment == "" and restored.runner.metadata.inputs[0].name
        assert restored.backend == ctx.registry.choose("face-detection", "onnx").backend.id
    finally:
        restored.close()


def test_nncf_int8_face_detector_builds_runs_and_is_judged(tmp_path: Path) -> None:
    """It used to fail to run: the planner warmed it up on a 1x1 picture (the dynamic axes
    filled with 1), which the INT8 OpenVINO graph refuses. Now it warms up on a camera-sized
    blank frame and is judged like any candidate."""
    ctx = make_context(str(tmp_path))
    source = resolve_source(ctx, "centerface", "faces", str(tmp_path))
    nncf = "openvino-nncf-int8-cpu"
    options = PlanOptions(calibration_count=6, validation_count=6, benchmark_rounds=2, only=(nncf,))
    report = run_plan(ctx, "faces", source, options, Events())
    result = {r.candidate.id: r for r in report.results}[nncf]
    assert result.status in ("passed", "failed-gate"), result.message
    assert result.gate is not None and result.gate.metrics["reference_faces"] >= 6
    assert result.speed is not None and result.speed.latency_p50_ms > 0
