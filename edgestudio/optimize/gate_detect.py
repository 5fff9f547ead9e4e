"""The detection accuracy gate: does a candidate still find what the original model finds?

Agreement is measured against the original (FP32) model's own detections on the validation
set, at the threshold the Detect tab uses (the "operating point"): mAP@0.5 of the
candidate's detections (down to a low score) against them, and F1 at a threshold. INT8
lowers scores more than it reorders them, so recall at the original's threshold drops
while precision holds: the gate **re-fits** the candidate's score threshold on the
validation set (the one with the best F1 against the original, nearest the original's on a
tie) and judges F1 there. That threshold is deployed with the candidate.

Matching is greedy in score order per picture and class (IoU >= 0.5), so the matches found
at the lowest threshold hold at every higher one, and F1 at any threshold is a prefix sum.
A candidate detection that matches none of the original's detections at the operating point
but one of its weaker ones (below the threshold, down to LOW_SCORE) is left out, neither
right nor wrong, like COCO's "ignore" regions: the original saw that object too, only less
sure, and the quantized model ranking it a little higher is a change of score, not of what
it finds. Without this, on a validation set of a few dozen objects, two or three
near-threshold objects of small classes decide the mAP.

Pure numpy; any thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from edgestudio.core.messages import Text
from edgestudio.core.types import Detection
from edgestudio.optimize.gate_evidence import bootstrap_interval, evidence_text, photo_groups
from edgestudio.optimize.types import GateResult

DEFAULT_MAP = 0.97
DEFAULT_MIN_F1 = 0.8
MATCH_IOU = 0.5
LOW_SCORE = 0.05  # candidates' detections are collected down to this score for mAP
THRESHOLD_RANGE = (0.05, 0.95)


@dataclass(frozen=True)
class Scored:
    """Every candidate detection of a validation set: its score, whether it matches one of
    the original's detections, and how many detections the original made in all."""

    scores: np.ndarray  # [n] float
    matched: np.ndarray  # [n] bool
    classes: np.ndarray  # [n] int
    reference_per_class: dict[int, int]

    @property
    def reference_count(self) -> int:
        return sum(self.reference_per_class.values())


# The verdict in words, by (mAP@0.5 too low, F1 too low): whole sentences, so each translates.
VERDICTS = {
    (True, True): (
        "Failed: mAP@0.5 {map50:.3f} < {min_map:.3f} and F1 {f1:.3f} < {min_f1:.3f} at its best "
        "threshold {threshold:.2f} (agreement with the original model's detections)."
    ),
    (True, False): (
        "Failed: mAP@0.5 {map50:.3f} < {min_map:.3f} (agreement with the original model's detections)."
    ),
    (False, True): (
        "Failed: F1 {f1:.3f} < {min_f1:.3f} at its best threshold {threshold:.2f} (agreement with "
        "the original model's detections)."
    ),
    (False, False): (
        "Passed: mAP@0.5 {map50:.3f} >= {min_map:.3f}; F1 {f1:.3f} at threshold {threshold:.2f} "
        "(the original's {original:.2f} gives F1 {f1_0:.3f})."
    ),
}


def _iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    x1 = np.maximum(box[0], boxes[:, 0])
    y1 = np.maximum(box[1], boxes[:, 1])
    x2 = np.minimum(box[2], boxes[:, 2])
    y2 = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    return inter / np.maximum(area + areas - inter, 1e-9)


def score_against(
    reference: Sequence[Sequence[Detection]],
    candidate: Sequence[Sequence[Detection]],
    reference_threshold: float,
    iou: float = MATCH_IOU,
) -> Scored:
    """Match ``candidate`` detections (per picture) to the ``reference`` detections scoring
    at least ``reference_threshold`` on the same pictures; those matching only a weaker
    reference detection are left out (see the module docstring)."""
    if len(reference) != len(candidate):
        raise ValueError("reference and candidate must cover the same pictures")
    scores: list[float] = []
    matched: list[bool] = []
    classes: list[int] = []
    per_class: dict[int, int] = {}
    for ref_dets, cand_dets in zip(reference, candidate, strict=True):
        truth = [d for d in ref_dets if d.score >= reference_threshold]
        for det in truth:
            per_class[det.class_id] = per_class.get(det.class_id, 0) + 1
        truth_boxes = np.array([d.box for d in truth], dtype=np.float64).reshape(-1, 4)
        truth_classes = np.array([d.class_id for d in truth], dtype=np.int64)
        weak = [d for d in ref_dets if d.score < reference_threshold]
        weak_boxes = np.array([d.box for d in weak], dtype=np.float64).reshape(-1, 4)
        weak_classes = np.array([d.class_id for d in weak], dtype=np.int64)
        used = np.zeros(len(truth), dtype=bool)
        for det in sorted(cand_dets, key=lambda d: -d.score):
            hit = False
            box = np.asarray(det.box, dtype=np.float64)
            same = np.flatnonzero((truth_classes == det.class_id) & ~used)
            if same.size:
                overlaps = _iou(box, truth_boxes[same])
                best = int(np.argmax(overlaps))
                if overlaps[best] >= iou:
                    used[same[best]] = True
                    hit = True
            if not hit:
                similar = np.flatnonzero(weak_classes == det.class_id)
                if similar.size and float(_iou(box, weak_boxes[similar]).max()) >= iou:
                    continue  # the original's own weaker detection: neither right nor wrong
            scores.append(det.score)
            matched.append(hit)
            classes.append(det.class_id)
    return Scored(
        np.asarray(scores, dtype=np.float64),
        np.asarray(matched, dtype=bool),
        np.asarray(classes, dtype=np.int64),
        per_class,
    )


def average_precision(scores: np.ndarray, matched: np.ndarray, positives: int) -> float:
    """All-point interpolated area under the precision/recall curve (VOC 2010 and later)."""
    if positives == 0:
        return float("nan")
    if scores.size == 0:
        return 0.0
    order = np.argsort(-scores, kind="stable")
    hits = matched[order].astype(np.float64)
    true_pos = np.cumsum(hits)
    recall = true_pos / positives
    precision = true_pos / np.arange(1, hits.size + 1)
    recall = np.concatenate(([0.0], recall, [recall[-1]]))
    precision = np.concatenate(([1.0], precision, [0.0]))
    precision = np.maximum.accumulate(precision[::-1])[::-1]
    steps = np.flatnonzero(recall[1:] != recall[:-1])
    return float(np.sum((recall[steps + 1] - recall[steps]) * precision[steps + 1]))


def mean_average_precision(scored: Scored) -> float:
    """mAP@IoU over the classes the original detected (classes it never found are left out)."""
    values = []
    for class_id, positives in scored.reference_per_class.items():
        mask = scored.classes == class_id
        values.append(average_precision(scored.scores[mask], scored.matched[mask], positives))
    return float(np.mean(values)) if values else 0.0


def f1_at(scored: Scored, threshold: float) -> tuple[float, float, float]:
    """(precision, recall, F1) of the candidate at ``threshold`` against the original."""
    keep = scored.scores >= threshold
    found = int(keep.sum())
    true_pos = int(scored.matched[keep].sum())
    positives = scored.reference_count
    precision = true_pos / found if found else (1.0 if positives == 0 else 0.0)
    recall = true_pos / positives if positives else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def refit_threshold(scored: Scored, original_threshold: float) -> tuple[float, float]:
    """The threshold (and its F1) at which the candidate best reproduces the original's
    detections; the one nearest ``original_threshold`` among equals."""
    low, high = THRESHOLD_RANGE
    options = np.unique(
        np.concatenate(
            ([original_threshold], scored.scores[(scored.scores >= low) & (scored.scores <= high)])
        )
    )
    best_threshold, best_f1 = original_threshold, -1.0
    for threshold in options:
        f1 = f1_at(scored, float(threshold))[2]
        closer = abs(threshold - original_threshold) < abs(best_threshold - original_threshold)
        if f1 > best_f1 + 1e-12 or (abs(f1 - best_f1) <= 1e-12 and closer):
            best_threshold, best_f1 = float(threshold), f1
    return best_threshold, max(best_f1, 0.0)


@dataclass(frozen=True)
class DetectGateOutcome:
    gate: GateResult
    threshold: float  # the re-fitted confidence threshold to deploy with the candidate


def judge(
    reference: Sequence[Sequence[Detection]],
    candidate: Sequence[Sequence[Detection]],
    original_threshold: float,
    min_map: float = DEFAULT_MAP,
    min_f1: float = DEFAULT_MIN_F1,
    sources: Sequence[str] | None = None,
) -> DetectGateOutcome:
    """The gate's verdict: passed when mAP@0.5 >= ``min_map`` and F1 at the re-fitted
    threshold >= ``min_f1``. ``candidate`` holds detections down to LOW_SCORE. ``sources``
    names each picture's source photo, so that the evidence resamples views of one photo
    together."""
    scored = score_against(reference, candidate, original_threshold)
    limits = {"map50": min_map, "f1": min_f1}
    if scored.reference_count == 0:
        gate = GateResult(
            False,
            {"map50": 0.0, "f1": 0.0, "reference_detections": 0.0},
            limits,
            "The original model finds nothing in the validation pictures, so agreement cannot be "
            "judged: use validation photos that show the objects the model detects.",
        )
        return DetectGateOutcome(gate, original_threshold)
    map50 = mean_average_precision(scored)
    precision0, recall0, f1_0 = f1_at(scored, original_threshold)
    threshold, f1 = refit_threshold(scored, original_threshold)
    precision, recall, _ = f1_at(scored, threshold)
    metrics = {
        "map50": round(map50, 4),
        "f1": round(f1, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "threshold": round(threshold, 4),
        "f1_at_original_threshold": round(f1_0, 4),
        "recall_at_original_threshold": round(recall0, 4),
        "precision_at_original_threshold": round(precision0, 4),
        "reference_detections": float(scored.reference_count),
        "candidate_detections": float(int((scored.scores >= threshold).sum())),
    }
    groups = photo_groups(sources, len(reference))
    per_picture = [
        score_against([r], [c], original_threshold) for r, c in zip(reference, candidate, strict=True)
    ]
    map_low, map_high = bootstrap_interval(
        groups, lambda picked: mean_average_precision(joined_scores(per_picture, picked))
    )
    f1_low, f1_high = bootstrap_interval(
        groups, lambda picked: f1_at(joined_scores(per_picture, picked), threshold)[2]
    )
    metrics.update(
        map50_ci_low=round(map_low, 4),
        map50_ci_high=round(map_high, 4),
        f1_ci_low=round(f1_low, 4),
        f1_ci_high=round(f1_high, 4),
        validation_pictures=float(len(reference)),
        validation_photos=float(len(groups)),
    )
    evidence = evidence_text(
        scored.reference_count, len(reference), len(groups), "mAP@0.5", map50, map_low, map_high
    )
    low_map, low_f1 = map50 < min_map, f1 < min_f1
    reason = Text(
        VERDICTS[low_map, low_f1],
        map50=map50,
        min_map=min_map,
        f1=f1,
        min_f1=min_f1,
        threshold=threshold,
        original=original_threshold,
        f1_0=f1_0,
    )
    return DetectGateOutcome(
        GateResult(not (low_map or low_f1), metrics, limits, reason, evidence), threshold
    )


def joined_scores(per_picture: Sequence[Scored], picked: Sequence[int]) -> Scored:
    """The pictures ``picked`` (repeats allowed) scored as one set."""
    chosen = [per_picture[i] for i in picked]
    references: dict[int, int] = {}
    for part in chosen:
        for class_id, count in part.reference_per_class.items():
            references[class_id] = references.get(class_id, 0) + count
    return Scored(
        np.concatenate([p.scores for p in chosen]) if chosen else np.zeros(0),
        np.concatenate([p.matched for p in chosen]) if chosen else np.zeros(0, bool),
        np.concatenate([p.classes for p in chosen]) if chosen else np.zeros(0, int),
        references,
    )
