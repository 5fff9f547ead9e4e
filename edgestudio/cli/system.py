"""System commands: the GUI, doctor and screenshots."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from edgestudio import __version__
from edgestudio.cli.common import Subparsers, cli_context, print_json

if TYPE_CHECKING:
    pass


def cmd_doctor(args: argparse.Namespace) -> int:
    from edgestudio.core.hardware import probe_hardware, recommend

    ctx = cli_context()
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
        print_json(report)
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


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add this module's commands to the parser."""
    gui = sub.add_parser("gui", help="open the application window (the default)")
    gui.add_argument("--fullscreen", action="store_true")
    gui.set_defaults(func=cmd_gui)

    doctor = sub.add_parser("doctor", help="show hardware, runtimes and recommended backends")
    doctor.add_argument("--json", action="store_true")
    doctor.set_defaults(func=cmd_doctor)
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
