"""Which model each task uses now, and what it used before: the optimizer's deployments.

One JSON file in the data folder (``deployments.json``), rewritten atomically on every
change, holds per task a stack of deployments, the newest last. The newest is the task's
active model (with its settings: a detector's re-fitted score threshold, a Whisper compute
type); rolling back drops it and the one before becomes active again; an empty stack means
the task's own default. Deployed models stay in the model store: a rollback deletes nothing.

Any thread; one writer at a time (the GUI thread or a CLI command).

``Deployments`` is also the one observable of deployments: ``subscribe(listener)`` hears every
change made through it (``push``, ``rollback``) and every change ``check()`` finds in the file
(another process, such as ``edgestudio optimize --deploy``), as a ``DeploymentChange``. The
app creates one in its context; the wizard writes through it and the main window hands each
change to every tab (``AppTab.apply_deployment``).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from edgestudio.core.atomic import atomic_write_text
from edgestudio.core.errors import InputError
from edgestudio.core.types import (
    TASK_CHAT,
    TASK_DETECTION,
    TASK_FACE_DETECTION,
    TASK_FACE_EMBEDDING,
    TASK_SPEECH,
)

log = logging.getLogger(__name__)

FILE_NAME = "deployments.json"
SCHEMA = 1
# the optimizer's task names (CLI --task) -> the model store's task ids
OPTIMIZE_TO_STORE_TASK = {
    "detect": TASK_DETECTION,
    "faces": TASK_FACE_DETECTION,
    TASK_FACE_EMBEDDING: TASK_FACE_EMBEDDING,  # the faces optimizer's embedder candidates
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


@dataclass(frozen=True)
class DeploymentChange:
    """A deploy or a rollback: ``task`` (the model store's task id) uses ``active`` now (None:
    its default model). ``source_id`` is the model the deployment was made from, what the task
    returns to when nothing is deployed; ``removed`` is the deployment a rollback dropped."""

    task: str
    active: Deployment | None
    source_id: str = ""
    removed: Deployment | None = None

    @property
    def rolled_back(self) -> bool:
        return self.removed is not None

    @property
    def model_id(self) -> str:
        """The model the task uses now: the deployed one, else the source it came from."""
        return self.active.model_id if self.active is not None else self.source_id


Listener = Callable[[DeploymentChange], None]


class Deployments:
    """The deployment stacks of every task, read from and written to ``path``, and the
    observable of their changes (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._seen: dict[str, Deployment | None] | None = None  # active per task, once observed

    # -- the observable ----------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(change)`` after every change from now on; returns the unsubscribe
        function. A listener runs on the thread that made the change (a worker thread for the
        wizard's deploy, the caller's for ``check()``), so a GUI hands it to its own thread; an
        exception in a listener is logged and never undoes the change."""
        with self._lock:
            if self._seen is None:
                self._seen = self._active_all()
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def check(self) -> list[DeploymentChange]:
        """Announce what changed in the file since it was last observed (a deploy or rollback
        by another process) and return it; nothing when it is as last seen. Calling thread."""
        with self._lock:
            stacks = {task: [Deployment.from_dict(d) for d in stack] for task, stack in self._read().items()}
            now = {task: stack[-1] if stack else None for task, stack in stacks.items()}
            if self._seen is None:
                self._seen = now
                return []
            changes = []
            for task in sorted(set(now) | set(self._seen)):
                before, after = self._seen.get(task), now.get(task)
                if before == after:
                    continue
                removed = before if before is not None and before not in stacks.get(task, []) else None
                known = after if after is not None else before
                changes.append(DeploymentChange(task, after, known.source_id if known else "", removed))
            self._seen = now
        for change in changes:
            self._announce(change)
        return changes

    def _active_all(self) -> dict[str, Deployment | None]:
        return {
            task: Deployment.from_dict(stack[-1]) if stack else None for task, stack in self._read().items()
        }

    def _observed(self, task: str, active: Deployment | None) -> None:
        if self._seen is not None:
            self._seen[task] = active

    def _announce(self, change: DeploymentChange) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(change)
            except Exception:  # an observer must never break a deploy that was written
                log.exception("a deployment listener failed on %s", change.task)

    # -- the file ----------------------------------------------------------------------------
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
        with self._lock:
            tasks = self._read()
            tasks.setdefault(task, []).append(asdict(stamped))
            self._write(tasks)
            self._observed(task, stamped)
        log.info("deployed %s for %s (%s)", stamped.model_id, task, stamped.label)
        self._announce(DeploymentChange(task, stamped, stamped.source_id))
        return stamped

    def rollback(self, task: str) -> tuple[Deployment, Deployment | None]:
        """Drop ``task``'s active deployment; returns it and what is active now (None: the
        default). InputError when nothing was deployed."""
        key = store_task(task)
        with self._lock:
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
            self._observed(key, now)
        log.info(
            "rolled back %s from %s to %s", key, removed.model_id, now.model_id if now else "the default"
        )
        self._announce(DeploymentChange(key, now, removed.source_id, removed))
        return removed, now
