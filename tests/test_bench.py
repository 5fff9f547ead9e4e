"""The detection benchmark, on a real video: app pipeline vs bare runtime in one run, and
flat latency when the source is faster than inference."""

from __future__ import annotations

from edgestudio.benchmarks.detect import BenchDetectConfig, run_detect_benchmark


def test_pipeline_keeps_up_with_the_bare_runtime_and_latency_stays_flat(
    qapp, registry, default_entry, street_video
) -> None:
    # ONNX Runtime: its inference takes ~30 ms a frame here, so the ~1 ms of decoding,
    # pre-processing and drawing the app adds is ~4 %, and a busy CI machine's noise (which
    # took an OpenVINO run at 13 ms a frame from 0.89 to 0.835) stays inside the margin.
    config = BenchDetectConfig(
        default_entry, "onnxruntime", "", street_video, frames=40, rounds=3, latency_seconds=12
    )
    report = run_detect_benchmark(registry, config)
    assert report["bare"]["fps"] > 0 and report["app"]["fps"] > 0
    # The acceptance figure is 0.95 (measured by `edgestudio bench detect` on a quiet
    # machine); the margin here allows for a busy CI machine, while a pipeline with real
    # overhead (a second inference per frame, a blocking GUI round trip) still fails.
    assert report["ratio"] >= 0.8, report
    latency = report["latency"]
    assert latency["frames_dropped"] > 0, "the source must be faster than inference in this phase"
    # Flat: a machine that gets busier mid-run moves it by tens of ms; frames queueing instead
    # of being dropped (the defect) add a frame's time per frame, seconds over 12 s.
    assert latency["last_third_p50_ms"] <= 2 * latency["first_third_p50_ms"] + 50, latency
    assert set(report["app"]["stages_p50_ms"]) == {"capture", "pre", "infer", "post", "draw"}


def test_chat_app_keeps_up_with_bare_llama_cpp_and_the_ui_stays_responsive(qapp, ctx) -> None:
    from edgestudio.benchmarks.chat import SYSTEM, run_chat_benchmark
    from edgestudio.tasks.chat.models import default_chat_model
    from edgestudio.ui.chat_tab_driver import ChatTabDriver

    model = default_chat_model()
    assert model is not None
    report = run_chat_benchmark(ChatTabDriver(ctx, 32, SYSTEM), model.path, max_tokens=32, rounds=4)
    assert report["app"]["tokens"] == [32] * 4 and report["bare"]["tokens"] == [32] * 5
    assert report["warmup_rounds"] == 1 and len(report["ratios"]) == 4  # warm-up blocks not counted
    spread = report["ratio_spread"]
    assert spread["min"] <= spread["p25"] <= spread["median"] <= spread["p75"] <= spread["max"]
    assert spread["median"] == report["ratio"] and spread["max"] == max(report["ratios"])
    assert report["ratio"] >= 0.8, report  # acceptance 0.95 is measured by the bench command
    assert report["ui_event_loop_ms"]["p99"] < 50, report


def test_chat_findings_flag_a_ratio_above_one_and_unequal_work() -> None:
    from edgestudio.benchmarks.chat import findings

    assert findings([0.95, 0.97, 1.01, 0.96], [64] * 5, [64] * 4) == []
    faster = findings([1.2, 1.25, 1.3, 1.1], [64] * 5, [64] * 4)
    assert len(faster) == 1 and "not a result" in faster[0]
    unequal = findings([0.95, 0.97], [64, 64, 64], [64, 40])
    assert len(unequal) == 1 and "different numbers of tokens" in unequal[0]


def test_asr_app_keeps_up_with_bare_faster_whisper_and_live_text_is_prompt(qapp, registry, tmp_path) -> None:
    from edgestudio.benchmarks.asr import run_asr_benchmark
    from edgestudio.tasks.speech.models import default_speech_model
    from tests.speech_media import espeak, librivox

    model = default_speech_model()
    assert model is not None
    files = [wav for wav, _ in librivox()]
    speech = espeak("Good morning. Please show me the way to the train station.", tmp_path / "s.wav")
    report = run_asr_benchmark(registry, model.path, files, speech, rounds=3, workdir=tmp_path)
    assert report["ratio"] >= 0.85, report  # acceptance 0.95 is measured by `edgestudio bench asr`
    assert report["live"]["phrases"] == 1
    assert report["live"]["max_latency_ms"] <= 2500, report["live"]  # 1.5 s measured by the bench
    assert "dashwood" in report["text"].lower()
