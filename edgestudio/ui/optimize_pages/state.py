"""What the Optimize wizard's pages share: the user's choices, the candidates listed by the
optimizer's child process and the report it finished with. No widgets; GUI thread only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edgestudio.context import AppContext
from edgestudio.core.deployments import Deployments, store_task
from edgestudio.core.paths import AppPaths
from edgestudio.core.types import TASK_FACE_EMBEDDING
from edgestudio.optimize.sources import CENTERFACE_ID
from edgestudio.optimize.types import Candidate, OptimizeReport
from edgestudio.tasks.chat.models import chat_models
from edgestudio.tasks.faces.faceres import MODEL_ID as FACERES_ID
from edgestudio.tasks.speech.models import speech_models

PLAN_TARGET = "edgestudio.optimize.run:main"  # the optimizer's child entry point
TARGETS = ("auto", "cpu", "gpu", "npu")


def home_argument(paths: AppPaths) -> list[str]:
    """``--home ROOT`` when the app's folders are laid out under one root (EDGESTUDIO_HOME),
    so the child reads and writes the same store; nothing for the platform folders, which the
    child finds by itself."""
    root = paths.data_dir.parent
    if paths.data_dir.name == "data" and paths.config_dir == root / "config":
        return ["--home", str(root)]
    return []


@dataclass(frozen=True)
class ModelChoice:
    """One model the wizard can start from: its id for ``--model`` and its name for people."""

    id: str
    name: str
    path: str = ""  # its file or folder, when the tab knows it by that


def models_for(ctx: AppContext, task: str) -> list[ModelChoice]:
    """The models of ``task`` ("detect", "faces", "asr", "chat") this installation has, the
    task's default first, named as ``optimize/sources.py`` resolves them: the configured
    detector, the packaged CenterFace (``centerface``, prepared by the child on first use),
    Whisper and GGUF models, then the model store's entries of the task."""
    if task == "chat":
        return [ModelChoice(m.id, m.name, str(m.path)) for m in chat_models(ctx.models)]
    if task == "asr":
        models = speech_models(ctx.paths.models_dir, ctx.paths.cache_dir)
        return [ModelChoice(m.id, m.name, str(m.path)) for m in models]
    stored = [ModelChoice(e.id, e.name, str(e.path)) for e in ctx.models.list(store_task(task))]
    if task == "faces":  # the detector, then the face embedder (judged by TAR at a fixed FAR)
        defaults = [ModelChoice(CENTERFACE_ID, "CenterFace")]
        faceres = ctx.models.find(FACERES_ID)
        if faceres is not None:
            defaults.append(ModelChoice(faceres.id, faceres.name, str(faceres.path)))
    else:
        default_id = ctx.config.detection.model_id
        defaults = [c for c in stored if c.id == default_id]
    default_ids = {c.id for c in defaults}
    return defaults + [c for c in stored if c.id not in default_ids]


@dataclass
class WizardState:
    """The choices made so far and what the child process reported (GUI thread)."""

    ctx: AppContext
    task: str = "detect"
    model_id: str = ""
    target: str = "auto"
    candidates: list[Candidate] = field(default_factory=list)
    chosen: list[str] = field(default_factory=list)  # candidate ids to build (the baseline always runs)
    calibration: str = ""  # "" = the packaged photos
    validation: str = ""
    calibration_count: int = 48
    validation_count: int = 24
    rounds: int = 0  # 0 = the planner's default
    gate: float | None = None
    use_cache: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    report: OptimizeReport | None = None
    selected: str = ""  # the candidate chosen on the results page ("" = the recommendation)
    report_html: Path | None = None

    @property
    def deploy_task(self) -> str:
        """The task a deploy or rollback changes: the face embedder's when the faces task
        starts from FaceRes, else the wizard's task."""
        return TASK_FACE_EMBEDDING if self.task == "faces" and self.model_id == FACERES_ID else self.task

    @property
    def deployments(self) -> Deployments:
        return self.ctx.deployments  # the app's one observable: every tab hears the change

    def _common_args(self) -> list[str]:
        return [
            "--task",
            self.task,
            "--model",
            self.model_id,
            "--target",
            self.target,
            *home_argument(self.ctx.paths),
        ]

    def list_args(self) -> list[str]:
        """The child's arguments that list the candidates."""
        return [*self._common_args(), "--list"]

    def plan_args(self) -> list[str]:
        """The child's arguments that run the plan with the choices made."""
        args = [
            *self._common_args(),
            "--calibration-count",
            str(self.calibration_count),
            "--validation-count",
            str(self.validation_count),
            "--rounds",
            str(self.rounds),
        ]
        if self.calibration:
            args += ["--calibration", self.calibration]
        if self.validation:
            args += ["--validation", self.validation]
        if self.gate is not None:
            args += ["--gate", str(self.gate)]
        if self.chosen:
            args += ["--only", ",".join(self.chosen)]
        if not self.use_cache:
            args.append("--no-cache")
        if self.extra:
            args += ["--extra", json.dumps(self.extra)]
        return args

    def report_folder(self) -> Path:
        """Where this run's HTML and JSON report is written."""
        stamp = (self.report.started_at if self.report else "").replace(":", "").replace("-", "") or "latest"
        return self.ctx.paths.data_dir / "optimize-reports" / f"{self.task}-{self.model_id}-{stamp}"
