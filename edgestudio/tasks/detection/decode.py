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


def decode_centernet(heatmap: np.ndarray, sizes: np.ndarray, conf: float, stride: int) -> Decoded:
    """CenterNet heads -> candidates: a cell is a detection where its class score is the
    maximum of its 3x3 neighbourhood (the heatmap's own NMS) and at least ``conf``; its box
    is the cell centre minus/plus the predicted sides. Same result as the ONNX model's tail."""
    scores_map = heatmap[0]
    # Few cells pass the threshold: find them on the flat array (several times faster than a
    # 3-D nonzero) and compare only them with their neighbours.
    rows, cols, classes = scores_map.shape
    flat = np.flatnonzero(scores_map.reshape(-1) >= conf)
    ys, rest = np.divmod(flat, cols * classes)
    xs, class_ids = np.divmod(rest, classes)
    scores = scores_map.reshape(-1)[flat]
    peak = np.ones(ys.size, dtype=bool)
    for dy, dx in ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)):
        neighbour = scores_map[np.clip(ys + dy, 0, rows - 1), np.clip(xs + dx, 0, cols - 1), class_ids]
        peak &= scores >= neighbour
    ys, xs, class_ids, scores = ys[peak], xs[peak], class_ids[peak], scores[peak]
    if ys.size == 0:
        return _empty()
    sides = sizes[0][ys, xs].astype(np.float32)
    scores, ys, xs, class_ids, sides = _top_candidates(scores, ys, xs, class_ids, sides)
    cx, cy = xs.astype(np.float32) * stride, ys.astype(np.float32) * stride
    boxes = np.column_stack((cx - sides[:, 0], cy - sides[:, 1], cx + sides[:, 2], cy + sides[:, 3]))
    return boxes.astype(np.float32), scores.astype(np.float32), class_ids.astype(np.int64)


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
