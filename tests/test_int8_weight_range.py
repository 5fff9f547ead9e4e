"""INT8 weights follow the hardware probe: on an x86 CPU without VNNI (or AMX), NNCF's
overflow fix and ONNX Runtime's reduce_range keep weights in 7 bits, because AVX2's int8 dot
product saturates its 16-bit sums with 8-bit weights (measured here: the default detector's
NNCF INT8 fell to mAP@0.5 0.22); a CPU with VNNI keeps the quantizers' defaults. On this
machine, whichever it is, the NNCF form the probe chose holds the gate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from edgestudio.core.hardware import probe_hardware
from edgestudio.optimize.planners import NullSink, PlanOptions, planner_for
from edgestudio.optimize.run import make_context, resolve_source, run_plan

NNCF_INT8 = "openvino-nncf-int8-cpu"
NNCF_AC = "openvino-nncf-ac-int8-cpu"
ORT_INT8 = "onnxruntime-int8-cpu"
ORT_REPAIR = "onnxruntime-int8-repair-cpu"
FIX_KEY = "overflow_fix"


def listed(tmp_path: Path, **isa: bool) -> dict[str, Any]:
    ctx = make_context(str(tmp_path))
    source = resolve_source(ctx, "centernet-coco")
    profile = probe_hardware()
    profile = replace(profile, isa={**{name: False for name in profile.isa}, **isa})
    return {c.id: c for c in planner_for("detect").candidates(ctx, source, profile)}


@pytest.mark.parametrize(
    ("isa", "fix"),
    [
        ({"avx2": True}, "enable"),
        ({"avx2": True, "avx512": True}, "enable"),
        ({"avx2": True, "vnni": True}, "first_layer_only"),
        ({"avx2": True, "avx512": True, "amx": True}, "first_layer_only"),
        ({"neon": True}, "first_layer_only"),
    ],
)
def test_the_recipe_follows_the_cpus_int8_instructions(
    tmp_path: Path, isa: dict[str, bool], fix: str
) -> None:
    candidates = listed(tmp_path, **isa)
    assert candidates[NNCF_INT8].recipe[FIX_KEY] == fix
    assert candidates[NNCF_AC].recipe[FIX_KEY] == fix
    assert ("without VNNI" in candidates[NNCF_INT8].label) == (fix == "enable")
    for ort in (ORT_INT8, ORT_REPAIR):  # ONNX Runtime's 7-bit weights: reduce_range
        assert candidates[ort].recipe["reduce_range"] == (fix == "enable")
    sized = [c for c in candidates.values() if c.id.startswith(NNCF_INT8 + "-")]
    assert sized and all(c.recipe["inner"][FIX_KEY] == fix for c in sized)


def test_the_form_the_probe_chose_holds_the_gate_on_this_cpu(tmp_path: Path) -> None:
    ctx = make_context(str(tmp_path))
    source = resolve_source(ctx, "centernet-coco")
    options = PlanOptions(calibration_count=48, validation_count=8, benchmark_rounds=2, only=(NNCF_INT8,))
    report = run_plan(ctx, "detect", source, options, NullSink())
    result = {r.candidate.id: r for r in report.results}[NNCF_INT8]
    assert result.candidate.recipe[FIX_KEY] in ("enable", "first_layer_only")
    assert result.status == "passed", result.message
    assert result.gate is not None and result.gate.metrics["map50"] >= 0.97
