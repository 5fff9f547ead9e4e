"""The face embedder's accuracy gate: TAR at a fixed FAR, candidate probes against the
original's gallery.

The gallery was enrolled with the original embedder, so what matters is whether a face the
candidate embeds still matches the right person's original templates and no one else's:
every pair of face pictures (i, j) is scored as the L2 distance between the candidate's
embedding of i and the original's of j (both ways). Pairs of one person are genuine, pairs of
two people impostors. At the FAR (the share of impostor pairs accepted) the gate is held to,
the threshold that accepts at most that share of impostors is found for the original (its own
embeddings on both sides) and for the candidate; the candidate's TAR there may be at most
``max_drop`` below the original's. The FAR is ``DEFAULT_FAR`` or, with fewer impostor pairs
than that needs, the smallest FAR the pairs can measure (one impostor in all of them).

The app matches at one threshold (the embedder's card), so the threshold is re-fitted for
the candidate by the card's own rule: midway between the largest genuine and the smallest
impostor distance when they separate, else the FAR threshold. The evidence (pairs, people,
pictures, photos, a 95 % interval: the wider of a bootstrap over the people and the Wilson
interval of the genuine pairs, which does not collapse when every pair is accepted) goes with
every verdict.

Pure numpy; any thread.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from edgestudio.core.messages import Text
from edgestudio.optimize.gate_detect import DetectGateOutcome
from edgestudio.optimize.gate_evidence import bootstrap_interval
from edgestudio.optimize.types import GateResult

DEFAULT_FAR = 1e-2
DEFAULT_TAR_DROP = 0.01  # the candidate's TAR may be at most 1 point below the original's
MIN_GENUINE_PAIRS = 50  # fewer cannot tell a loss of a few points from none

# Whole sentences, so each translates (ui/i18n.py lists them).
PASSED = (
    "Passed: TAR {tar:.3f} at FAR {far:.3g} with its embeddings matched against the original's "
    "gallery (the original: {tar0:.3f}); match threshold re-fitted to {threshold:.3f} (the "
    "original's {original:.2f}); its embeddings agree with the original's at cosine {cosine:.3f} "
    "or more, so the enrolled gallery stays valid."
)
FAILED = (
    "Failed: TAR {tar:.3f} at FAR {far:.3g} with its embeddings matched against the original's "
    "gallery, more than {drop:.0%} below the original's {tar0:.3f}. Its embeddings differ from the "
    "original's (cosine down to {cosine:.3f}), so people enrolled with the original would not be "
    "recognized reliably."
)
NO_PAIRS = (
    "The face pictures give no genuine or no impostor pairs, so TAR at a fixed FAR cannot be "
    "judged: the gate needs two or more pictures of each of two or more people."
)
EVIDENCE = {
    False: (
        "Evidence: {genuine} genuine and {impostor} impostor pairs of {people} people ({pictures} "
        "face pictures made from {photos} photos: mirrored, scaled, recompressed and rotated views), "
        "each pair scored both ways; TAR 95% interval {low:.3f}-{high:.3f} (the wider of a bootstrap "
        "over the people and the Wilson interval of the genuine pairs)."
    ),
    True: (
        "Little evidence: only {genuine} genuine and {impostor} impostor pairs of {people} people "
        "({pictures} face pictures made from {photos} photos), so TAR {value:.3f} (95% interval "
        "{low:.3f}-{high:.3f}) cannot tell a loss of a few points from none. Add photos of more "
        "people until there are at least {needed} genuine pairs."
    ),
}


def distances(probes: np.ndarray, gallery: np.ndarray) -> np.ndarray:
    """[n, n] L2 distances between each probe row and each gallery row."""
    square = (
        np.einsum("ij,ij->i", probes, probes)[:, None]
        + np.einsum("ij,ij->i", gallery, gallery)[None, :]
        - 2.0 * probes @ gallery.T
    )
    return np.sqrt(np.maximum(square, 0.0))


def threshold_at_far(impostor: np.ndarray, far: float) -> float:
    """The largest distance threshold (a pair matches below it) that accepts at most ``far``
    of the ``impostor`` distances."""
    ordered = np.sort(impostor)
    allowed = int(np.floor(far * len(ordered) + 1e-9))
    return float(ordered[min(allowed, len(ordered) - 1)]) if allowed < len(ordered) else float("inf")


def refit_threshold(genuine: np.ndarray, impostor: np.ndarray, far_threshold: float) -> float:
    """The card's rule: midway between the largest genuine and smallest impostor distance,
    when every genuine pair is nearer than every impostor pair; else the FAR threshold."""
    if genuine.size and impostor.size and genuine.max() < impostor.min():
        return float((genuine.max() + impostor.min()) / 2)
    return far_threshold


def wilson_interval(accepted: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of the proportion ``accepted`` / ``total`` (95 % for z=1.96):
    unlike a bootstrap, it does not shrink to a point when every pair is accepted."""
    if total <= 0:
        return float("nan"), float("nan")
    p = accepted / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * np.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def gate_far(impostor_pairs: int) -> float:
    """``DEFAULT_FAR``, or the smallest FAR ``impostor_pairs`` can measure when fewer."""
    return max(DEFAULT_FAR, 1.0 / max(impostor_pairs, 1))


def judge_embeddings(
    reference: np.ndarray,
    candidate: np.ndarray,
    identities: Sequence[str],
    original_threshold: float,
    max_drop: float = DEFAULT_TAR_DROP,
    sources: Sequence[str] | None = None,
) -> DetectGateOutcome:
    """The verdict on the candidate's unit-length embeddings ``candidate`` of the face
    pictures whose people are ``identities``, against the original's ``reference`` rows; the
    threshold returned is the re-fitted match threshold to deploy with."""
    people = np.asarray(identities)
    count = len(people)
    same = people[:, None] == people[None, :]
    off_diagonal = ~np.eye(count, dtype=bool)
    genuine_mask, impostor_mask = same & off_diagonal, ~same
    genuine_pairs, impostor_pairs = int(genuine_mask.sum()) // 2, int(impostor_mask.sum()) // 2
    limits = {"tar_drop": max_drop}
    if genuine_pairs == 0 or impostor_pairs == 0:
        metrics = {"genuine_pairs": float(genuine_pairs), "impostor_pairs": float(impostor_pairs)}
        return DetectGateOutcome(GateResult(False, metrics, limits, NO_PAIRS), original_threshold)
    far = gate_far(impostor_pairs)
    own = distances(reference, reference)
    cross = distances(candidate, reference)  # candidate probe i against original gallery j
    threshold0 = threshold_at_far(own[impostor_mask], far)
    tar0 = float((own[genuine_mask] < threshold0).mean())
    genuine, impostor = cross[genuine_mask], cross[impostor_mask]
    threshold_far = threshold_at_far(impostor, far)
    tar = float((genuine < threshold_far).mean())
    refit = refit_threshold(genuine, impostor, threshold_far)
    cosine = np.einsum("ij,ij->i", candidate, reference)
    passed = tar + 1e-9 >= tar0 - max_drop
    # the interval: people drawn with replacement, TAR over their genuine pairs
    rows = np.nonzero(genuine_mask)[0]
    accepted = cross[genuine_mask] < threshold_far
    names = sorted(set(identities))
    groups = [[int(i) for i in np.nonzero(people[rows] == name)[0]] for name in names]
    groups = [g for g in groups if g]
    low, high = bootstrap_interval(groups, lambda picked: float(accepted[picked].mean()))
    binomial = wilson_interval(round(int(accepted.sum()) / 2), genuine_pairs)  # each pair counted both ways
    low, high = min(low, binomial[0]), max(high, binomial[1])
    photos = len(set(sources)) if sources is not None else count
    metrics = {
        "tar": round(tar, 4),
        "far": far,
        "tar_original": round(tar0, 4),
        "tar_ci_low": round(low, 4),
        "tar_ci_high": round(high, 4),
        "threshold": round(refit, 4),
        "threshold_at_far": round(threshold_far, 4),
        "original_threshold": original_threshold,
        "tar_at_original_threshold": round(float((genuine < original_threshold).mean()), 4),
        "far_at_original_threshold": round(float((impostor < original_threshold).mean()), 4),
        "genuine_pairs": float(genuine_pairs),
        "impostor_pairs": float(impostor_pairs),
        "people": float(len(names)),
        "face_pictures": float(count),
        "photos": float(photos),
        "genuine_max": round(float(genuine.max()), 4),
        "impostor_min": round(float(impostor.min()), 4),
        "embedding_cosine_min": round(float(cosine.min()), 4),
        "embedding_cosine_mean": round(float(cosine.mean()), 4),
    }
    values = {"tar": tar, "far": far, "tar0": tar0, "cosine": float(cosine.min())}
    if passed:
        reason = Text(PASSED, threshold=refit, original=original_threshold, **values)
    else:
        reason = Text(FAILED, drop=max_drop, **values)
    evidence = Text(
        EVIDENCE[genuine_pairs < MIN_GENUINE_PAIRS],
        genuine=genuine_pairs,
        impostor=impostor_pairs,
        people=len(names),
        pictures=count,
        photos=photos,
        value=tar,
        low=low,
        high=high,
        needed=MIN_GENUINE_PAIRS,
    )
    return DetectGateOutcome(GateResult(passed, metrics, limits, reason, evidence), refit)
