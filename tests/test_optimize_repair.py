"""Input size as a candidate and the repairs of a failed INT8 form, on the real default
detector (CenterNet, exported at 512x512, decode tail fixed at that size) with real
builds: each sized candidate is gated against the original at its own size and carries
``input_size``; a repair runs only where its plain form failed the gate, and reports which
layers stayed in float and what that cost in speed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from edgestudio.optimize.planners import NullSink, PlanOptions
from edgestudio.optimize.run import make_context, resolve_source, run_plan
from edgestudio.optimize.types import OptimizeReport

ORT_INT8 = "onnxruntime-int8-cpu"
ORT_REPAIR = "onnxruntime-int8-repair-cpu"
NNCF_INT8 = "openvino-nncf-int8-cpu"
NNCF_AC = "openvino-nncf-ac-int8-cpu"
FP32_416 = "onnxruntime-fp32-cpu-416"


def plan(home: Path, **options: Any) -> OptimizeReport:
    ctx = make_context(str(home))
    source = resolve_source(ctx, "centernet-coco")
    settings: dict[str, Any] = {"calibration_count": 6, "validation_count": 8, "benchmark_rounds": 2}
    return run_plan(ctx, "detect", source, PlanOptions(**{**settings, **options}), NullSink())


def test_a_smaller_input_size_is_gated_against_the_original_and_carries_its_size(
    tmp_path: Path,
) -> None:
    report = plan(tmp_path, only=(FP32_416,))
    data = json.loads(json.dumps(report.to_dict()))
    by_id = {r["candidate"]["id"]: r for r in data["results"]}
    assert by_id["onnxruntime-fp32-cpu"]["candidate"]["input_size"] == 512
    sized = by_id[FP32_416]
    assert sized["candidate"]["input_size"] == 416 and sized["candidate"]["recipe"]["size"] == 416
    assert sized["status"] in ("passed", "failed-gate"), sized["message"]
    gate = sized["gate"]
    # judged against the original's detections at 512: the smaller picture loses small objects
    assert gate is not None and 0.3 < gate["metrics"]["map50"] < 1.0
    artifact = Path(sized["artifact"])
    assert artifact.suffix == ".onnx" and artifact.is_file()
    import onnx

    dims = onnx.load(str(artifact)).graph.input[0].type.tensor_type.shape.dim
    assert [d.dim_value for d in dims][1:3] == [416, 416]


def test_repairs_run_only_where_the_plain_form_failed_and_say_what_stayed_in_float(tmp_path: Path) -> None:
    """The plain ONNX Runtime INT8 is made to fail (its decode tail quantized); its repair
    ranks the nodes by their quantization error and keeps the worst in float."""
    overrides = {ORT_INT8: {"exclude_tail": False}, ORT_REPAIR: {"exclude_tail": False, "worst": 16}}
    report = plan(tmp_path, only=(ORT_INT8, ORT_REPAIR, NNCF_AC), extra={"recipe_overrides": overrides})
    results = {r.candidate.id: r for r in report.results}
    assert results[ORT_INT8].status == "failed-gate"
    repair = results[ORT_REPAIR]
    assert repair.status in ("passed", "failed-gate"), repair.message
    assert repair.repairs == ORT_INT8 and len(repair.float_layers) >= 1
    # NNCF's plain form was not run, so its repair is not needed
    assert results[NNCF_AC].status == "skipped" and "Not needed" in results[NNCF_AC].message
    if repair.status == "passed":
        assert results[ORT_INT8].speed is not None and repair.speed is not None  # the cost, timed


@pytest.mark.slow
def test_nncf_accuracy_control_repairs_a_collapsed_int8_and_names_its_float_layers(tmp_path: Path) -> None:
    """Plain NNCF with the decode tail quantized collapses; NNCF's accuracy control, given
    the same scope, returns layers to float until the drop on the calibration pictures is
    within max_drop; the report names them, and times the failed form beside it."""
    overrides = {
        NNCF_INT8: {"exclude_tail": False},
        NNCF_AC: {"exclude_tail": False, "ranking_pictures": 4, "max_drop": 0.02},
    }
    report = plan(tmp_path, only=(NNCF_INT8, NNCF_AC), extra={"recipe_overrides": overrides})
    results = {r.candidate.id: r for r in report.results}
    plain, repair = results[NNCF_INT8], results[NNCF_AC]
    assert plain.status == "failed-gate"
    assert repair.repairs == NNCF_INT8 and repair.float_layers
    assert set(plain.float_layers) <= set(repair.float_layers)  # it only returns layers to float
    if repair.status == "passed":
        assert plain.speed is not None and repair.speed is not None


def test_sizes_a_static_graph_cannot_take_are_listed_unavailable_with_the_reason(tmp_path: Path) -> None:
    """A graph with a constant written for its export size (as a static Ultralytics export's
    anchors) is refused at other sizes when listed, with how to get them."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    from edgestudio.core.hardware import probe_hardware
    from edgestudio.optimize.detect_candidates import list_candidates
    from edgestudio.optimize.plan_tools import entry_for_file

    image = helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 512, 512])
    out = helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 1, 512, 512])
    weight = numpy_helper.from_array(np.ones((1, 3, 1, 1), np.float32), "w")
    anchors = numpy_helper.from_array(np.zeros((1, 1, 512, 512), np.float32), "anchors")
    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["images", "w"], ["c"]),
            helper.make_node("Add", ["c", "anchors"], ["output0"]),
        ],
        "static",
        [image],
        [out],
        [weight, anchors],
    )
    path = tmp_path / "static.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    ctx = make_context(str(tmp_path / "home"))
    entry = entry_for_file(path, "detection")
    sized = [c for c in list_candidates(ctx, entry, probe_hardware()) if c.input_size != 512]
    assert {c.input_size for c in sized} == {320, 416, 480}
    for candidate in sized:
        assert not candidate.available and "do not fit" in candidate.reason, candidate.reason
        assert "dynamic" in candidate.install_hint
