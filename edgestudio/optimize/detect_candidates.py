"""The detection optimizer's candidates: every form of an ONNX detector EdgeStudio can
build and run (ONNX Runtime FP32 and INT8, OpenVINO IR FP32/FP16/INT8, ncnn FP32/FP16,
TensorRT, TFLite), each available here or with the reason it is not and how to get it.

Runs on the calling thread (probing runtimes imports them: keep it off the GUI thread).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from edgestudio.core.errors import InputError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.packages import package_dir
from edgestudio.optimize.planners import PlanContext
from edgestudio.optimize.types import Candidate

BASELINE_ID = "onnxruntime-fp32-cpu"


def _bf16_cpu() -> bool:
    """Whether OpenVINO's CPU plugin computes in bf16 by default here (AVX512_BF16 / AMX)."""
    try:
        from edgestudio.core.privacy import disable_telemetry

        disable_telemetry()
        import openvino as ov

        return "BF16" in ov.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    except Exception:  # no OpenVINO, or no CPU plugin: the IR candidates say so themselves
        return False


NCNN_LABELS = {"fp32": "ncnn FP32 (pnnx), CPU", "fp16": "ncnn FP16 (pnnx), CPU"}
TENSORRT_LABELS = {"fp16": "TensorRT FP16 engine, NVIDIA GPU", "int8": "TensorRT INT8 engine, NVIDIA GPU"}


def _status(ctx: PlanContext, backend: str) -> tuple[bool, str, str]:
    status = ctx.registry.probe(backend)
    return status.available, status.reason, status.install_hint


def _candidate(
    ctx: PlanContext,
    cid: str,
    label: str,
    backend: str,
    device: str,
    fmt: str,
    precision: str,
    recipe: dict[str, Any],
) -> Candidate:
    available, reason, hint = _status(ctx, backend)
    return Candidate(
        cid,
        "detect",
        label,
        backend,
        device,
        fmt,
        precision,
        recipe,
        available,
        reason if not available else "",
        hint,
    )


def list_candidates(
    ctx: PlanContext, source: ModelEntry, profile: HardwareProfile, task: str = "detect"
) -> list[Candidate]:
    """Every form of ``source`` this planner knows, each available here or with the reason;
    ``task`` is the optimizer task they are for ("detect", or "faces" for the face detector,
    which shares these forms)."""
    return [replace(c, task=task) for c in _detector_candidates(ctx, source, profile)]


def _detector_candidates(ctx: PlanContext, source: ModelEntry, profile: HardwareProfile) -> list[Candidate]:
    if source.format != "onnx":
        raise InputError(
            f"{source.name} is a {source.format} model; the optimizer starts from ONNX detectors.",
            "Choose the ONNX original of this model.",
        )
    bf16 = _bf16_cpu()
    ir_precision = "bf16" if bf16 else "fp32"
    # Whole labels, not pieces, so the wizard can translate each (ui/i18n.py lists them).
    fp32_label = "OpenVINO IR FP32 (computes in bf16 on this CPU), CPU" if bf16 else "OpenVINO IR FP32, CPU"
    fp16_label = "OpenVINO IR FP16 weights, CPU"
    if bf16:
        fp16_label = "OpenVINO IR FP16 weights (computes in bf16 on this CPU), CPU"
    out = [
        replace(
            _candidate(
                ctx,
                BASELINE_ID,
                "ONNX Runtime FP32, CPU (the original)",
                "onnxruntime",
                "cpu",
                "onnx",
                "fp32",
                {"kind": "source"},
            ),
            baseline=True,
        ),
        _candidate(
            ctx,
            "onnxruntime-int8-cpu",
            "ONNX Runtime INT8 (QDQ U8S8 per-channel, Percentile), CPU",
            "onnxruntime",
            "cpu",
            "onnx",
            "int8",
            {"kind": "ort-qdq", "calibrated": True},
        ),
        _candidate(
            ctx,
            "openvino-fp32-cpu",
            fp32_label,
            "openvino",
            "CPU",
            "openvino-ir",
            ir_precision,
            {"kind": "openvino-ir", "weights": "fp32"},
        ),
        _candidate(
            ctx,
            "openvino-fp16-cpu",
            fp16_label,
            "openvino",
            "CPU",
            "openvino-ir",
            "fp16" if not bf16 else "bf16",
            {"kind": "openvino-ir", "weights": "fp16"},
        ),
        _candidate(
            ctx,
            "openvino-nncf-int8-cpu",
            "OpenVINO INT8 (NNCF, mixed preset, decode tail in float), CPU",
            "openvino",
            "CPU",
            "openvino-ir",
            "int8",
            {"kind": "nncf", "calibrated": True},
        ),
    ]
    if bf16:
        out.insert(
            3,
            _candidate(
                ctx,
                "openvino-fp32-f32-cpu",
                "OpenVINO IR FP32 with f32 forced, CPU",
                "openvino",
                "CPU",
                "openvino-ir",
                "fp32",
                {"kind": "openvino-ir", "weights": "fp32", "inference_precision": "f32"},
            ),
        )
    pnnx = package_dir("pnnx")
    for precision in ("fp32", "fp16"):
        cand = _candidate(
            ctx,
            f"ncnn-{precision}-cpu",
            NCNN_LABELS[precision],
            "ncnn",
            "cpu",
            "ncnn",
            precision,
            {"kind": "ncnn", "precision": precision},
        )
        if cand.available and (pnnx is None or not (pnnx / "pnnx").is_file()):
            cand = replace(
                cand,
                available=False,
                reason="the pnnx converter is not installed",
                install_hint="scripts/install.sh installs it (pip install --no-deps pnnx)",
            )
        out.append(cand)
    trt_ok, trt_reason, trt_hint = _status(ctx, "tensorrt")
    if not profile.gpus:
        trt_ok, trt_reason, trt_hint = (
            False,
            "no NVIDIA GPU found",
            "TensorRT engines need an NVIDIA GPU (or a Jetson).",
        )
    for precision in ("fp16", "int8"):
        out.append(
            Candidate(
                f"tensorrt-{precision}-cuda",
                "detect",
                TENSORRT_LABELS[precision],
                "tensorrt",
                "cuda",
                "tensorrt-plan",
                precision,
                {"kind": "tensorrt", "precision": precision},
                available=False,
                reason=trt_reason
                if not trt_ok
                else "building TensorRT engines is not in this version of the optimizer",
                install_hint=trt_hint,
            )
        )
    out.append(
        Candidate(
            "tflite-fp32-cpu",
            "detect",
            "TensorFlow Lite FP32, CPU",
            "tflite",
            "cpu",
            "tflite",
            "fp32",
            {"kind": "tflite"},
            available=False,
            reason="no ONNX-to-TFLite converter is installed (onnx2tf needs TensorFlow)",
            install_hint="Convert it with onnx2tf in a separate TensorFlow environment, then add the file.",
        )
    )
    return out
