"""The converter plugin is found through the entry-point group, builds a real optimized
graph of the default detector, passes the optimizer's gate and can be deployed."""

from __future__ import annotations

from pathlib import Path

from edgestudio.optimize.converters.registry import ConverterRegistry
from edgestudio.optimize.detect_plan import deployable
from edgestudio.optimize.planners import NullSink, PlanOptions
from edgestudio.optimize.run import make_context, resolve_source, run_plan

CANDIDATE = "onnxruntime-fp32-optimized-cpu"


def test_registry_discovers_the_plugin() -> None:
    registry = ConverterRegistry()
    converter = registry.get("ort-optimized")
    assert converter.target_format == "onnx" and not registry.broken


def test_the_optimized_graph_passes_the_gate_and_deploys(tmp_path: Path) -> None:
    ctx = make_context(str(tmp_path))
    source = resolve_source(ctx, "centernet-coco")
    options = PlanOptions(calibration_count=4, validation_count=6, benchmark_rounds=2, only=(CANDIDATE,))
    report = run_plan(ctx, "detect", source, options, NullSink())
    result = next(r for r in report.results if r.candidate.id == CANDIDATE)
    assert result.status == "passed", result.message
    assert result.gate is not None and result.gate.metrics["map50"] >= 0.97
    assert result.speed is not None and result.speed.speedup > 0
    model = deployable(result, source)
    assert model.artifact.format == "onnx" and model.artifact.path.suffix == ".onnx"
    assert model.hints["optimizer"]["candidate"] == CANDIDATE
