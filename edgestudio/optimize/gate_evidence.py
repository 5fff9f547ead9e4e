"""How much evidence an accuracy gate had: a confidence interval by bootstrap over the
validation photos, and a warning, with the advice to add photos from the site, when the
original model found too few objects for the verdict to tell a small loss from none.

Views of one photo (crops, flips, scales, made when the photos are few) are resampled
together: they are the same scene, not new evidence, and the sentence says how many photos
the pictures came from. Pure numpy; any thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from edgestudio.core.messages import Text

MIN_REFERENCES = 50  # fewer reference detections cannot tell a loss of a few points from none
BOOTSTRAP_ROUNDS = 300
CONFIDENCE = 0.95


def photo_groups(sources: Sequence[str] | None, count: int) -> list[list[int]]:
    """The picture indices of each source photo (each picture its own photo when unknown)."""
    if sources is None or len(sources) != count:
        return [[index] for index in range(count)]
    groups: dict[str, list[int]] = {}
    for index, source in enumerate(sources):
        groups.setdefault(source, []).append(index)
    return list(groups.values())


def bootstrap_interval(
    groups: Sequence[Sequence[int]],
    statistic: Callable[[list[int]], float],
    rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = 0,
) -> tuple[float, float]:
    """The ``CONFIDENCE`` percentile interval of ``statistic`` over the picture indices of
    photos drawn with replacement (``rounds`` times, a fixed seed: the same data gives the same
    interval). Draws where the statistic is undefined (NaN) are left out."""
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(rounds):
        drawn = rng.integers(0, len(groups), len(groups))
        value = statistic([index for group in drawn for index in groups[group]])
        if not np.isnan(value):
            values.append(value)
    if not values:
        return float("nan"), float("nan")
    tail = (1.0 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


# The evidence in words, by (too few objects, pictures include views of the same photos):
# whole sentences, so each translates (a nested Text would not survive the JSON).
EVIDENCE = {
    (True, False): (
        "Little evidence: the original found only {references} objects on {pictures} pictures, so "
        "{metric} {value:.3f} (95% interval {low:.3f}-{high:.3f}) cannot tell a loss of a few points "
        "from none. Add photos from the site until the original finds at least {needed} objects."
    ),
    (True, True): (
        "Little evidence: the original found only {references} objects on {pictures} pictures made "
        "from {photos} photos (crops, flips and scales of the same photos), so {metric} {value:.3f} "
        "(95% interval {low:.3f}-{high:.3f}) cannot tell a loss of a few points from none. Add photos "
        "from the site until the original finds at least {needed} objects."
    ),
    (False, False): (
        "Evidence: {references} objects found by the original on {pictures} pictures; {metric} 95% "
        "interval {low:.3f}-{high:.3f} (bootstrap over the photos)."
    ),
    (False, True): (
        "Evidence: {references} objects found by the original on {pictures} pictures made from "
        "{photos} photos (crops, flips and scales of the same photos); {metric} 95% interval "
        "{low:.3f}-{high:.3f} (bootstrap over the photos)."
    ),
}


def evidence_text(
    references: int, pictures: int, photos: int, metric: str, value: float, low: float, high: float
) -> Text:
    """The evidence sentence for a verdict: how many reference objects on how many pictures
    (and photos, when some pictures are views of the same photo), the interval, and a warning
    below ``MIN_REFERENCES``."""
    return Text(
        EVIDENCE[references < MIN_REFERENCES, photos != pictures],
        references=references,
        pictures=pictures,
        photos=photos,
        metric=metric,
        value=value,
        low=low,
        high=high,
        needed=MIN_REFERENCES,
    )
