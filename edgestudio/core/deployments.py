"""Which model each task uses now, and what it used before: the optimizer's deployments.

One JSON file in the data folder (``deployments.json``), rewritten atomically on every
change, holds per task a stack of deployments, the newest last. The newest is the task's
active model (with its settings: a detector's re-fitted score threshold, a Whisper compute
type); rolling back drops it and the one before becomes active again; an empty stack means
the task's own default. Deployed models stay in the model store: a rollback deletes nothing.

Any thread; one writer at a time (the GUI thread or a CLI command).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import InputError
from edgestudio.core.types import TASK_CHAT, TASK_DETECTION, TASK_FACE_DETECTION, TASK_SPEECH

log = logging.getLogger(__name__)

FILE_NAME = "deployments.json"
SCHEMA = 1
# the optimizer's task names (CLI --task) -> the model store's task ids
OPTIMIZE_TO_STORE_TASK = {
    "detect": TASK_DETECTION,
    "faces": TASK_FACE_DETECTION,
    "asr": TASK_SPEECH,
    "chat": TASK_CHAT,
}


def store_task(task: str) -> str:
    """The model store's task id for ``task`` given either way ("detect" or "detection")."""
    if task in OPTIMIZE_TO_STORE_TASK.values():
        return task
    if task in OPTIMIZE_TO_STORE_TASK:
        return OPTIMIZE_TO_STORE_TASK[task]
    names = ", ".join(OPTIMIZE_TO_STORE_TASK)
    raise InputError(f"There is no task '{task}' to deploy to.", f"Use one of: {names}.")


@dataclass(frozen=True)
class Deployment:
    """One model made a task's active model. ``model_id`` is its model store id (or the
    speech model's id), ``path`` its main file or folder, ``settings`` what the task applies
    with it (``score_threshold``, ``compute_type``, ``threads`` ...)."""

    task: str
    model_id: str
    path: str
    format: str
    label: str
    candidate_id: str = ""
    source_id: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    deployed_at: str = ""
    report: str = ""  # the optimizer report it came from, if saved

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deployment:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


class Deployments:
    """The deployment stacks of every task, read from and written to ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Deployments:
        return cls(data_dir / FILE_NAME)

    def _read(self) -> dict[str, list[dict[str, Any]]]:
        if not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning(
                "the deployments file %s is unreadable (%s): every task uses its default", self.path, exc
            )
            return {}
        tasks = data.get("tasks", {}) if isinstance(data, dict) else {}
        return {str(k): list(v) for k, v in tasks.items() if isinstance(v, list)}

    def _write(self, tasks: dict[str, list[dict[str, Any]]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps({"schema": SCHEMA, "tasks": tasks}, indent=2))

    def history(self, task: str) -> list[Deployment]:
        """Every deployment of ``task`` still on its stack, oldest first."""
        return [Deployment.from_dict(d) for d in self._read().get(store_task(task), [])]

    def active(self, task: str) -> Deployment | None:
        """The deployment ``task`` uses now; None when it uses its default model."""
        stack = self.history(task)
        return stack[-1] if stack else None

    def push(self, deployment: Deployment) -> Deployment:
        """Make ``deployment`` its task's active model (the previous one stays below it)."""
        task = store_task(deployment.task)
        stamped = Deployment.from_dict(
            {
                **asdict(deployment),
                "task": task,
                "deployed_at": deployment.deployed_at or time.strftime("%Y-%m-%dT%H:%M:%S"),
            }
        )
        tasks = self._read()
        tasks.setdefault(task, []).append(asdict(stamped))
        self._write(tasks)
        log.info("deployed %s for %s (%s)", stamped.model_id, task, stamped.label)
        return stamped

    def rollback(self, task: str) -> tuple[Deployment, Deployment | None]:
        """Drop ``task``'s active deployment; returns it and what is active now (None: the
        default). InputError when nothing was deployed."""
        key = store_task(task)
        tasks = self._read()
        stack = tasks.get(key, [])
        if not stack:
            raise InputError(
                f"Nothing was deployed for {key}: it already uses its default model.",
                "Deploy a candidate with 'edgestudio optimize MODEL --task ... --deploy' first.",
            )
        removed = Deployment.from_dict(stack.pop())
        tasks[key] = stack
        self._write(tasks)
        now = Deployment.from_dict(stack[-1]) if stack else None
        log.info(
            "rolled back %s from %s to %s", key, removed.model_id, now.model_id if now else "the default"
        )
        return removed, now
