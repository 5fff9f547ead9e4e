"""Where a scatter plot's labels go so that none covers another label or a point.

Points whose markers touch are one group with one label of several lines (two candidates
equally fast and equally accurate read as a list beside one dot, never as text over text).
Each group's label is tried in places around its point, nearest first: right, left, above,
below, then further up and down; the first place inside the plot that touches no other label
and no marker wins. :func:`place_labels` answers None when some group has no such place, and
the plot then numbers its points and lists the names in a legend.

Pure geometry on Qt's value types; any thread (the plots call it from ``paintEvent``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF

GAP = 3.0  # between a marker and its label, and between labels


@dataclass(frozen=True)
class PointGroup:
    """Indices of points whose markers overlap, where the first one sits, and the rectangle
    their markers cover together."""

    members: tuple[int, ...]
    anchor: QPointF
    extent: QRectF


def group_points(points: Sequence[QPointF], radius: float) -> list[PointGroup]:
    """Points whose markers (circles of ``radius``) overlap, joined transitively, in the
    order of each group's first point."""
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(points):
        for j in range(i):
            b = points[j]
            if (a.x() - b.x()) ** 2 + (a.y() - b.y()) ** 2 < (2 * radius + 1) ** 2:
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(points)):
        groups.setdefault(root(i), []).append(i)
    found = []
    for members in sorted(groups.values(), key=lambda m: m[0]):
        xs = [points[i].x() for i in members]
        ys = [points[i].y() for i in members]
        extent = QRectF(
            min(xs) - radius, min(ys) - radius, max(xs) - min(xs) + 2 * radius, max(ys) - min(ys) + 2 * radius
        )
        found.append(PointGroup(tuple(members), points[members[0]], extent))
    return found


def _candidates(extent: QRectF, size: QSizeF, bounds: QRectF, step: float) -> Iterator[QRectF]:
    """Label boxes around the markers in ``extent``, nearest first."""
    w, h = size.width(), size.height()
    right = extent.right() + GAP
    left = extent.left() - GAP - w
    centred_y = extent.center().y() - h / 2
    yield QRectF(right, centred_y, w, h)
    yield QRectF(left, centred_y, w, h)
    yield QRectF(extent.center().x() - w / 2, extent.top() - GAP - h, w, h)
    yield QRectF(extent.center().x() - w / 2, extent.bottom() + GAP, w, h)
    shifts = int(bounds.height() / step) + 1
    for k in range(1, shifts + 1):
        for sign in (1, -1):
            top = centred_y + sign * k * step
            yield QRectF(right, top, w, h)
            yield QRectF(left, top, w, h)


def place_labels(
    extents: Sequence[QRectF],
    sizes: Sequence[QSizeF],
    bounds: QRectF,
    markers: Sequence[QPointF],
    radius: float,
    step: float,
) -> list[QRectF] | None:
    """One box per group of markers (``extents``), inside ``bounds``, overlapping no other box
    and no marker (circles of ``radius`` around ``markers``); None when some label has no
    free place."""
    obstacles = [QRectF(m.x() - radius, m.y() - radius, 2 * radius, 2 * radius) for m in markers]
    placed: list[QRectF] = []
    for extent, size in zip(extents, sizes, strict=True):
        for box in _candidates(extent, size, bounds, step):
            if not bounds.contains(box):
                continue
            padded = box.adjusted(-GAP / 2, -GAP / 2, GAP / 2, GAP / 2)
            if any(padded.intersects(other) for other in placed) or any(
                box.intersects(marker) for marker in obstacles
            ):
                continue
            placed.append(box)
            break
        else:
            return None
    return placed


def leader_needed(extent: QRectF, box: QRectF) -> bool:
    """Whether a label sits far enough from its markers to need a line to them."""
    return box.bottom() < extent.top() - GAP or box.top() > extent.bottom() + GAP
