"""``models export MODEL --triton DIR`` writes a standard Triton model repository (issue 17,
point 3): every ``config.pbtxt`` parses into Triton's own ``ModelConfig`` protobuf, with the
platform of the model's format, the real tensor names, types and dims read from the model,
and the dynamic batcher only where the model can be batched. Real packaged models, a real
OpenVINO conversion, the real CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import onnxruntime as ort
import pytest

from edgestudio.cli import main
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.paths import resources_dir
from edgestudio.optimize.convert import convert_entry
from edgestudio.serve.triton_repository import BatchingOptions, export_triton_repository, parse_model_config


@pytest.fixture(autouse=True)
def _isolated(ctx) -> None:  # type: ignore[no-untyped-def]
    """Every test gets its own EDGESTUDIO_HOME (the ``ctx`` fixture sets it)."""


def bundled(model_id: str) -> ModelEntry:
    return ModelStore(Path("/nonexistent-user-dir"), resources_dir() / "models").get(model_id)


def test_a_batchable_onnx_model_gets_the_dynamic_batcher_and_its_real_tensors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            ["models", "export", "faceres", "--triton", str(tmp_path / "repo"), "--max-batch", "16", "--json"]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    config = parse_model_config((tmp_path / "repo" / "faceres" / "config.pbtxt").read_text())
    assert config.platform == "onnxruntime_onnx" and config.max_batch_size == 16 and report["batched"]
    assert list(config.dynamic_batching.preferred_batch_size) == [4, 8]
    assert config.dynamic_batching.max_queue_delay_microseconds == 2000
    session = ort.InferenceSession(str(bundled("faceres").path))
    assert [i.name for i in config.input] == [i.name for i in session.get_inputs()]
    assert [o.name for o in config.output] == [o.name for o in session.get_outputs()]
    assert list(config.input[0].dims) == session.get_inputs()[0].shape[1:]  # batch axis left to Triton
    assert config.instance_group[0].kind == config.instance_group[0].KIND_CPU
    assert (tmp_path / "repo" / "faceres" / "1" / "model.onnx").stat().st_size == bundled("faceres").size


def test_a_model_built_for_one_image_is_not_batched_and_says_why(tmp_path: Path) -> None:
    exported = export_triton_repository(bundled("centernet-coco"), tmp_path, BatchingOptions())
    config = parse_model_config(exported.config_text)
    assert config.max_batch_size == 0 and not config.HasField("dynamic_batching") and not exported.batched
    assert "fixed first axis of 1" in exported.note
    assert list(config.input[0].dims) == [1, 512, 512, 3]  # the whole shape, batch included


def test_an_openvino_ir_is_served_by_the_openvino_platform(tmp_path: Path) -> None:
    ir = convert_entry(bundled("centernet-coco"), "openvino", tmp_path / "ir", "fp16")
    entry = ModelEntry(
        "centernet-ov", ir.name, "detection", "openvino-ir", ir.artifact.path, "", 0, files=ir.artifact.files
    )
    exported = export_triton_repository(entry, tmp_path / "repo", BatchingOptions())
    config = parse_model_config(exported.config_text)
    assert config.platform == "openvino"
    version = tmp_path / "repo" / "centernet-ov" / "1"
    assert sorted(p.name for p in version.iterdir()) == ["model.bin", "model.xml"]
    assert [i.name for i in config.input] == ["tower_0/images:0"]


def test_what_triton_cannot_serve_or_where_it_cannot_write_is_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from edgestudio.tasks.chat.models import default_chat_model

    chat = default_chat_model()
    assert chat is not None
    assert main(["models", "export", str(chat.path), "--triton", str(tmp_path / "r")]) != 0
    assert "Triton's standard backends serve ONNX, OpenVINO IR" in capsys.readouterr().err
    repo = tmp_path / "repo"
    assert main(["models", "export", "faceres", "--triton", str(repo)]) == 0
    before = (repo / "faceres" / "config.pbtxt").read_bytes()
    assert main(["models", "export", "faceres", "--triton", str(repo)]) != 0
    assert "already exists; nothing was changed" in capsys.readouterr().err
    assert (repo / "faceres" / "config.pbtxt").read_bytes() == before
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert main(["models", "export", "faceres", "--triton", str(locked)]) != 0
        assert "could not be written" in capsys.readouterr().err
    assert main(["models", "export", "no-such-model", "--triton", str(repo)]) != 0
    with pytest.raises(Exception, match="not valid for Triton"):
        parse_model_config('name: "x"\nplatform: onnxruntime_onnx\nmax_batch_size: "many"')


def test_the_wizard_writes_the_chosen_candidate_for_a_site_server(qtbot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.optimize.types import Candidate, CandidateResult, GateResult, OptimizeReport, SpeedResult
    from edgestudio.ui.optimize_pages.deploy_page import DeployPage
    from edgestudio.ui.optimize_pages.state import WizardState

    def passed(cid: str, fmt: str, artifact: Path) -> CandidateResult:
        candidate = Candidate(cid, "detection", cid, "runtime", "cpu", fmt, "fp32")
        gate = GateResult(True, {"map50": 1.0}, {"map50": 0.97}, "mAP@0.5 1.000")
        return CandidateResult(
            candidate, "passed", "", str(artifact), gate, SpeedResult(5, 6, 200, "frames/s", 1.5)
        )

    embedder = bundled("faceres").path
    results = [passed("ncnn-fp32", "ncnn", embedder), passed("ort-fp32", "onnx", embedder)]
    report = OptimizeReport("faces", {}, {}, {}, {}, results, pick="ort-fp32", pick_reason="")
    page = DeployPage(WizardState(ctx, task="faces", model_id="faceres", report=report))
    qtbot.addWidget(page)
    page.initializePage()
    assert page.current_result() is not None and page.current_result().candidate.id == "ort-fp32"
    assert page.export_button.isEnabled()
    page.export_selected(tmp_path / "repo")
    qtbot.waitUntil(lambda: not page.busy, timeout=30_000)
    assert "Written for a site server" in page.outcome.text(), page.outcome.text()
    config = parse_model_config((tmp_path / "repo" / "ort-fp32" / "config.pbtxt").read_text())
    assert config.platform == "onnxruntime_onnx" and config.max_batch_size == 8
    page.candidate.setCurrentIndex(page.candidate.findData("ncnn-fp32"))
    assert not page.export_button.isEnabled()  # Triton's standard backends do not read ncnn
