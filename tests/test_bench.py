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
    report = run_chat_benchmark(ChatTabDriver(ctx, 64, SYSTEM), model.path, max_tokens=64, rounds=3)
    assert report["app"]["tokens"] == [64, 64, 64]
    assert report["ratio"] >= 0.8, report  # acceptance 0.95 is measured by the bench command
    assert report["ui_event_loop_ms"]["p99"] < 50, report


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
