"""Object detection: layout recognition, letterbox, YOLOv5/YOLOv8/CenterNet decoding, NMS."""

from edgestudio.tasks.detection.detector import Detector
from edgestudio.tasks.detection.spec import DetectionSpec, Layout, infer_spec

__all__ = ["DetectionSpec", "Detector", "Layout", "infer_spec"]
