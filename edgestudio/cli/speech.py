"""Speech commands: transcribe, bench asr."""

from __future__ import annotations

import argparse
from pathlib import Path

from edgestudio.cli.common import Subparsers, cli_context, print_document, print_json
from edgestudio.cli.detect import server_args
from edgestudio.core.errors import ModelLoadError, SourceError

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")  # Debian pocketsphinx-testdata


def _speech_model_path(model: str | None) -> Path:
    """``--model`` (checked to be a complete Whisper folder) or the packaged default."""
    from edgestudio.backends.whisper_backend import check_model_dir
    from edgestudio.tasks.speech.models import default_speech_model

    if model:
        check_model_dir(Path(model))
        return Path(model)
    default = default_speech_model()
    if default is None:
        raise ModelLoadError(
            "No Whisper model is installed.", "Run scripts/install.sh or pass --model FOLDER."
        )
    return default.path


def cmd_transcribe(args: argparse.Namespace) -> int:
    from edgestudio.backends.speech import TranscribeOptions
    from edgestudio.core.hardware import probe_hardware
    from edgestudio.tasks.speech.audio_file import check_audio_file
    from edgestudio.tasks.speech.engine import FileJob, Transcript, build_speech_engine, choose_settings
    from edgestudio.tasks.speech.export import export

    ctx = cli_context()
    path = Path(args.file)
    check_audio_file(path)  # before the model loads: not audio, no audio track, damaged
    settings = choose_settings(probe_hardware(), cuda_available=False)
    backend_id = ""
    if args.server:  # the site server, with the local faster-whisper model as its fallback
        from edgestudio.cli.detect import use_site_server

        use_site_server(ctx, args.server, args.token_file or "")
        backend_id = "remote"
    model = _speech_model_path(args.model)
    engine = build_speech_engine(ctx.registry, model, settings, lambda _item: None, backend_id)
    try:
        options = TranscribeOptions(
            language=args.language, beam_size=settings.beam_size, word_timestamps=args.words
        )
        result = engine.process(FileJob(path, options), lambda: False)
    finally:
        engine.close()
    if not isinstance(result, Transcript):
        raise SourceError(f"{path.name} gave no transcript.")
    fmt = "json" if args.json else "srt" if args.srt else "vtt" if args.vtt else "txt"
    meta = {
        "source": str(path),
        "language": result.info.language,
        "duration": round(result.info.duration, 2),
        "model": result.model,
        "x_real_time": round(result.speed, 2),
        **_runtime_used(engine.runner, engine.info.backend),
    }
    print_document(export(result.segments, fmt, meta))
    return 0


def _runtime_used(runner: object, backend: str) -> dict[str, str]:
    """``runtime`` (who transcribed: "remote" or the local runtime's id) and
    ``fallback_reason`` ("" when the server answered)."""
    from edgestudio.backends.remote_fallback import answered_by

    runtime, reason = answered_by(runner, backend)
    return {"runtime": runtime, "fallback_reason": reason}


def cmd_bench_asr(args: argparse.Namespace) -> int:
    import tempfile

    from edgestudio.benchmarks.asr import run_asr_benchmark
    from edgestudio.tasks.speech.audio_file import check_audio_file

    ctx = cli_context()
    files = [Path(f) for f in args.files] if args.files else sorted(LIBRIVOX.glob("*.wav"))
    if not files:
        raise SourceError(
            "No audio files to benchmark.", "Pass --files, or install Debian's pocketsphinx-testdata."
        )
    if args.rounds < 1:
        raise SourceError(f"--rounds must be 1 or more, not {args.rounds}.")
    speech = Path(args.speech) if args.speech else files[0]
    for path in dict.fromkeys([*files, speech]):  # every input, before anything loads
        check_audio_file(path)
    model = _speech_model_path(args.model)
    with tempfile.TemporaryDirectory() as workdir:
        report = run_asr_benchmark(
            ctx.registry,
            model,
            files,
            speech,
            args.rounds,
            Path(workdir),
            progress=None if args.json else print,
        )
    if args.json:
        print_json(report)
    else:
        print(
            f"app {report['app']['x_real_time']}x vs bare {report['bare']['x_real_time']}x real time "
            f"(ratio {report['ratio']}); live latency {report['live']['latency_ms']} ms"
        )
    return 0


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add this module's commands to the parser."""
    transcribe = sub.add_parser("transcribe", help="transcribe an audio or video file")
    transcribe.add_argument("file")
    transcribe.add_argument("--model", help="a CTranslate2 Whisper folder (default: tiny.en)")
    transcribe.add_argument("--language", default=None, help="e.g. en, de (default: detect)")
    transcribe.add_argument("--words", action="store_true", help="word timestamps (in --json)")
    server_args(transcribe)
    group = transcribe.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true")
    group.add_argument("--srt", action="store_true")
    group.add_argument("--vtt", action="store_true")
    transcribe.set_defaults(func=cmd_transcribe)
    bench_asr = bench_sub.add_parser("asr", help="app vs bare faster-whisper speed, live latency")
    bench_asr.add_argument("--model", help="a CTranslate2 Whisper folder (default: tiny.en)")
    bench_asr.add_argument("--files", nargs="*", help="audio files (default: the LibriVox readings)")
    bench_asr.add_argument("--speech", help="a spoken phrase for the live latency run")
    bench_asr.add_argument("--rounds", type=int, default=5)
    bench_asr.add_argument("--json", action="store_true")
    bench_asr.set_defaults(func=cmd_bench_asr)
