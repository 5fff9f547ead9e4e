"""Deploy an optimizer candidate (it becomes the model its tab uses, with its settings) and
roll back (the previous model comes back; nothing is deleted).

A built artifact (a quantized GGUF, an INT8 ONNX model, an OpenVINO IR ...) is copied into the
model store only now, when it has passed its gate and the user chose it; the store's add is
crash-safe, so a kill leaves the store as it was. A speech candidate is the same Whisper
folder with another compute type: only its settings are recorded. Runs on the calling
thread (a worker thread in the GUI; the main thread of a CLI command).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from edgestudio.core.deployments import Deployment, Deployments, store_task
from edgestudio.core.errors import InputError, ModelAlreadyStored
from edgestudio.core.model_store import ModelEntry, ModelStore
from edgestudio.core.types import TASK_SPEECH
from edgestudio.optimize.types import CandidateResult, OptimizeReport

log = logging.getLogger(__name__)


def deploy(
    store: ModelStore,
    deployments: Deployments,
    result: CandidateResult,
    source: ModelEntry,
    report_path: Path | None = None,
) -> Deployment:
    """Make ``result`` the active model of its task and return the deployment.

    Refuses (InputError) a candidate that did not pass its gate or has no artifact. The
    stored copy carries the source's hints (a detector's layout and labels) with the
    candidate's settings over them (its re-fitted threshold)."""
    candidate = result.candidate
    if not result.deployable:
        why = result.gate.reason if result.gate else result.message or result.status
        raise InputError(
            f"{candidate.label} cannot be deployed: it did not pass the accuracy gate ({why}).",
            "Only candidates that passed can be deployed; the current model stays.",
        )
    task = store_task(candidate.task)
    if candidate.baseline:
        raise InputError(
            f"{candidate.label} is the original model; there is nothing to deploy.",
            f"Roll back with 'edgestudio models rollback --task {candidate.task}' to return to it.",
        )
    artifact = Path(result.artifact)
    if task == TASK_SPEECH:
        model_id, path = source.id, str(artifact)
    else:
        hints: dict[str, Any] = {**source.hints, **result.settings}
        try:
            entry = store.add(
                artifact,
                task=task,
                name=f"{source.name} {candidate.precision.upper()} ({candidate.backend})",
                hints=hints,
                precision=candidate.precision,
                license=source.license,
            )
            model_id, path = entry.id, str(entry.path)
        except ModelAlreadyStored as exc:  # deployed before, or re-run with the cached artifact
            entry = store.get(exc.model_id)
            model_id, path = entry.id, str(entry.path)
    return deployments.push(
        Deployment(
            task=task,
            model_id=model_id,
            path=path,
            format=candidate.format,
            label=candidate.label,
            candidate_id=candidate.id,
            source_id=source.id,
            settings=dict(result.settings),
            report=str(report_path) if report_path else "",
        )
    )


def deploy_pick(
    store: ModelStore,
    deployments: Deployments,
    report: OptimizeReport,
    source: ModelEntry,
    report_path: Path | None = None,
) -> Deployment:
    """Deploy the report's pick; InputError when it has none (no candidate passed)."""
    chosen = next((r for r in report.results if r.candidate.id == report.pick), None)
    if chosen is None:
        raise InputError(f"Nothing was deployed: {report.pick_reason}", "The current model stays.")
    return deploy(store, deployments, chosen, source, report_path)


def rollback(deployments: Deployments, task: str) -> tuple[Deployment, Deployment | None]:
    """Return ``task`` to the model it used before the last deploy (see Deployments.rollback)."""
    return deployments.rollback(task)
