"""Detection commands: detect, bench detect."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgestudio.cli.common import Subparsers, cli_context, model_args, print_json

if TYPE_CHECKING:
    from edgestudio.context import AppContext


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

    ctx = cli_context()
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
        print_json(
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


def cmd_bench(args: argparse.Namespace) -> int:
    from edgestudio.benchmarks.detect import BenchDetectConfig, run_detect_benchmark

    ctx = cli_context()
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


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add this module's commands to the parser."""
    detect = sub.add_parser("detect", help="detect objects in image files")
    detect.add_argument("images", nargs="+")
    model_args(detect)
    detect.add_argument("--conf", type=float, default=None, help="confidence threshold")
    detect.add_argument("--iou", type=float, default=None, help="NMS IoU threshold")
    detect.add_argument("--save", help="write the annotated image (a file, or a folder for many)")
    detect.add_argument("--json", action="store_true")
    detect.set_defaults(func=cmd_detect)
    bench_detect = bench_sub.add_parser("detect", help="bare runtime vs app pipeline")
    model_args(bench_detect)
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
