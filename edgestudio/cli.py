"""The ``edgestudio`` command: the GUI by default, subcommands for scripting and support."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgestudio import __version__
from edgestudio.core.errors import EdgeStudioError, ErrorInfo, ModelLoadError, SourceError, StorageError

if TYPE_CHECKING:
    from edgestudio.context import AppContext
    from edgestudio.tasks.faces.gallery import Gallery

log = logging.getLogger(__name__)
LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")  # Debian pocketsphinx-testdata


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, default=str))


def _context() -> AppContext:
    from edgestudio.context import AppContext
    from edgestudio.core.logs import setup_logging

    ctx = AppContext.create()
    setup_logging(ctx.paths.log_dir, ctx.config.logging.level)
    return ctx


def cmd_doctor(args: argparse.Namespace) -> int:
    from edgestudio.core.hardware import probe_hardware, recommend

    ctx = _context()
    profile = probe_hardware()
    statuses = ctx.registry.probe_all()
    recommendations = recommend(profile, statuses)
    report = {
        "edgestudio": __version__,
        "hardware": profile.to_dict(),
        "backends": [s.to_dict() for s in statuses],
        "broken_plugins": ctx.registry.broken,
        "recommendations": [r.to_dict() for r in recommendations],
        "paths": {k: str(v) for k, v in vars(ctx.paths).items()},
        "config_warnings": ctx.warnings,
    }
    if args.json:
        _print_json(report)
        return 0
    p = profile
    isa = ", ".join(k.upper() for k, v in p.isa.items() if v) or "none"
    print(f"EdgeStudio {__version__} on {p.os} ({p.machine}), Python {p.python}")
    print(f"CPU     {p.cpu_model}: {p.physical_cores} cores / {p.logical_cores} threads; ISA: {isa}")
    print(f"Memory  {p.memory_available_mb:,} MB free of {p.memory_total_mb:,} MB")
    for gpu in p.gpus:
        print(f"GPU     {gpu.vendor} {gpu.name}, {gpu.memory_mb:,} MB, driver {gpu.driver}")
    if not p.gpus:
        print(f"GPU     none ({'; '.join(p.notes) or 'no NVIDIA GPU'})")
    if p.jetson:
        print(f"Jetson  {p.jetson}")
    print("\nBackends")
    for s in statuses:
        state = f"{s.version}" if s.available else f"unavailable: {s.reason}"
        print(f"  {s.name:<14} {state}")
        for d in s.devices:
            mark = "ok " if d.available else "-- "
            print(f"      {mark}{d.label}{'' if d.available else ': ' + d.reason}")
    print("\nRecommended")
    for r in recommendations:
        print(f"  {r.kind}: {r.backend} / {r.device}. {r.reason}")
    return 0


def _default_backend(ctx: AppContext) -> tuple[str, str]:
    from edgestudio.core.hardware import probe_hardware, recommend_detection

    if ctx.config.detection.backend:
        return ctx.config.detection.backend, ctx.config.detection.device
    rec = recommend_detection(probe_hardware(), ctx.registry.probe_all())
    return rec.backend or "onnxruntime", rec.device


def cmd_detect(args: argparse.Namespace) -> int:
    import cv2

    from edgestudio.core.video import IMAGE_SUFFIXES
    from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline

    ctx = _context()
    backend, device = (args.backend, args.device or "") if args.backend else _default_backend(ctx)
    entry = ctx.resolve_model(args.model or ctx.config.detection.model_id)
    options = DetectionOptions(
        backend=backend,
        device=device,
        threads=args.threads,
        confidence=args.conf if args.conf is not None else ctx.config.detection.confidence,
        iou=args.iou if args.iou is not None else ctx.config.detection.iou,
        draw=bool(args.save),
    )
    pipeline = build_detection_pipeline(ctx.registry, entry, options)
    results: list[dict[str, Any]] = []
    failures = 0
    try:
        for image_path in args.images:
            path = Path(image_path)
            image = cv2.imread(str(path), cv2.IMREAD_COLOR) if path.is_file() else None
            if image is None:
                reason = "does not exist" if not path.is_file() else "is not an image EdgeStudio can read"
                if path.suffix.lower() not in IMAGE_SUFFIXES and path.is_file():
                    reason += " (use JPEG, PNG, BMP, WebP or TIFF)"
                results.append({"image": str(path), "error": f"{path.name} {reason}."})
                failures += 1
                continue
            result = pipeline.process(image)
            item: dict[str, Any] = {
                "image": str(path),
                "width": result.width,
                "height": result.height,
                "detections": [d.to_dict() for d in result.detections],
                "times_ms": {k: round(v, 2) for k, v in result.times.as_dict().items() if k != "capture"},
            }
            if args.save and result.annotated is not None:
                out = Path(args.save)
                if len(args.images) > 1 or out.is_dir():
                    out.mkdir(parents=True, exist_ok=True)
                    out = out / f"{path.stem}_detections.png"
                cv2.imwrite(str(out), result.annotated)
                item["saved"] = str(out)
            results.append(item)
    finally:
        pipeline.close()
    info = pipeline.info
    if args.json:
        _print_json(
            {
                "model": entry.id,
                "backend": info.backend,
                "device": info.device,
                "fallback_reason": info.fallback_reason,
                "results": results,
            }
        )
    else:
        for item in results:
            if "error" in item:
                print(f"{item['image']}: {item['error']}")
                continue
            found = ", ".join(f"{d['label']} {d['score']:.2f}" for d in item["detections"]) or "nothing"
            print(f"{item['image']}: {found}")
    return 1 if failures else 0


def cmd_models(args: argparse.Namespace) -> int:
    ctx = _context()
    if args.models_cmd == "add":
        from edgestudio.tasks.detection.importer import import_detection_model

        entry = import_detection_model(ctx.models, ctx.registry, Path(args.file), name=args.name or "")
        print(f"Added {entry.name} as '{entry.id}'.")
        return 0
    entries = ctx.models.list()
    if args.json:
        _print_json([e.to_dict() for e in entries])
    else:
        for e in entries:
            tag = "bundled" if e.builtin else "added"
            print(f"{e.id:<32} {e.task:<10} {e.format:<5} {e.size / 1e6:6.1f} MB  {tag}  {e.name}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from edgestudio.benchmarks.detect import BenchDetectConfig, run_detect_benchmark

    ctx = _context()
    backend, device = (args.backend, args.device or "") if args.backend else _default_backend(ctx)
    config = BenchDetectConfig(
        model=ctx.resolve_model(args.model or ctx.config.detection.model_id),
        backend=backend,
        device=device,
        source=Path(args.source),
        threads=args.threads,
        frames=args.frames,
        rounds=args.rounds,
        latency_seconds=args.latency_seconds,
    )
    report = run_detect_benchmark(ctx.registry, config, progress=None if args.json else print)
    if args.json:
        _print_json(report)
    else:
        print(f"bare runtime  {report['bare']['fps']:.1f} fps")
        print(f"app pipeline  {report['app']['fps']:.1f} fps  (ratio {report['ratio']:.3f})")
        lat = report["latency"]
        print(
            f"latency       p50 {lat['p50_ms']:.0f} ms, p95 {lat['p95_ms']:.0f} ms; "
            f"growth {lat['growth_ms_per_min']:+.1f} ms/min over {lat['seconds']:.0f} s"
        )
    return 0


def _chat_model_path(model: str | None) -> Path:
    """``--model`` if given, else the packaged default chat model."""
    from edgestudio.tasks.chat.models import default_chat_model

    if model:
        return Path(model)
    default = default_chat_model()
    if default is None:
        raise ModelLoadError(
            "No chat model is installed.", "Run scripts/install.sh, or pass --model FILE.gguf."
        )
    return default.path


def cmd_chat(args: argparse.Namespace) -> int:
    from edgestudio.core.hardware import chat_threads, probe_hardware
    from edgestudio.tasks.chat.engine import ChatDelta, ChatOptions, ChatTurn, build_chat_engine

    ctx = _context()
    model_path = _chat_model_path(args.model)
    threads = args.threads or chat_threads(probe_hardware())

    def report(item: object) -> None:
        if isinstance(item, ChatDelta) and not args.json:
            print(item.text, end="", flush=True)

    engine = build_chat_engine(ctx.registry, model_path, ChatOptions(threads=threads), report)
    try:
        turn = ChatTurn(
            args.system, (("user", args.prompt),), args.max_tokens, args.temperature, args.top_p, args.seed
        )
        answer = engine.process(turn, lambda: False)
    finally:
        engine.close()
    if args.json:
        _print_json({"model": str(model_path), "answer": answer.text, **answer.stats()})
    else:
        print(
            f"\n\n[{answer.tokens} tokens, first after {answer.ttft_ms:.0f} ms, "
            f"{answer.tokens_per_s:.0f} tokens/s]"
        )
    return 0


def cmd_bench_chat(args: argparse.Namespace) -> int:
    from edgestudio.benchmarks.chat import run_chat_benchmark

    ctx = _context()
    report = run_chat_benchmark(
        ctx, _chat_model_path(args.model), args.max_tokens, args.rounds, progress=None if args.json else print
    )
    _print_json(report) if args.json else print(
        f"app {report['app']['tokens_per_s']} tok/s vs bare {report['bare']['tokens_per_s']} tok/s "
        f"(ratio {report['ratio']}); UI p99 {report['ui_event_loop_ms']['p99']} ms"
    )
    return 0


def _speech_model_path(model: str | None) -> Path:
    from edgestudio.tasks.speech.models import default_speech_model

    if model:
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
    from edgestudio.tasks.speech.engine import FileJob, Transcript, build_speech_engine, choose_settings
    from edgestudio.tasks.speech.export import export

    ctx = _context()
    path = Path(args.file)
    if not path.is_file():
        raise SourceError(f"{path} does not exist.")
    settings = choose_settings(probe_hardware(), cuda_available=False)
    engine = build_speech_engine(ctx.registry, _speech_model_path(args.model), settings, lambda _item: None)
    try:
        options = TranscribeOptions(
            language=args.language, beam_size=settings.beam_size, word_timestamps=args.words
        )
        result = engine.process(FileJob(path, options), lambda: False)
    finally:
        engine.close()
    assert isinstance(result, Transcript)
    fmt = "json" if args.json else "srt" if args.srt else "vtt" if args.vtt else "txt"
    meta = {
        "source": str(path),
        "language": result.info.language,
        "duration": round(result.info.duration, 2),
        "model": result.model,
        "x_real_time": round(result.speed, 2),
    }
    print(export(result.segments, fmt, meta), end="")
    return 0


def cmd_bench_asr(args: argparse.Namespace) -> int:
    import tempfile

    from edgestudio.benchmarks.asr import run_asr_benchmark

    ctx = _context()
    files = [Path(f) for f in args.files] if args.files else sorted(LIBRIVOX.glob("*.wav"))
    if not files:
        raise SourceError(
            "No audio files to benchmark.", "Pass --files, or install Debian's pocketsphinx-testdata."
        )
    speech = Path(args.speech) if args.speech else files[0]
    with tempfile.TemporaryDirectory() as workdir:
        report = run_asr_benchmark(
            ctx.registry,
            _speech_model_path(args.model),
            files,
            speech,
            args.rounds,
            Path(workdir),
            progress=None if args.json else print,
        )
    if args.json:
        _print_json(report)
    else:
        print(
            f"app {report['app']['x_real_time']}x vs bare {report['bare']['x_real_time']}x real time "
            f"(ratio {report['ratio']}); live latency {report['live']['latency_ms']} ms"
        )
    return 0


def _gallery(ctx: AppContext, pin: str | None) -> Gallery:
    import getpass
    import os

    from edgestudio.tasks.faces.gallery import Gallery

    gallery = Gallery(ctx.paths.data_dir / "faces.db")
    pin = pin or os.environ.get("EDGESTUDIO_FACES_PIN") or getpass.getpass("Admin PIN: ")
    if gallery.has_pin:
        gallery.unlock(pin)
    else:
        gallery.set_pin(pin)
    return gallery


def cmd_faces(args: argparse.Namespace) -> int:
    import cv2
    import numpy as np

    from edgestudio.tasks.faces.enroll import CONSENT_TEXT, capture_from_image, chip_jpeg
    from edgestudio.tasks.faces.recognize import build_face_recognizer

    ctx = _context()
    gallery = _gallery(ctx, args.pin)
    try:
        if args.faces_cmd == "list":
            people = [
                {"name": p.name, "templates": p.templates, "enrolled": p.created} for p in gallery.people()
            ]
            _print_json(people) if args.json else [
                print(f"{p['name']}: {p['templates']} templates") for p in people
            ]
            return 0
        if args.faces_cmd == "delete":
            person = gallery.find(args.name)
            if person is None:
                raise StorageError(f"Nobody called {args.name} is enrolled.")
            gallery.delete(person.id)
            print(f"Deleted {args.name} and every template and photo of them.")
            return 0
        recognizer = build_face_recognizer(ctx.registry, ctx.paths.models_dir)
        try:
            if args.faces_cmd == "enroll":
                vectors: list[np.ndarray] = []
                photos: list[bytes] = []
                problems: list[str] = []
                for photo in args.photos:
                    image = cv2.imread(photo, cv2.IMREAD_COLOR)
                    if image is None:
                        problems.append(f"{photo}: not an image EdgeStudio can read")
                        continue
                    previous = np.vstack(vectors) if vectors else None
                    verdict = capture_from_image(recognizer.detector, recognizer.embedder, image, previous)
                    if not verdict.accepted or verdict.embedding is None or verdict.chip is None:
                        problems.append(f"{photo}: {verdict.reason}")
                        continue
                    vectors.append(verdict.embedding)
                    photos.append(chip_jpeg(verdict.chip))
                for problem in problems:
                    print(f"refused {problem}", file=sys.stderr)
                if not vectors:
                    return 1
                person = gallery.enroll(
                    args.name, np.vstack(vectors), photos, CONSENT_TEXT if args.consent else ""
                )
                print(f"Enrolled {person.name}: {person.templates} templates.")
                return 0
            image = cv2.imread(args.image, cv2.IMREAD_COLOR)
            if image is None:
                raise SourceError(f"{args.image} is not an image EdgeStudio can read.")
            matrix, owners = gallery.template_matrix
            names = {p.id: p.name for p in gallery.people()}
            from edgestudio.tasks.faces.gallery import match_matrix

            faces = recognizer.detector.detect(image)
            embeddings, _ = recognizer.embedder.embed(image, faces)
            matches = match_matrix(matrix, owners, names, embeddings, args.threshold)
            report = [
                {"name": m.name, "score": round(m.score, 3), "box": [round(v, 1) for v in f.box]}
                for f, m in zip(faces, matches, strict=True)
            ]
            for m in matches:
                if m.person_id is not None:
                    gallery.log("recognize", m.name, "cli")
            _print_json({"image": args.image, "faces": report}) if args.json else [
                print(f"{r['name']} {r['score']:.2f}") for r in report
            ]
            return 0
        finally:
            recognizer.close()
    finally:
        gallery.close()


def cmd_bench_faces(args: argparse.Namespace) -> int:
    from edgestudio.benchmarks.faces import run_faces_benchmark

    ctx = _context()
    report = run_faces_benchmark(ctx.registry, ctx.paths.models_dir, Path(args.source), args.frames)
    _print_json(report) if args.json else print(
        f"{report['fps']} fps with {report['faces_per_frame']} faces; 10k match {report['match_ms_p50']} ms"
    )
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from edgestudio.app import run_gui

    return run_gui(fullscreen=getattr(args, "fullscreen", False))


def cmd_screenshots(args: argparse.Namespace) -> int:
    from edgestudio.screenshots import take_screenshots

    views = tuple(v.strip() for v in args.views.split(",") if v.strip())
    paths = take_screenshots(
        Path(args.outdir),
        Path(args.source) if args.source else None,
        Path(args.audio) if args.audio else None,
        views,
        backend=args.backend,
    )
    for p in paths:
        print(p)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edgestudio", description="On-device AI studio.")
    parser.add_argument("--version", action="version", version=f"edgestudio {__version__}")
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help="open the application window (the default)")
    gui.add_argument("--fullscreen", action="store_true")
    gui.set_defaults(func=cmd_gui)

    doctor = sub.add_parser("doctor", help="show hardware, runtimes and recommended backends")
    doctor.add_argument("--json", action="store_true")
    doctor.set_defaults(func=cmd_doctor)

    detect = sub.add_parser("detect", help="detect objects in image files")
    detect.add_argument("images", nargs="+")
    _model_args(detect)
    detect.add_argument("--conf", type=float, default=None, help="confidence threshold")
    detect.add_argument("--iou", type=float, default=None, help="NMS IoU threshold")
    detect.add_argument("--save", help="write the annotated image (a file, or a folder for many)")
    detect.add_argument("--json", action="store_true")
    detect.set_defaults(func=cmd_detect)

    models = sub.add_parser("models", help="list or add models")
    models_sub = models.add_subparsers(dest="models_cmd")
    models_list = models_sub.add_parser("list")
    models_list.add_argument("--json", action="store_true")
    models_add = models_sub.add_parser("add")
    models_add.add_argument("file")
    models_add.add_argument("--name")
    models.add_argument("--json", action="store_true")
    models.set_defaults(func=cmd_models, models_cmd="list")

    bench = sub.add_parser("bench", help="benchmarks that print JSON")
    bench_sub = bench.add_subparsers(dest="bench_cmd", required=True)
    bench_detect = bench_sub.add_parser("detect", help="bare runtime vs app pipeline")
    _model_args(bench_detect)
    bench_detect.add_argument("--source", required=True, help="a video file")
    bench_detect.add_argument("--frames", type=int, default=60, help="frames per throughput block")
    bench_detect.add_argument("--rounds", type=int, default=3, help="app/bare block pairs")
    bench_detect.add_argument(
        "--latency-seconds",
        type=float,
        default=20.0,
        help="length of the latency run with a source faster than inference",
    )
    bench_detect.add_argument("--json", action="store_true")
    bench_detect.set_defaults(func=cmd_bench)

    bench_chat = bench_sub.add_parser("chat", help="app vs bare llama-cpp-python tokens/s, UI latency")
    bench_chat.add_argument("--model", help="a .gguf file (default: the bundled SmolLM2)")
    bench_chat.add_argument("--max-tokens", type=int, default=128)
    bench_chat.add_argument("--rounds", type=int, default=3)
    bench_chat.add_argument("--json", action="store_true")
    bench_chat.set_defaults(func=cmd_bench_chat)

    bench_asr = bench_sub.add_parser("asr", help="app vs bare faster-whisper speed, live latency")
    bench_asr.add_argument("--model", help="a CTranslate2 Whisper folder (default: tiny.en)")
    bench_asr.add_argument("--files", nargs="*", help="audio files (default: the LibriVox readings)")
    bench_asr.add_argument("--speech", help="a spoken phrase for the live latency run")
    bench_asr.add_argument("--rounds", type=int, default=5)
    bench_asr.add_argument("--json", action="store_true")
    bench_asr.set_defaults(func=cmd_bench_asr)

    bench_faces = bench_sub.add_parser("faces", help="face recognition fps and 10k-template matching time")
    bench_faces.add_argument("--source", required=True, help="a video with several faces")
    bench_faces.add_argument("--frames", type=int, default=100)
    bench_faces.add_argument("--json", action="store_true")
    bench_faces.set_defaults(func=cmd_bench_faces)

    faces = sub.add_parser("faces", help="enroll, identify, list and delete people")
    faces.add_argument("--pin", help="admin PIN (or EDGESTUDIO_FACES_PIN; asked when missing)")
    faces.add_argument("--json", action="store_true")
    faces_sub = faces.add_subparsers(dest="faces_cmd", required=True)
    enroll = faces_sub.add_parser("enroll")
    enroll.add_argument("name")
    enroll.add_argument("photos", nargs="+")
    enroll.add_argument("--consent", action="store_true", help="record that the person gave consent")
    identify = faces_sub.add_parser("identify")
    identify.add_argument("image")
    identify.add_argument("--threshold", type=float, default=0.5)
    identify.add_argument("--json", action="store_true")
    faces_list = faces_sub.add_parser("list")
    faces_list.add_argument("--json", action="store_true")
    delete = faces_sub.add_parser("delete")
    delete.add_argument("name")
    faces.set_defaults(func=cmd_faces)

    transcribe = sub.add_parser("transcribe", help="transcribe an audio or video file")
    transcribe.add_argument("file")
    transcribe.add_argument("--model", help="a CTranslate2 Whisper folder (default: tiny.en)")
    transcribe.add_argument("--language", default=None, help="e.g. en, de (default: detect)")
    transcribe.add_argument("--words", action="store_true", help="word timestamps (in --json)")
    group = transcribe.add_mutually_exclusive_group()
    group.add_argument("--json", action="store_true")
    group.add_argument("--srt", action="store_true")
    group.add_argument("--vtt", action="store_true")
    transcribe.set_defaults(func=cmd_transcribe)

    chat = sub.add_parser("chat", help="ask the local chat model one question")
    chat.add_argument("--prompt", required=True)
    chat.add_argument("--model", help="a .gguf file (default: the bundled SmolLM2)")
    chat.add_argument("--system", default="You are a helpful assistant.")
    chat.add_argument("--max-tokens", type=int, default=256)
    chat.add_argument("--temperature", type=float, default=0.7)
    chat.add_argument("--top-p", type=float, default=0.9)
    chat.add_argument("--seed", type=int, default=None)
    chat.add_argument("--threads", type=int, default=0)
    chat.add_argument("--json", action="store_true")
    chat.set_defaults(func=cmd_chat)

    shots = sub.add_parser("screenshots", help="save screenshots of the main views (run under Xvfb)")
    shots.add_argument("outdir")
    shots.add_argument("--source", help="a video file to play in the Detect tab")
    shots.add_argument("--audio", help="an audio file to transcribe in the Voice tab")
    shots.add_argument(
        "--views",
        default="detect,faces,device,chat,voice,live",
        help="comma-separated: detect, faces, device, chat, voice, live",
    )
    shots.add_argument("--backend", default="")
    shots.set_defaults(func=cmd_screenshots)
    return parser


def _model_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="a stored model id or an .onnx file")
    parser.add_argument("--backend", help="onnxruntime or openvino (default: recommended)")
    parser.add_argument("--device", help="device of the backend, e.g. cpu, cuda, CPU, GPU, NPU")
    parser.add_argument("--threads", type=int, default=0, help="runtime threads (0 = auto)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args.func = cmd_gui
    try:
        return int(args.func(args))
    except EdgeStudioError as exc:
        info = ErrorInfo.from_exception(exc)
        if getattr(args, "json", False):
            _print_json({"error": {"title": info.title, "message": info.message, "hint": info.hint}})
        else:
            print(f"edgestudio: {info.title}: {info.text()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
