"""The face detection accuracy gate: does a candidate still find the faces the original finds?

The original CenterFace's own detections on the validation photos (at its operating point,
score 0.5) are the reference, so the original's recall is 1.0 by definition and "recall
within 1 point of the original" means the candidate finds at least 99 % of those faces.
Matching is the detection gate's (``gate_detect.score_against``: greedy in score order,
IoU >= 0.5, a face the original saw only below its threshold is neither right nor wrong).

INT8 lowers scores, so the threshold is re-fitted: among the thresholds at which recall
holds, the one with the best precision (the one nearest the original's among equals). A
precision floor keeps a candidate that finds every face but also many non-faces from passing.
The embedding gate (TAR at a fixed FAR) would apply to an embedder candidate; the optimizer
does not convert the embedder in this version.

Pure numpy; any thread.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from edgestudio.core.messages import Text
from edgestudio.core.types import Detection
from edgestudio.optimize.gate_detect import (
    THRESHOLD_RANGE,
    DetectGateOutcome,
    average_precision,
    f1_at,
    joined_scores,
    score_against,
)
from edgestudio.optimize.gate_evidence import bootstrap_interval, evidence_text, photo_groups
from edgestudio.optimize.types import GateResult
from edgestudio.tasks.faces.detector import Face

DEFAULT_RECALL_DROP = 0.01  # the candidate may miss at most 1 point of the original's faces
DEFAULT_MIN_PRECISION = 0.95
TOLERANCE = 1e-9


# The verdict in words, by (too few faces found, too imprecise): whole sentences, so each translates.
VERDICTS = {
    (True, True): (
        "Failed: it finds {recall:.1%} of the original's {count} faces at best (at least "
        "{min_recall:.0%} needed), and its precision is {precision:.3f} < {min_precision:.2f} at "
        "threshold {threshold:.2f} (agreement with the original face detector)."
    ),
    (True, False): (
        "Failed: it finds {recall:.1%} of the original's {count} faces at best (at least "
        "{min_recall:.0%} needed; agreement with the original face detector)."
    ),
    (False, True): (
        "Failed: precision {precision:.3f} < {min_precision:.2f} at threshold {threshold:.2f} "
        "(agreement with the original face detector)."
    ),
    (False, False): (
        "Passed: recall {recall:.3f} of the original's {count} faces, precision {precision:.3f} at "
        "threshold {threshold:.2f} (the original's {original:.2f} gives recall {recall0:.3f})."
    ),
}


def as_detections(faces: Sequence[Face]) -> list[Detection]:
    """Faces as one-class detections, for the detection gate's matching."""
    return [Detection(face.box, face.score, 0, "face") for face in faces]


def judge_faces(
    reference: Sequence[Sequence[Detection]],
    candidate: Sequence[Sequence[Detection]],
    original_threshold: float,
    max_recall_drop: float = DEFAULT_RECALL_DROP,
    min_precision: float = DEFAULT_MIN_PRECISION,
    sources: Sequence[str] | None = None,
) -> DetectGateOutcome:
    """The verdict on ``candidate`` (detections per validation picture, down to a low score)
    against the original's ``reference``; the threshold returned is the one to deploy. The
    evidence (faces, pictures, photos from ``sources``, recall's interval) goes with it."""
    scored = score_against(reference, candidate, original_threshold)
    min_recall = 1.0 - max_recall_drop
    limits = {"recall": round(min_recall, 4), "precision": min_precision}
    if scored.reference_count == 0:
        gate = GateResult(
            False,
            {"recall": 0.0, "precision": 0.0, "reference_faces": 0.0},
            limits,
            "The original face detector finds no face in the validation pictures, so agreement "
            "cannot be judged: use validation photos that show faces.",
        )
        return DetectGateOutcome(gate, original_threshold)
    low, high = THRESHOLD_RANGE
    options = np.unique(
        np.concatenate(
            ([original_threshold], scored.scores[(scored.scores >= low) & (scored.scores <= high)])
        )
    )
    best: tuple[float, float] | None = None  # (threshold, precision) with recall held
    lowest_recall_threshold, best_recall = original_threshold, -1.0
    for value in options:
        threshold = float(value)
        precision, recall, _ = f1_at(scored, threshold)
        if recall > best_recall + TOLERANCE or (
            abs(recall - best_recall) <= TOLERANCE
            and abs(threshold - original_threshold) < abs(lowest_recall_threshold - original_threshold)
        ):
            lowest_recall_threshold, best_recall = threshold, recall
        if recall + TOLERANCE < min_recall:
            continue
        if (
            best is None
            or precision > best[1] + TOLERANCE
            or (
                abs(precision - best[1]) <= TOLERANCE
                and abs(threshold - original_threshold) < abs(best[0] - original_threshold)
            )
        ):
            best = (threshold, precision)
    threshold = best[0] if best is not None else lowest_recall_threshold
    precision, recall, f1 = f1_at(scored, threshold)
    precision0, recall0, _ = f1_at(scored, original_threshold)
    ap50 = average_precision(scored.scores, scored.matched, scored.reference_count)
    metrics = {
        "recall": round(recall, 4),
        "precision": round(precision, 4),
        "f1": round(f1, 4),
        "ap50": round(ap50, 4),
        "threshold": round(threshold, 4),
        "recall_at_original_threshold": round(recall0, 4),
        "precision_at_original_threshold": round(precision0, 4),
        "reference_faces": float(scored.reference_count),
        "candidate_faces": float(int((scored.scores >= threshold).sum())),
    }
    groups = photo_groups(sources, len(reference))
    per_picture = [
        score_against([r], [c], original_threshold) for r, c in zip(reference, candidate, strict=True)
    ]
    recall_low, recall_high = bootstrap_interval(
        groups, lambda picked: f1_at(joined_scores(per_picture, picked), threshold)[1]
    )
    metrics.update(
        recall_ci_low=round(recall_low, 4),
        recall_ci_high=round(recall_high, 4),
        validation_pictures=float(len(reference)),
        validation_photos=float(len(groups)),
    )
    evidence = evidence_text(
        scored.reference_count, len(reference), len(groups), "recall", recall, recall_low, recall_high
    )
    few, imprecise = recall + TOLERANCE < min_recall, precision + TOLERANCE < min_precision
    reason = Text(
        VERDICTS[few, imprecise],
        recall=recall,
        count=scored.reference_count,
        min_recall=min_recall,
        precision=precision,
        min_precision=min_precision,
        threshold=threshold,
        original=original_threshold,
        recall0=recall0,
    )
    return DetectGateOutcome(GateResult(not (few or imprecise), metrics, limits, reason, evidence), threshold)
