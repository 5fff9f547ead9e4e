"""Detection commands: detect, bench detect."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgestudio.cli.checks import SaveTarget, check_device, unit_interval, write_image
from edgestudio.cli.common import Subparsers, cli_context, model_args, print_json
from edgestudio.core.errors import EdgeStudioError

if TYPE_CHECKING:
    from edgestudio.context import AppContext
    from edgestudio.core.types import DetectionResult
    from edgestudio.core.video import SourceSpec
    from edgestudio.tasks.detection.pipeline import DetectionPipeline


def _default_backend(ctx: AppContext, model_format: str) -> tuple[str, str]:
    """The configured backend, else the best-ranked one that reads ``model_format`` here."""
    from edgestudio.core.types import TASK_DETECTION

    if ctx.config.detection.backend:
        return ctx.config.detection.backend, ctx.config.detection.device
    choice = ctx.registry.choose(TASK_DETECTION, model_format)
    return choice.backend.id, choice.device


CLI_FRAME_TIMEOUT_S = 2.0


def use_site_server(ctx: AppContext, url: str, token_file: str = "", form: str = "") -> None:
    """``--server URL`` (and ``--token-file``, ``--form``): point the registry's ``remote``
    runtime at it, with the token from the file, the service credential or ``[site_server]``,
    and the wire form (default: ``[site_server] form``). Main thread."""
    from edgestudio.backends.remote_backend import configure
    from edgestudio.backends.remote_client import ServerAddress, parse_url

    parse_url(url)  # a bad address is said before anything loads
    address = ServerAddress.from_settings(ctx.config.site_server, url, token_file)
    if address is not None:  # files, not a live camera: a frame may wait longer than 250 ms
        address = replace(address, frame_timeout_s=max(address.frame_timeout_s, CLI_FRAME_TIMEOUT_S))
        address = replace(address, form=form or address.form)
    configure(ctx.registry, address)


def _site_form(ctx: AppContext, backend: str) -> dict[str, str]:
    """``{"form": "tensors" | "jpeg"}`` on the site server's runtime, else nothing."""
    from edgestudio.backends.remote_backend import RemoteBackend

    site = ctx.registry.get(backend) if backend else None
    return {"form": site.form} if isinstance(site, RemoteBackend) else {}


def runtime_of(runner: object, backend: str) -> str:
    """Which runtime answered the last frame: "remote" while a falling-back runner is on the
    server, its local runtime's id when it fell back; ``backend`` for any other runner."""
    from edgestudio.backends.remote_fallback import FallbackRunner, answered_by

    return answered_by(runner, backend)[0] if isinstance(runner, FallbackRunner) else backend


def fallback_reason_of(runner: object, loaded_reason: str) -> str:
    """The first reason a frame of this run went to the local model ("" when the server
    answered every one); the load's reason for other runners."""
    from edgestudio.backends.remote_fallback import FallbackRunner

    return runner.first_reason if isinstance(runner, FallbackRunner) else loaded_reason


def _result_item(result: DetectionResult) -> dict[str, Any]:
    return {
        "width": result.width,
        "height": result.height,
        "detections": [d.to_dict() for d in result.detections],
        "times_ms": {k: round(v, 2) for k, v in result.times.as_dict().items() if k != "capture"},
    }


def _save(item: dict[str, Any], result: DetectionResult, target: SaveTarget | None, name: Path) -> None:
    if target is None or result.annotated is None:
        return
    out = target.file_for(name)
    try:
        write_image(out, result.annotated)
        item["saved"] = str(out)
    except EdgeStudioError as exc:
        item["error"] = str(exc)


def _detect_image(pipeline: DetectionPipeline, path: Path, target: SaveTarget | None) -> dict[str, Any]:
    """One image file: its detections, or why it could not be read (main thread)."""
    import cv2

    from edgestudio.core.video import IMAGE_SUFFIXES

    image = cv2.imread(str(path), cv2.IMREAD_COLOR) if path.is_file() else None
    if image is None:
        reason = "does not exist" if not path.exists() else "is not an image EdgeStudio can read"
        if path.is_dir():
            reason = "is a folder, not an image (give the image files themselves)"
        if path.suffix.lower() not in IMAGE_SUFFIXES and path.is_file():
            reason += " (use JPEG, PNG, BMP, WebP or TIFF; MP4, MKV, AVI, MOV or a stream URL for video)"
        return {"image": str(path), "error": f"{path.name} {reason}."}
    result = pipeline.process(image)
    item: dict[str, Any] = {"image": str(path), **_result_item(result)}
    item["runtime"] = runtime_of(pipeline.detector.runner, pipeline.info.backend)
    _save(item, result, target, path)
    return item


def _detect_video(
    pipeline: DetectionPipeline, spec: SourceSpec, frames: int, target: SaveTarget | None
) -> list[dict[str, Any]]:
    """The first ``frames`` frames of a video file or stream (main thread); a source that
    cannot be opened gives one item with the reason (refused, timed out, not a video...)."""
    from edgestudio.core.video import open_source

    try:
        source = open_source(spec)
    except EdgeStudioError as exc:
        return [{"source": spec.location, "error": str(exc)}]
    items: list[dict[str, Any]] = []
    stem = Path(spec.location.rstrip("/")).stem or "stream"
    try:
        for index in range(frames):
            try:
                frame = source.read()
            except EdgeStudioError as exc:
                items.append({"source": spec.location, "frame": index, "error": str(exc)})
                break
            if frame is None:
                break
            result = pipeline.process(frame)
            item: dict[str, Any] = {"source": spec.location, "frame": index, **_result_item(result)}
            item["runtime"] = runtime_of(pipeline.detector.runner, pipeline.info.backend)
            _save(item, result, target, Path(f"{stem}-{index:04d}.png"))
            items.append(item)
    finally:
        source.close()
    return items


def cmd_detect(args: argparse.Namespace) -> int:
    from edgestudio.core.video import VIDEO_SUFFIXES, SourceSpec
    from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline

    ctx = cli_context()
    if args.frames < 1:
        raise EdgeStudioError("--frames must be 1 or more.")
    if args.form and not args.server:
        raise EdgeStudioError("--form chooses how frames go to the site server: use it with --server URL.")
    save_target = SaveTarget.parse(args.save, len(args.images) * args.frames) if args.save else None
    # without --model: the optimizer's deployed detector (with its re-fitted threshold), if any
    deployed = None if args.model else ctx.active_deployment("detection")
    default_id = deployed.model_id if deployed else ctx.config.detection.model_id
    entry = ctx.resolve_model(args.model or default_id)
    backend, device = (
        (args.backend, args.device or "") if args.backend else _default_backend(ctx, entry.format)
    )
    if deployed is not None and not args.backend and deployed.settings.get("backend"):
        backend, device = str(deployed.settings["backend"]), str(deployed.settings.get("device", ""))
    if args.server:  # the site server, with the local model (best-ranked) as its fallback
        use_site_server(ctx, args.server, args.token_file or "", args.form or "")
        backend, device = "remote", ""
    elif args.device:
        device = args.device
        check_device(ctx, backend, device)
    default_conf = float(deployed.settings.get("confidence", 0) or 0) if deployed else 0.0
    options = DetectionOptions(
        backend=backend,
        device=device,
        threads=args.threads,
        confidence=args.conf if args.conf is not None else (default_conf or ctx.config.detection.confidence),
        iou=args.iou if args.iou is not None else ctx.config.detection.iou,
        draw=bool(args.save),
    )
    pipeline = build_detection_pipeline(ctx.registry, entry, options)
    results: list[dict[str, Any]] = []
    try:
        for text in args.images:
            spec = SourceSpec.guess(text, loop=False)
            if spec.kind == "url" or (spec.kind == "file" and Path(text).suffix.lower() in VIDEO_SUFFIXES):
                results.extend(_detect_video(pipeline, spec, args.frames, save_target))
            else:
                results.append(_detect_image(pipeline, Path(text), save_target))
    finally:
        pipeline.close()
    failures = sum(1 for item in results if "error" in item)
    info = pipeline.info
    runner = pipeline.detector.runner
    if args.json:
        print_json(
            {
                "model": entry.id,
                "backend": info.backend,
                "runtime": runtime_of(runner, info.backend),
                "device": runner.device,
                "fallback_reason": fallback_reason_of(runner, info.fallback_reason),
                **_site_form(ctx, backend),
                "results": results,
            }
        )
    else:
        for item in results:
            name = item.get("image") or f"{item['source']} #{item.get('frame', 0)}"
            if "error" in item:
                print(f"{name}: {item['error']}")
                continue
            found = ", ".join(f"{d['label']} {d['score']:.2f}" for d in item["detections"]) or "nothing"
            print(f"{name}: {found}")
    return 1 if failures else 0


def cmd_bench(args: argparse.Namespace) -> int:
    from edgestudio.benchmarks.detect import BenchDetectConfig, run_detect_benchmark

    ctx = cli_context()
    model = ctx.resolve_model(args.model or ctx.config.detection.model_id)
    backend, device = (
        (args.backend, args.device or "") if args.backend else _default_backend(ctx, model.format)
    )
    config = BenchDetectConfig(
        model=model,
        backend=backend,
        device=device,
        source=Path(args.source),
        threads=args.threads,
        frames=args.frames,
        rounds=args.rounds,
        latency_seconds=args.latency_seconds,
    )
    if args.streams < 1 or args.streams > 8:
        raise EdgeStudioError("--streams must be 1 to 8.")
    if args.streams > 1:
        return _bench_streams(ctx, config, args.streams, args.json)
    report = run_detect_benchmark(ctx.registry, config, progress=None if args.json else print)
    if args.json:
        print_json(report)
    else:
        print(f"bare runtime  {report['bare']['fps']:.1f} fps")
        print(f"app pipeline  {report['app']['fps']:.1f} fps  (ratio {report['ratio']:.3f})")
        lat = report["latency"]
        print(
            f"latency       p50 {lat['p50_ms']:.0f} ms, p95 {lat['p95_ms']:.0f} ms; "
            f"growth {lat['growth_ms_per_min']:+.1f} ms/min over {lat['seconds']:.0f} s"
        )
    return 0


def _bench_streams(ctx: AppContext, config: Any, streams: int, as_json: bool) -> int:
    """``bench detect --streams N`` (main thread)."""
    from edgestudio.benchmarks.detect_streams import run_streams_benchmark

    report = run_streams_benchmark(ctx.registry, config, streams, progress=None if as_json else print)
    if as_json:
        print_json(report)
        return 0
    print(f"runtime limit   {report['limit_fps']:.1f} fps  ({report['requests']})")
    print(
        f"{streams} streams       {report['aggregate_fps']:.1f} fps together  "
        f"(ratio to the limit {report['ratio_to_limit']:.3f}, "
        f"blocks {report['ratio_spread']['min']:.3f}-{report['ratio_spread']['max']:.3f})"
    )
    print(f"latency         p50 {report['latency_p50_ms']:.0f} ms, p95 {report['latency_p95_ms']:.0f} ms")
    for index, item in enumerate(report["per_stream"]):
        print(
            f"  stream {index + 1}      {item['fps']:.1f} fps, p50 {item['p50_ms']:.0f} ms, "
            f"p95 {item['p95_ms']:.0f} ms"
        )
    return 0


def server_args(parser: argparse.ArgumentParser) -> None:
    """``--server URL`` and ``--token-file FILE`` (the site server; issue 17)."""
    parser.add_argument(
        "--server",
        metavar="URL",
        help="run on the site server (http://HOST:8000 or grpc://HOST:8001), with the local "
        "model as its fallback; the JSON says which runtime answered and why it fell back",
    )
    parser.add_argument(
        "--token-file", metavar="FILE", help="the site server's access token (default: [site_server])"
    )


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add this module's commands to the parser."""
    detect = sub.add_parser("detect", help="detect objects in image files, video files or stream URLs")
    detect.add_argument(
        "images",
        nargs="+",
        metavar="SOURCE",
        help="image files, video files or stream URLs (rtsp://, http://)",
    )
    detect.add_argument(
        "--frames", type=int, default=1, help="frames to run from each video or stream (default: %(default)s)"
    )
    model_args(detect)
    detect.add_argument("--conf", type=unit_interval, default=None, help="confidence threshold, in (0, 1]")
    detect.add_argument("--iou", type=unit_interval, default=None, help="NMS IoU threshold, in (0, 1]")
    detect.add_argument(
        "--form",
        choices=("tensors", "jpeg"),
        default=None,
        help="with --server: send the model's input tensors, or each frame as JPEG and get the "
        "detections back (a thin kiosk on Wi-Fi; default: [site_server] form)",
    )
    detect.add_argument(
        "--save", help="write the annotated image (.png/.jpg file, or a folder for many; created if missing)"
    )
    server_args(detect)
    detect.add_argument("--json", action="store_true")
    detect.set_defaults(func=cmd_detect)
    bench_detect = bench_sub.add_parser("detect", help="bare runtime vs app pipeline")
    model_args(bench_detect)
    bench_detect.add_argument("--source", required=True, help="a video file")
    # Many short blocks: this 2-core test machine's speed drifts by 5-10 % over seconds; the
    # median of 30 block ratios moved by 0.01-0.03 between runs, 10 rounds of 60 frames by 0.03.
    bench_detect.add_argument(
        "--frames", type=int, default=20, help="frames per throughput block (default: %(default)s)"
    )
    bench_detect.add_argument(
        "--rounds", type=int, default=30, help="app/bare block pairs (default: %(default)s)"
    )
    bench_detect.add_argument(
        "--latency-seconds",
        type=float,
        default=20.0,
        help="length of the latency run with a source faster than inference",
    )
    bench_detect.add_argument(
        "--streams",
        type=int,
        default=1,
        help="sources at once (2-8): aggregate and per-stream fps against the runtime's own "
        "throughput limit (default: %(default)s, the one-source comparison)",
    )
    bench_detect.add_argument("--json", action="store_true")
    bench_detect.set_defaults(func=cmd_bench)
