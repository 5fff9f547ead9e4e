"""Model store commands: list, add and remove (main thread)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgestudio.cli.common import Subparsers, cli_context, print_json
from edgestudio.cli.convert import add_convert_parser
from edgestudio.core.artifact import FORMAT_CTRANSLATE2, FORMAT_GGUF, format_label
from edgestudio.core.errors import ModelAlreadyStored, ModelFormatError
from edgestudio.core.types import TASK_CHAT, TASK_DETECTION, TASK_SPEECH, TASKS

if TYPE_CHECKING:
    from edgestudio.context import AppContext
    from edgestudio.core.artifact import Artifact
    from edgestudio.core.model_store import ModelEntry

ADDABLE_TASKS = (TASK_DETECTION, TASK_CHAT, TASK_SPEECH)
DEFAULT_TASK_BY_FORMAT = {FORMAT_GGUF: TASK_CHAT, FORMAT_CTRANSLATE2: TASK_SPEECH}


def _row(entry: ModelEntry) -> str:
    origin = "bundled" if entry.builtin else "added"
    files = f"{len(entry.all_files)} file{'s' if len(entry.all_files) != 1 else ''}"
    line = (
        f"{entry.id:<32} {entry.task:<10} {format_label(entry.format):<16} {files:<8} "
        f"{entry.size / 1e6:8.1f} MB  {origin:<7}  {entry.name}"
    )
    return line + (f"  [damaged: {entry.problem}]" if entry.problem else "")


def cmd_list(ctx: AppContext, args: argparse.Namespace) -> int:
    entries = ctx.models.list(args.task, include_damaged=True)
    if args.json:
        print_json([e.to_dict() for e in entries])
        return 0
    for entry in entries:
        print(_row(entry))
    damaged = [e for e in entries if e.problem]
    if damaged:
        print(
            f"\n{len(damaged)} stored model(s) are damaged: remove them with 'edgestudio models remove ID'."
        )
    return 0


def _add_speech(ctx: AppContext, artifact: Artifact) -> dict[str, Any]:
    """Whisper (CTranslate2) folders live in the speech model list of the Voice tab."""
    from edgestudio.tasks.speech.models import add_speech_model, speech_models

    known = {m.id: m for m in speech_models(ctx.paths.models_dir, ctx.paths.cache_dir)}
    if artifact.path.name in known:
        raise ModelAlreadyStored(
            f"A speech model named '{artifact.path.name}' is already in the store.",
            "Nothing was added. Rename the folder to add another model under a new name.",
            model_id=artifact.path.name,
        )
    model = add_speech_model(ctx.paths.models_dir, artifact.path)
    return {"id": model.id, "name": model.name, "task": TASK_SPEECH, "format": artifact.format}


def _add(ctx: AppContext, artifact: Artifact, task: str, name: str) -> dict[str, Any]:
    """Check and store ``artifact`` for ``task``; the stored model as a dict."""
    if task == TASK_CHAT:
        from edgestudio.tasks.chat.models import add_chat_model

        chat = add_chat_model(ctx.models, artifact.path, name=name)
        return ctx.models.get(chat.id).to_dict()
    if task == TASK_SPEECH:
        if artifact.format != FORMAT_CTRANSLATE2:
            raise ModelFormatError(
                f"{artifact.path.name} is a {artifact.label} model; speech models are CTranslate2 "
                "(faster-whisper) folders.",
                "Give the folder that holds model.bin, config.json and tokenizer.json.",
            )
        return _add_speech(ctx, artifact)
    from edgestudio.tasks.detection.importer import import_detection_model

    return import_detection_model(ctx.models, ctx.registry, artifact.path, name=name).to_dict()


def _already_stored(ctx: AppContext, exc: ModelAlreadyStored, name: str) -> tuple[str, str, dict[str, Any]]:
    """What to say (and do) when the content is stored already: rename it when --name asks."""
    entry = ctx.models.find(exc.model_id)
    model = entry.to_dict() if entry is not None else {"id": exc.model_id}
    if not name or entry is None or name == entry.name:
        why = "" if not name or entry is not None else " It cannot be renamed: it is not a store entry."
        return "already-stored", f"{exc.message} Nothing was added.{why}", model
    if entry.builtin:
        return (
            "already-stored",
            f"{exc.message} It is bundled with EdgeStudio and keeps its name; nothing was changed.",
            model,
        )
    renamed = ctx.models.rename(entry.id, name)
    return "renamed", f"{exc.message} Nothing was added; it is now named '{name}'.", renamed.to_dict()


def _add_checkpoint(ctx: AppContext, args: argparse.Namespace, path: Path) -> int:
    """``models add best.pt --trust``: an Ultralytics detection checkpoint, exported to ONNX
    in a child process and stored as a detector (progress on stderr)."""
    from edgestudio.tasks.detection.ultralytics_checkpoint import import_checkpoint

    if args.task not in (None, TASK_DETECTION):
        raise ModelFormatError(
            f"{path.name} is a PyTorch checkpoint; EdgeStudio adds Ultralytics checkpoints as "
            f"object detectors, not for {args.task}.",
            "Leave out --task, or give --task detection.",
        )
    if args.imgsz < 0:
        raise ModelFormatError("--imgsz must be 0 (the checkpoint's own size) or more.")

    def progress(fraction: float | None, message: str) -> None:  # the export's reader thread
        if not args.json:
            done = f"{fraction * 100:3.0f} %" if fraction is not None else "  …  "
            print(f"[{done}] {message}", file=sys.stderr, flush=True)

    name = args.name or ""
    try:
        entry, exported = import_checkpoint(
            ctx.models,
            ctx.registry,
            path,
            trusted=args.trust,
            name=name,
            imgsz=args.imgsz,
            on_progress=progress,
        )
        model, status = entry.to_dict(), "added"
        height, width = exported.imgsz
        classes = ", ".join(exported.names[:8]) + (", …" if len(exported.names) > 8 else "")
        message = (
            f"Added {entry.name} as '{entry.id}': the Ultralytics checkpoint {path.name} exported to "
            f"ONNX at {width}x{height} in {exported.export_s:.1f} s, {len(exported.names)} "
            f"class{'es' if len(exported.names) != 1 else ''} ({classes}), licence {entry.license}."
        )
    except ModelAlreadyStored as exc:
        status, message, model = _already_stored(ctx, exc, name)
    return _print_added(args, status, message, model)


def _print_added(args: argparse.Namespace, status: str, message: str, model: dict[str, Any] | None) -> int:
    """What ``models add`` says, as text or as its JSON document."""
    if args.json:
        print_json({"status": status, "message": message, "model": model})
    else:
        print(message)
    return 0


def cmd_add(ctx: AppContext, args: argparse.Namespace) -> int:
    from edgestudio.core.formats import sniff
    from edgestudio.tasks.detection.ultralytics_checkpoint import is_torch_checkpoint

    path = Path(args.file).expanduser()
    if path.is_file() and is_torch_checkpoint(path):
        return _add_checkpoint(ctx, args, path)
    artifact = sniff(path)
    task = args.task or DEFAULT_TASK_BY_FORMAT.get(artifact.format, TASK_DETECTION)
    name = args.name or ""
    try:
        model = _add(ctx, artifact, task, name)
        status = "added"
        message = (
            f"Added {model['name']} as '{model['id']}' ({task}, {format_label(artifact.format)}, "
            f"{len(artifact.files)} file{'s' if len(artifact.files) != 1 else ''}, "
            f"{artifact.size / 1e6:.1f} MB)."
        )
    except ModelAlreadyStored as exc:
        status, message, model = _already_stored(ctx, exc, name)
    return _print_added(args, status, message, model)


def cmd_remove(ctx: AppContext, args: argparse.Namespace) -> int:
    entry = ctx.models.remove(args.model_id)
    message = f"Removed {entry.name} ('{entry.id}', {len(entry.all_files)} file(s))."
    if args.json:
        print_json({"status": "removed", "message": message, "model": entry.to_dict()})
    else:
        print(message)
    return 0


def cmd_rollback(ctx: AppContext, args: argparse.Namespace) -> int:
    """Return a task to the model it used before the last optimizer deploy."""
    from edgestudio.core.deployments import Deployments
    from edgestudio.optimize.deploy import rollback

    removed, now = rollback(Deployments.in_data_dir(ctx.paths.data_dir), args.rollback_task)
    using = f"'{now.model_id}' ({now.label})" if now else "its default model"
    message = f"Rolled back {removed.task}: '{removed.model_id}' is no longer used; it uses {using} again."
    if args.json:
        active = now.model_id if now else None
        print_json(
            {"status": "rolled-back", "message": message, "removed": removed.model_id, "active": active}
        )
    else:
        print(message)
    return 0


def cmd_export(ctx: AppContext, args: argparse.Namespace) -> int:
    """``models export MODEL --triton DIR``: a standard Triton model repository (main thread)."""
    from edgestudio.serve.triton_repository import BatchingOptions, export_triton_repository

    if args.max_batch < 0 or args.queue_delay_us < 0 or args.instances < 1:
        raise ModelFormatError("--max-batch and --queue-delay-us must be 0 or more, --instances 1 or more.")
    entry = ctx.resolve_model(args.model_id)
    options = BatchingOptions(
        max_batch_size=args.max_batch, max_queue_delay_us=args.queue_delay_us, instances=args.instances
    )
    exported = export_triton_repository(entry, Path(args.triton), options)
    if args.json:
        print_json(exported.to_dict())
        return 0
    print(f"Wrote {exported.folder / exported.model_name} ({exported.platform}).")
    print(exported.config_text.rstrip())
    if exported.note:
        print(f"note: {exported.note}")
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    ctx = cli_context()
    if args.models_cmd == "export":
        return cmd_export(ctx, args)
    if args.models_cmd == "rollback":
        return cmd_rollback(ctx, args)
    if args.models_cmd == "add":
        return cmd_add(ctx, args)
    if args.models_cmd == "remove":
        return cmd_remove(ctx, args)
    return cmd_list(ctx, args)


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add this module's commands to the parser."""
    models = sub.add_parser("models", help="list, add or remove models")
    models_sub = models.add_subparsers(dest="models_cmd")
    models_list = models_sub.add_parser("list", help="the stored models, with format and files")
    models_list.add_argument("--task", choices=TASKS, help="only models for this task")
    models_list.add_argument("--json", action="store_true")
    models_add = models_sub.add_parser(
        "add",
        help="check a model and copy it (with all its files) into the store",
        description="The format is recognised from the content: ONNX, OpenVINO IR (.xml + .bin), "
        "ncnn, TensorFlow Lite, TensorRT engine, GGUF, or a CTranslate2 folder. An Ultralytics "
        "detection checkpoint (best.pt) is exported to ONNX in a separate process and stored as "
        "a detector; loading a .pt runs code inside it, so it needs --trust (and the pytorch extra).",
    )
    models_add.add_argument("file", help="the model file (or the .xml of an IR, or a model folder)")
    models_add.add_argument(
        "--trust",
        action="store_true",
        help="a .pt checkpoint: you trust where it came from (loading it runs code stored in it)",
    )
    models_add.add_argument(
        "--imgsz",
        type=int,
        default=0,
        help="a .pt checkpoint: the ONNX input size (default: the size it was trained at)",
    )
    models_add.add_argument("--name", help="display name (renames the stored copy if already stored)")
    models_add.add_argument(
        "--task",
        choices=ADDABLE_TASKS,
        help="what the model does (default: chat for GGUF, speech for CTranslate2, else detection)",
    )
    models_add.add_argument("--json", action="store_true")
    models_remove = models_sub.add_parser("remove", help="delete a stored model and all its files")
    models_remove.add_argument("model_id", help="the id 'edgestudio models list' shows")
    models_remove.add_argument("--json", action="store_true")
    models_rollback = models_sub.add_parser(
        "rollback", help="undo the last optimizer deploy of a task (the previous model comes back)"
    )
    models_rollback.add_argument(
        "--task", dest="rollback_task", required=True, help="detect, faces, asr or chat (or a store task id)"
    )
    models_rollback.add_argument("--json", action="store_true")
    models_export = models_sub.add_parser(
        "export",
        help="write a stored model as a standard Triton model repository (Triton, OVMS, KServe)",
    )
    models_export.add_argument("model_id", help="the id 'edgestudio models list' shows")
    models_export.add_argument("--triton", required=True, metavar="DIR", help="the model repository folder")
    models_export.add_argument(
        "--max-batch",
        type=int,
        default=8,
        help="dynamic batcher's largest batch (0: off; default: %(default)s)",
    )
    models_export.add_argument(
        "--queue-delay-us", type=int, default=2000, help="longest wait for a batch (default: %(default)s)"
    )
    models_export.add_argument("--instances", type=int, default=1, help="model instances per device")
    models_export.add_argument("--json", action="store_true")
    add_convert_parser(models_sub)
    models.add_argument("--json", action="store_true")
    models.set_defaults(func=cmd_models, models_cmd="list", task=None)
