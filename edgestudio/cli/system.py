"""System commands: the GUI, doctor and screenshots."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from edgestudio import __version__
from edgestudio.cli.common import Subparsers, cli_context, print_json


def cmd_doctor(args: argparse.Namespace) -> int:
    """Hardware, every runtime with the tasks it serves, the formats it loads and its devices,
    and the best-ranked runtime per task (main thread)."""
    ctx = cli_context()
    device_report = ctx.registry.report()
    profile, statuses = device_report.profile, device_report.statuses
    report = {
        "edgestudio": __version__,
        "hardware": profile.to_dict(),
        "backends": [s.to_dict() for s in statuses],
        "broken_plugins": ctx.registry.broken,
        "recommendations": [r.to_dict() for r in device_report.recommendations],
        "ranks": [r.to_dict() for r in device_report.ranks],
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
    print("\nRuntimes")
    for s in statuses:
        state = f"{s.version}" if s.available else f"unavailable: {s.reason}"
        print(f"  {s.name} [{s.id}]: {state}")
        tasks = ", ".join(s.tasks) or "none"
        formats = ", ".join(s.formats) or "no model file"
        print(f"      tasks: {tasks}; formats: {formats}")
        for d in s.devices:
            mark = "ok " if d.available else "-- "
            print(f"      {mark}{d.label} [{d.id}]{'' if d.available else ': ' + d.reason}")
    for plugin, reason in ctx.registry.broken.items():
        print(f"  plugin {plugin}: broken: {reason}")
    print("\nRecommended")
    for r in device_report.recommendations:
        choice = f"{r.backend} / {r.device}. " if r.backend else ""
        print(f"  {r.kind}: {choice}{r.reason}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from edgestudio.app import run_gui

    return run_gui(fullscreen=getattr(args, "fullscreen", False), kiosk=getattr(args, "kiosk", False))


def cmd_screenshots(args: argparse.Namespace) -> int:
    """Shoot the views in a data folder of their own: the run enrolls sample people, chats and
    changes settings, none of which belong in a real gallery or history. EDGESTUDIO_HOME, when
    set, is used as it is (a developer's prepared folder, with a converted model say)."""
    from edgestudio.screenshots import take_screenshots

    views = tuple(v.strip() for v in args.views.split(",") if v.strip())
    scratch: Path | None = None
    if not os.environ.get("EDGESTUDIO_HOME"):
        scratch = Path(tempfile.mkdtemp(prefix="edgestudio-screenshots-"))
        os.environ["EDGESTUDIO_HOME"] = str(scratch)
        print(f"Using a fresh data folder ({scratch}); your own data is not touched.", file=sys.stderr)
    try:
        paths = take_screenshots(
            Path(args.outdir),
            Path(args.source) if args.source else None,
            Path(args.audio) if args.audio else None,
            views,
            backend=args.backend,
            language=args.language,
            theme=args.theme,
        )
    finally:
        if scratch is not None:
            del os.environ["EDGESTUDIO_HOME"]
            shutil.rmtree(scratch, ignore_errors=True)
    for p in paths:
        print(p)
    return 0


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add this module's commands to the parser."""
    gui = sub.add_parser("gui", help="open the application window (the default)")
    gui.add_argument("--fullscreen", action="store_true")
    gui.add_argument(
        "--kiosk", action="store_true", help="kiosk mode: fullscreen, locked; the admin PIN leaves it"
    )
    gui.set_defaults(func=cmd_gui)

    doctor = sub.add_parser(
        "doctor", help="show hardware, runtimes (tasks, formats, devices) and the recommended ones"
    )
    doctor.add_argument("--json", action="store_true")
    doctor.set_defaults(func=cmd_doctor)
    shots = sub.add_parser(
        "screenshots",
        help="save screenshots of the main views (run under Xvfb); uses a fresh data folder "
        "unless EDGESTUDIO_HOME is set",
    )
    shots.add_argument("outdir")
    shots.add_argument("--source", help="a video file to play in the Detect tab")
    shots.add_argument("--audio", help="an audio file to transcribe in the Voice tab")
    shots.add_argument(
        "--language", choices=("en", "zh_CN"), default="", help="the GUI language (default: the setting)"
    )
    shots.add_argument(
        "--theme", choices=("light", "dark"), default="", help="the GUI theme (default: the setting)"
    )
    shots.add_argument(
        "--views",
        default="detect,faces,device,chat,voice,live",
        help="comma-separated: detect, faces, device, chat, voice, live",
    )
    shots.add_argument(
        "--backend",
        default="",
        help="the runtime the Detect, Faces and Voice tabs use (remote: the site server)",
    )
    shots.set_defaults(func=cmd_screenshots)
