"""Decoders for the supported output layouts, and class-aware non-maximum suppression."""

from __future__ import annotations

import cv2
import numpy as np

from edgestudio.tasks.detection.spec import Layout

MAX_DETECTIONS = 300
MAX_CANDIDATES = 3000

Decoded = tuple[np.ndarray, np.ndarray, np.ndarray]  # boxes [n,4] xyxy, scores [n], class ids [n]


def _empty() -> Decoded:
    return np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros(0, np.int64)


def _cxcywh_to_xyxy(boxes: np.ndarray) -> np.ndarray:
    out = np.empty_like(boxes, dtype=np.float32)
    half_w, half_h = boxes[:, 2] / 2, boxes[:, 3] / 2
    out[:, 0] = boxes[:, 0] - half_w
    out[:, 1] = boxes[:, 1] - half_h
    out[:, 2] = boxes[:, 0] + half_w
    out[:, 3] = boxes[:, 1] + half_h
    return out


def _top_candidates(scores: np.ndarray, *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    if scores.size <= MAX_CANDIDATES:
        return (scores, *arrays)
    keep = np.argpartition(-scores, MAX_CANDIDATES)[:MAX_CANDIDATES]
    return (scores[keep], *(a[keep] for a in arrays))


def decode_yolov8(output: np.ndarray, conf: float, anchors_last: bool = True) -> Decoded:
    """[1, 4+nc, anchors] (or [1, anchors, 4+nc] with ``anchors_last=False``) -> candidates."""
    rows = output[0] if anchors_last else output[0].T
    class_scores = rows[4:]
    best = class_scores.max(axis=0)
    keep = np.flatnonzero(best >= conf)
    if keep.size == 0:
        return _empty()
    scores = best[keep]
    class_ids = class_scores[:, keep].argmax(axis=0)
    boxes = rows[:4, keep].T
    scores, boxes, class_ids = _top_candidates(scores, boxes, class_ids)
    return _cxcywh_to_xyxy(boxes), scores.astype(np.float32), class_ids.astype(np.int64)


def decode_yolov5(output: np.ndarray, conf: float) -> Decoded:
    """[1, anchors, 5+nc] -> candidates whose objectness x class score is above ``conf``."""
    rows = output[0]
    rows = rows[rows[:, 4] >= conf]
    if rows.shape[0] == 0:
        return _empty()
    class_scores = rows[:, 5:] * rows[:, 4:5]
    class_ids = class_scores.argmax(axis=1)
    scores = class_scores[np.arange(rows.shape[0]), class_ids]
    keep = scores >= conf
    scores, boxes, class_ids = _top_candidates(scores[keep], rows[keep, :4], class_ids[keep])
    return _cxcywh_to_xyxy(boxes), scores.astype(np.float32), class_ids.astype(np.int64)


def decode_detections(output: np.ndarray, conf: float, width: int, height: int) -> Decoded:
    """[1, n, 6] rows of x1, y1, x2, y2, score, class; coordinates in pixels or normalised."""
    rows = output[0]
    rows = rows[rows[:, 4] >= conf]
    if rows.shape[0] == 0:
        return _empty()
    boxes = rows[:, :4].astype(np.float32)
    if float(np.abs(boxes).max()) <= 1.5:  # normalised coordinates
        boxes *= np.array([width, height, width, height], dtype=np.float32)
    return boxes, rows[:, 4].astype(np.float32), rows[:, 5].astype(np.int64)


def decode(
    layout: Layout, output: np.ndarray, conf: float, width: int, height: int, anchors_last: bool = True
) -> Decoded:
    if layout is Layout.YOLOV8:
        return decode_yolov8(output, conf, anchors_last)
    if layout is Layout.YOLOV5:
        return decode_yolov5(output, conf)
    return decode_detections(output, conf, width, height)


def nms(boxes: np.ndarray, scores: np.ndarray, class_ids: np.ndarray, iou: float) -> np.ndarray:
    """Indices kept by class-aware NMS, best first, at most MAX_DETECTIONS."""
    if len(scores) == 0:
        return np.zeros(0, np.int64)
    xywh = np.column_stack((boxes[:, :2], boxes[:, 2:] - boxes[:, :2]))
    indices = cv2.dnn.NMSBoxesBatched(
        xywh.tolist(), scores.tolist(), class_ids.astype(np.int32).tolist(), 0.0, float(iou)
    )
    kept = np.asarray(indices, dtype=np.int64).reshape(-1)
    kept = kept[np.argsort(-scores[kept], kind="stable")]
    return kept[:MAX_DETECTIONS]
