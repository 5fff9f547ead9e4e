"""Face gallery commands: enroll, identify, list, delete, reset (a damaged gallery), status,
export and import (``faces_move``), bench faces."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgestudio.cli.common import Subparsers, cli_context, print_json
from edgestudio.cli.detect import server_args
from edgestudio.cli.faces_move import (
    cmd_faces_export,
    cmd_faces_import,
    cmd_faces_status,
    protection_text,
)
from edgestudio.cli.faces_move import register as register_move
from edgestudio.core.errors import InputError, StorageDamagedError, StorageError

if TYPE_CHECKING:
    import numpy as np

    from edgestudio.context import AppContext
    from edgestudio.tasks.faces.gallery import Gallery


def _pin(given: str | None) -> str:
    """The admin PIN from ``--pin``, EDGESTUDIO_FACES_PIN, or a prompt when a terminal is there."""
    import getpass
    import os

    from edgestudio.tasks.faces.crypto import PinRequired

    pin = given or os.environ.get("EDGESTUDIO_FACES_PIN")
    if pin:
        return pin
    missing = PinRequired(
        "The face gallery needs the admin PIN, and there is no terminal to ask for it.",
        "Give the PIN with --pin or the EDGESTUDIO_FACES_PIN environment variable.",
    )
    if not sys.stdin or not sys.stdin.isatty():
        raise missing
    try:
        return getpass.getpass("Admin PIN: ")
    except EOFError as exc:
        raise missing from exc


def _damaged_error(gallery: Gallery) -> StorageDamagedError:
    return StorageDamagedError(
        f"The face gallery {gallery.path} is damaged: nobody enrolled in it can be listed or "
        "recognised, and nothing can be added.",
        "Keep the damaged file aside (for recovery) and start a new, empty gallery with "
        "'edgestudio faces reset --set-aside-damaged'; everyone must then be enrolled again.",
    )


def _gallery(ctx: AppContext, pin: str | None, embedder: str) -> Gallery:
    from edgestudio.tasks.faces.gallery import Gallery

    state = ctx.device_key()
    gallery = Gallery(ctx.paths.data_dir / "faces.db", embedder, state)
    if gallery.damaged:
        gallery.close()
        raise _damaged_error(gallery)
    try:
        secret = _pin(pin)
        if gallery.has_pin:
            gallery.unlock(secret)
        else:
            gallery.set_pin(secret)
            if state.key is None:
                print(f"Note: {protection_text('pin', False, state.reason)}", file=sys.stderr)
    except BaseException:
        gallery.close()
        raise
    return gallery


def _image(path_text: str) -> np.ndarray:
    """Read a photo, or say why it cannot be used (a folder, missing, not an image)."""
    import cv2

    path = Path(path_text)
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a photo.", "Give the photo files themselves.")
    if not path.exists():
        raise InputError(f"{path} does not exist.")
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise InputError(f"{path.name} is not an image EdgeStudio can read.", "Use JPEG, PNG, BMP or WebP.")
    return image


def cmd_faces_reset(args: argparse.Namespace) -> int:
    """Set a damaged gallery aside and start a new one (after a typed confirmation or --yes);
    an intact gallery is never touched."""
    from edgestudio.tasks.faces.gallery import Gallery, start_new_gallery

    ctx = cli_context()
    gallery = Gallery(ctx.paths.data_dir / "faces.db")
    if not gallery.damaged:
        gallery.close()
        raise InputError(
            f"The face gallery {gallery.path} is not damaged; nothing was changed.",
            "'faces reset' only sets a damaged gallery aside; delete people with 'faces delete'.",
        )
    if not args.set_aside_damaged:
        gallery.close()
        raise _damaged_error(gallery)
    if not args.yes:
        question = (
            f"{gallery.path} is damaged. It will be renamed (kept for recovery) and a new, empty "
            "gallery started: everyone must be enrolled again. Type 'set aside' to go on: "
        )
        if not sys.stdin or not sys.stdin.isatty():
            gallery.close()
            raise InputError(
                "Setting the damaged gallery aside needs a confirmation, and there is no terminal to ask.",
                "Add --yes to confirm.",
            )
        if input(question).strip().lower() != "set aside":
            gallery.close()
            print("Nothing was changed.")
            return 1
    new, kept = start_new_gallery(gallery)
    new.close()
    print(f"The damaged gallery was kept as {kept}; a new, empty gallery was started.")
    print("Set its admin PIN with the next 'faces' command (or in the Faces tab) and enroll people again.")
    return 0


def cmd_faces(args: argparse.Namespace) -> int:
    import numpy as np

    from edgestudio.tasks.faces.embedder import DEFAULT_FACE_EMBEDDER
    from edgestudio.tasks.faces.enroll import CONSENT_TEXT, capture_from_image, check_name, chip_jpeg
    from edgestudio.tasks.faces.recognize import build_face_recognizer

    if args.faces_cmd == "reset":
        return cmd_faces_reset(args)
    if args.faces_cmd == "status":
        return cmd_faces_status(args)
    if args.faces_cmd in ("export", "import"):
        command = cmd_faces_export if args.faces_cmd == "export" else cmd_faces_import
        return command(args, _pin(args.pin))
    ctx = cli_context()
    embedder = getattr(args, "embedder", DEFAULT_FACE_EMBEDDER)
    gallery = _gallery(ctx, args.pin, embedder)
    try:
        if args.faces_cmd == "list":
            people = [
                {"name": p.name, "templates": p.templates, "enrolled": p.created} for p in gallery.people()
            ]
            print_json(people) if args.json else [
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
        if args.faces_cmd == "enroll" and not gallery.writable:
            raise gallery.db.refusal(f"the enrollment of {args.name}")
        remote = ""
        if getattr(args, "server", None):  # the site server, the local models as its fallback
            from edgestudio.cli.detect import use_site_server

            use_site_server(ctx, args.server, args.token_file or "")
            remote = "remote"
        recognizer = build_face_recognizer(
            ctx.registry,
            ctx.paths.models_dir,
            backend=remote,
            embedder_backend=remote if embedder != "dlib" else "",
            detector_id=getattr(args, "face_detector", "centerface"),
            embedder_id=embedder,
        )
        try:
            if args.faces_cmd == "enroll":
                vectors: list[np.ndarray] = []
                photos: list[bytes] = []
                problems: list[str] = []
                for photo in args.photos:
                    try:
                        image = _image(photo)
                    except InputError as exc:
                        problems.append(f"{photo}: {exc.message}")
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
                check = check_name(gallery, args.name, np.vstack(vectors))
                if check.mismatch and not args.force:
                    raise InputError(
                        f"{check.explanation()} Nothing was enrolled.",
                        "Check the name; add --force if it really is the same person.",
                    )
                person = gallery.enroll(
                    args.name, np.vstack(vectors), photos, CONSENT_TEXT if args.consent else ""
                )
                print(f"Enrolled {person.name}: {person.templates} templates.")
                return 0
            image = _image(args.image)
            matrix, owners = gallery.template_matrix
            names = {p.id: p.name for p in gallery.people()}
            from edgestudio.tasks.faces.embedder import embedder_spec
            from edgestudio.tasks.faces.gallery import match_matrix

            faces = recognizer.detector.detect(image)
            embeddings, _ = recognizer.embedder.embed(image, faces)
            threshold = args.threshold
            if threshold is None:
                threshold = embedder_spec(embedder, ctx.paths.models_dir).threshold
            matches = match_matrix(matrix, owners, names, embeddings, threshold)
            report = [
                {"name": m.name, "score": round(m.score, 3), "box": [round(v, 1) for v in f.box]}
                for f, m in zip(faces, matches, strict=True)
            ]
            for m in matches:
                if m.person_id is not None:
                    gallery.log("recognize", m.name, "cli")
            print_json({"image": args.image, "faces": report, **_runtimes(recognizer)}) if args.json else [
                print(f"{r['name']} {r['score']:.2f}") for r in report
            ]
            return 0
        finally:
            recognizer.close()
    finally:
        gallery.close()


def _runtimes(recognizer: Any) -> dict[str, str]:
    """Which runtime answered the face detector and the embedder ("remote" on the site
    server, else the local one) and the first ``fallback_reason`` ("" when the server did)."""
    from edgestudio.cli.detect import fallback_reason_of, runtime_of

    detector, embedder = recognizer.detector, recognizer.embedder
    embedder_runner = getattr(embedder, "runner", None)
    reasons = [
        fallback_reason_of(detector.runner, ""),
        fallback_reason_of(embedder_runner, "") if embedder_runner is not None else "",
    ]
    return {
        "runtime": runtime_of(detector.runner, detector.backend),
        "embedder_runtime": runtime_of(embedder_runner, embedder.backend),
        "fallback_reason": next((r for r in reasons if r), ""),
    }


def cmd_bench_faces(args: argparse.Namespace) -> int:
    from edgestudio.benchmarks.faces import run_faces_benchmark

    ctx = cli_context()
    report = run_faces_benchmark(ctx.registry, ctx.paths.models_dir, Path(args.source), args.frames)
    print_json(report) if args.json else print(
        f"{report['fps']} fps with {report['faces_per_frame']} faces; 10k match {report['match_ms_p50']} ms"
    )
    return 0


def _face_detector_arg(parser: argparse.ArgumentParser) -> None:
    from edgestudio.tasks.faces.detector import DEFAULT_FACE_DETECTOR, FACE_DETECTORS

    parser.add_argument(
        "--face-detector",
        choices=sorted(FACE_DETECTORS),
        default=DEFAULT_FACE_DETECTOR,
        help="; ".join(f"{key}: {label}" for key, label in FACE_DETECTORS.items()),
    )


def _embedder_arg(parser: argparse.ArgumentParser) -> None:
    from edgestudio.tasks.faces.embedder import DEFAULT_FACE_EMBEDDER, FACE_EMBEDDERS

    parser.add_argument(
        "--embedder",
        choices=sorted(FACE_EMBEDDERS),
        default=DEFAULT_FACE_EMBEDDER,
        help="face recognizer whose templates are enrolled and matched: "
        + "; ".join(f"{key}: {spec.label}" for key, spec in FACE_EMBEDDERS.items()),
    )


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add this module's commands to the parser."""
    faces = sub.add_parser("faces", help="enroll, identify, list and delete people")
    faces.add_argument("--pin", help="admin PIN (or EDGESTUDIO_FACES_PIN; asked on a terminal when missing)")
    faces.add_argument("--json", action="store_true")
    faces_sub = faces.add_subparsers(dest="faces_cmd", required=True)
    enroll = faces_sub.add_parser("enroll")
    enroll.add_argument("name")
    enroll.add_argument("photos", nargs="+")
    enroll.add_argument("--consent", action="store_true", help="record that the person gave consent")
    enroll.add_argument(
        "--force",
        action="store_true",
        help="add the photos to an existing person even when the face does not look like theirs",
    )
    _face_detector_arg(enroll)
    _embedder_arg(enroll)
    identify = faces_sub.add_parser("identify")
    _face_detector_arg(identify)
    _embedder_arg(identify)
    identify.add_argument("image")
    server_args(identify)
    identify.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="match distance (default: the recognizer's calibrated one)",
    )
    identify.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    faces_list = faces_sub.add_parser("list")
    faces_list.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    delete = faces_sub.add_parser("delete")
    delete.add_argument("name")
    reset = faces_sub.add_parser(
        "reset", help="keep a damaged gallery file aside (renamed, for recovery) and start a new gallery"
    )
    reset.add_argument(
        "--set-aside-damaged",
        action="store_true",
        help="rename the damaged gallery file to faces.db.damaged-<time> and start a new, empty one",
    )
    reset.add_argument("--yes", action="store_true", help="do not ask for the typed confirmation")
    register_move(faces_sub)
    faces.set_defaults(func=cmd_faces)
    bench_faces = bench_sub.add_parser("faces", help="face recognition fps and 10k-template matching time")
    bench_faces.add_argument("--source", required=True, help="a video with several faces")
    bench_faces.add_argument("--frames", type=int, default=100)
    bench_faces.add_argument("--json", action="store_true")
    bench_faces.set_defaults(func=cmd_bench_faces)
