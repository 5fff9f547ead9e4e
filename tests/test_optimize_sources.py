"""The optimizer's source models resolved in one place (``optimize/sources.py``): the plan's
child process, which the wizard starts, lists candidates for the packaged chat and speech
defaults, which are not model store entries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from edgestudio.core.errors import InputError
from edgestudio.optimize.run import make_context, resolve_source
from edgestudio.tasks.chat.models import default_chat_model
from edgestudio.tasks.speech.models import default_speech_model

ROOT = Path(__file__).resolve().parents[1]


def child_list(home: Path, task: str, model: str) -> dict:
    """``python -m edgestudio.core.process_child edgestudio.optimize.run:main ... --list``."""
    command = [
        sys.executable,
        "-m",
        "edgestudio.core.process_child",
        "edgestudio.optimize.run:main",
        "--task",
        task,
        "--model",
        model,
        "--home",
        str(home),
        "--list",
    ]
    env = {**os.environ, "EDGESTUDIO_HOME": str(home)}
    # stdin stays open while it works: end-of-file tells the child its parent is gone
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None and child.stdin is not None
        events = []
        for line in child.stdout:
            if line.startswith("{"):
                events.append(json.loads(line))
            if events and events[-1]["event"] in ("finished", "failed"):
                break
        child.stdin.close()
        assert child.wait(timeout=120) == 0, events
    return events[-1]


@pytest.mark.parametrize(
    ("task", "default"),
    [("asr", default_speech_model), ("chat", default_chat_model)],
)
def test_child_lists_candidates_for_the_packaged_default(tmp_path: Path, task: str, default: object) -> None:
    model = default()  # type: ignore[operator]
    assert model is not None, "the packaged default is installed by scripts/install.sh"
    last = child_list(tmp_path, task, model.id)
    assert last["event"] == "finished", last
    candidates = last["candidates"]
    assert any(c["baseline"] for c in candidates) and all(c["task"] == task for c in candidates)


def test_sources_resolve_defaults_ids_and_refuse_unknown_names(tmp_path: Path) -> None:
    ctx = make_context(str(tmp_path))
    speech = resolve_source(ctx, "", "asr", str(tmp_path))
    assert speech.format == "ctranslate2" and speech.id == "whisper-tiny-en"
    chat = resolve_source(ctx, "", "chat", str(tmp_path))
    assert chat.format == "gguf" and chat.id == "smollm2-135m-instruct"
    assert resolve_source(ctx, "", "detect", str(tmp_path)).id == "centernet-coco"
    with pytest.raises(InputError, match="TensorFlow Lite"):
        resolve_source(ctx, "blazeface", "faces", str(tmp_path))
    with pytest.raises(InputError, match="neither"):
        resolve_source(ctx, "no-such-model", "asr", str(tmp_path))
