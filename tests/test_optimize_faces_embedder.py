"""The face embedder's optimizer (``optimize faceres --task faces``) with the real FaceRes, the
real packaged face photos (nine people), real OpenVINO and NNCF builds, the TAR-at-FAR gate,
and a real deploy that the Faces recognizer's loader follows, then a rollback.

Small benchmark for speed; no test assumes a speed-up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from edgestudio.core.deployments import Deployments
from edgestudio.core.messages import Text
from edgestudio.optimize.deploy import deploy, rollback
from edgestudio.optimize.gate_embed import judge_embeddings
from edgestudio.optimize.planners import PlanOptions, planner_for
from edgestudio.optimize.run import app_paths, make_context, resolve_source, run_plan
from edgestudio.tasks.faces.embedder import load_embedder
from edgestudio.tasks.faces.faceres import FaceResEmbedder, align
from edgestudio.tasks.faces.recognize import build_face_recognizer
from tests import face_media

NNCF = "openvino-nncf-int8-cpu"


class Events:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []

    def emit(self, event: str, **fields: object) -> None:
        self.events.append((event, dict(fields)))


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_tar_at_far_gate_passes_agreeing_embeddings_and_fails_drifted_ones() -> None:
    rng = np.random.default_rng(0)
    centres = unit(rng.normal(size=(8, 64)))
    people = [f"p{i}" for i in range(8) for _ in range(5)]
    reference = unit(np.repeat(centres, 5, axis=0) + 0.05 * rng.normal(size=(40, 64)))
    close = unit(reference + 0.01 * rng.normal(size=reference.shape))
    outcome = judge_embeddings(reference, close, people, 0.74)
    metrics = outcome.gate.metrics
    assert outcome.gate.passed, outcome.gate.reason
    assert metrics["genuine_pairs"] == 80 and metrics["impostor_pairs"] == 700
    assert metrics["far"] == 0.01 and metrics["tar"] == 1.0
    assert 0.9 < metrics["tar_ci_low"] < 0.99  # 80 pairs all accepted cannot rule out a few points lost
    assert metrics["genuine_max"] < outcome.threshold < metrics["impostor_min"]  # re-fitted between
    assert isinstance(outcome.gate.evidence, Text) and "80 genuine" in str(outcome.gate.evidence)
    drifted = unit(rng.normal(size=reference.shape))  # embeddings no longer like the original's
    verdict = judge_embeddings(reference, drifted, people, 0.74).gate
    assert not verdict.passed and verdict.metrics["tar"] < 0.5 and "differ" in str(verdict.reason)
    few = judge_embeddings(reference[:4], close[:4], ["a", "a", "b", "b"], 0.74).gate
    assert few.metrics["far"] == 0.25  # 4 impostor pairs: the smallest FAR they can measure
    assert "Little evidence" in str(few.evidence)
    assert not judge_embeddings(reference[:3], close[:3], ["a", "b", "c"], 0.74).gate.passed  # no genuine


def test_embedder_candidates_are_built_gated_and_the_deployed_one_is_what_recognition_loads(
    tmp_path: Path,
) -> None:
    ctx = make_context(str(tmp_path))
    source = resolve_source(ctx, "faceres", "faces", str(tmp_path))
    assert source.id == "faceres" and source.task == "face-embedding"
    listed = {c.id: c for c in planner_for("faces").candidates(ctx, source, ctx.registry.hardware())}
    assert listed["onnxruntime-fp32-cpu"].baseline and listed[NNCF].recipe["kind"] == "nncf"
    ir = next(c.id for c in listed.values() if c.recipe["kind"] == "openvino-ir" and c.available)
    assert {c.task for c in listed.values()} == {"face-embedding"}
    options = PlanOptions(calibration_count=16, benchmark_rounds=2, only=(ir, NNCF))
    report = run_plan(ctx, "faces", source, options, Events())
    document = json.loads(json.dumps(report.to_dict()))
    results = {r["candidate"]["id"]: r for r in document["results"]}
    for cid in (ir, NNCF):
        result = results[cid]
        assert result["status"] == "passed", result["message"]
        metrics = result["gate"]["metrics"]
        assert metrics["far"] == 0.01 and metrics["tar"] >= metrics["tar_original"] - 0.01
        assert metrics["genuine_pairs"] >= 50 and metrics["impostor_pairs"] >= 500 and metrics["people"] == 9
        assert metrics["tar_ci_low"] <= metrics["tar"] <= metrics["tar_ci_high"]
        assert result["gate"]["evidence"] and result["settings"]["threshold"] == metrics["threshold"]
        assert result["speed"]["latency_p50_ms"] > 0 and result["speed"]["throughput_unit"] == "embeddings/s"
    assert report.pick in (ir, NNCF, "onnxruntime-fp32-cpu") and report.pick_reason

    paths = app_paths(str(tmp_path))
    deployments = Deployments.in_data_dir(paths.data_dir)
    int8 = next(r for r in report.results if r.candidate.id == NNCF)
    deploy(ctx.models, deployments, int8, source)
    original = load_embedder(ctx.registry, "faceres", paths.models_dir, use_deployed=False)
    deployed = load_embedder(ctx.registry, "faceres", paths.models_dir)
    try:
        assert isinstance(deployed, FaceResEmbedder) and isinstance(original, FaceResEmbedder)
        assert deployed.deployment == NNCF and deployed.backend == "openvino"
        assert deployed.threshold == pytest.approx(int8.settings["threshold"])
        image = face_media.grace()
        faces = _faces(ctx, paths.models_dir, image)
        chip = align(image, faces[0])
        # a probe by the deployed INT8 embedder matches the original's template of the same face
        distance = float(np.linalg.norm(deployed.embed_chip(chip) - original.embed_chip(chip)))
        assert distance < deployed.threshold
    finally:
        original.close()
        deployed.close()
    recognizer = build_face_recognizer(ctx.registry, paths.models_dir, embedder_id="faceres")
    try:
        assert recognizer.info.details["face_embedder_deployment"] == NNCF
    finally:
        recognizer.close()
    rollback(deployments, "face-embedding")
    restored = load_embedder(ctx.registry, "faceres", paths.models_dir)
    try:
        assert isinstance(restored, FaceResEmbedder) and restored.deployment == ""
    finally:
        restored.close()


def _faces(ctx: Any, models_dir: Path, image: np.ndarray) -> list[Any]:
    from edgestudio.tasks.faces.detector import load_face_detector

    detector = load_face_detector(ctx.registry, models_dir, use_deployed=False)
    try:
        return list(detector.detect(image))
    finally:
        detector.runner.close()


def test_the_wizard_offers_faceres_for_faces_and_deploys_to_the_recognizer(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.ui.optimize_pages.results_page import metrics_text
    from edgestudio.ui.optimize_wizard import OptimizeWizard

    wizard = OptimizeWizard(ctx, "faces")
    qtbot.addWidget(wizard)
    page = wizard.model_page
    index = page.model.findData("faceres")
    assert page.model.itemData(0) == "centerface" and index > 0
    page.model.setCurrentIndex(index)
    assert wizard.state.model_id == "faceres" and wizard.state.deploy_task == "face-embedding"
    page.model.setCurrentIndex(0)
    assert wizard.state.deploy_task == "faces"  # CenterFace deploys to the face detector
    rng = np.random.default_rng(1)
    reference = unit(np.repeat(np.eye(3, 16), 2, axis=0) + 0.05 * rng.normal(size=(6, 16)))
    gate = judge_embeddings(reference, reference, ["a", "a", "b", "b", "c", "c"], 0.74).gate
    from edgestudio.optimize.types import Candidate, CandidateResult

    label = "OpenVINO IR FP32, CPU"
    candidate = Candidate("openvino-fp32-cpu", "face-embedding", label, "openvino", "CPU", "openvino-ir", "")
    assert metrics_text(CandidateResult(candidate, "passed", gate=gate)) == "TAR 1.000"


def test_the_faces_tab_session_follows_the_deployed_recognizer(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.core.deployments import Deployment
    from edgestudio.ui.faces_tab import FacesTab

    deployed = ctx.deployments.push(
        Deployment("face-embedding", "faceres-int8", "/nowhere.xml", "openvino-ir", "INT8", NNCF, "faceres")
    )
    tab = FacesTab(ctx)  # opened after the deploy: its recognizer's key names the deployed embedder
    qtbot.addWidget(tab)
    key = tab._session_key()
    assert ("face-embedding", "faceres-int8", NNCF, deployed.deployed_at) in key[-1]
    unsubscribe = ctx.deployments.subscribe(tab.apply_deployment)  # as the main window hands changes on
    try:
        rollback(ctx.deployments, "face-embedding")
        assert tab._session_key()[-1] == () and tab._deployed["face-embedding"] is None
    finally:
        unsubscribe()
