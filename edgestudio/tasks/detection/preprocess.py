"""Frame -> input tensor (letterbox or stretch), and the transform back to frame pixels."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from edgestudio.tasks.detection.spec import DetectionSpec

PAD_VALUE = 114


@dataclass(frozen=True)
class Transform:
    """Maps model-input pixels back to frame pixels: frame = (input - pad) / scale."""

    scale_x: float
    scale_y: float
    pad_x: float
    pad_y: float
    frame_width: int
    frame_height: int

    def to_frame(self, boxes: np.ndarray) -> np.ndarray:
        """``boxes``: [n, 4] x1, y1, x2, y2 in input pixels; returns clipped frame pixels."""
        out = np.empty_like(boxes, dtype=np.float32)
        out[:, [0, 2]] = (boxes[:, [0, 2]] - self.pad_x) / self.scale_x
        out[:, [1, 3]] = (boxes[:, [1, 3]] - self.pad_y) / self.scale_y
        np.clip(out[:, 0::2], 0, self.frame_width, out=out[:, 0::2])  # x1, x2 (views)
        np.clip(out[:, 1::2], 0, self.frame_height, out=out[:, 1::2])  # y1, y2
        return out


def preprocess(image: np.ndarray, spec: DetectionSpec) -> tuple[np.ndarray, Transform]:
    """BGR uint8 frame -> float32 tensor shaped for ``spec`` (batch of one)."""
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"expected a BGR image with 3 channels, got shape {image.shape}")
    height, width = image.shape[:2]
    target_w, target_h = spec.input_width, spec.input_height
    if spec.resize == "stretch":
        resized = cv2.resize(image, (target_w, target_h), interpolation=cv2.INTER_LINEAR)
        transform = Transform(target_w / width, target_h / height, 0.0, 0.0, width, height)
    else:
        ratio = min(target_w / width, target_h / height)
        new_w, new_h = round(width * ratio), round(height * ratio)
        pad_x, pad_y = (target_w - new_w) / 2, (target_h - new_h) / 2
        left, top = round(pad_x - 0.1), round(pad_y - 0.1)
        resized = cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_LINEAR)
        resized = cv2.copyMakeBorder(
            resized,
            top,
            target_h - new_h - top,
            left,
            target_w - new_w - left,
            cv2.BORDER_CONSTANT,
            value=(PAD_VALUE, PAD_VALUE, PAD_VALUE),
        )
        transform = Transform(ratio, ratio, float(left), float(top), width, height)
    if spec.channels_first:
        tensor = cv2.dnn.blobFromImage(resized, scalefactor=spec.scale, swapRB=spec.rgb)
    else:
        pixels = cv2.cvtColor(resized, cv2.COLOR_BGR2RGB) if spec.rgb else resized
        tensor = pixels.astype(np.float32)[None]
        if spec.scale != 1.0:
            tensor *= spec.scale
    return tensor, transform
