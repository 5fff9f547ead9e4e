"""ONNX -> OpenVINO IR (``.xml`` + ``.bin``), FP32 or FP16 weights, as a pure function.

The IR keeps the source's tensor names and batch axis, so the task's hints carry over
unchanged. OpenVINO's telemetry is switched off before it is imported. Runs on the calling
thread (seconds); the GUI runs it in a child process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from edgestudio.core.errors import BackendUnavailable, ConversionError
from edgestudio.core.privacy import disable_telemetry

PRECISIONS = ("fp32", "fp16")


@dataclass(frozen=True)
class OpenVinoConversion:
    xml: Path
    weights: Path
    tool_version: str
    seconds: float

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.xml, self.weights)


def convert_onnx_to_openvino(
    source: Path, out_dir: Path, *, precision: str = "fp32", name: str = ""
) -> OpenVinoConversion:
    """Write ``out_dir/<name>.xml`` + ``.bin``. "fp16" compresses the weights to float16 (the
    CPU plugin still computes in its own inference precision). Raises ConversionError with
    OpenVINO's reason, BackendUnavailable without OpenVINO; nothing is left on failure."""
    if precision not in PRECISIONS:
        raise ConversionError(
            f"OpenVINO IR has no precision '{precision}'.", f"Choose one of: {', '.join(PRECISIONS)}."
        )
    disable_telemetry()
    try:
        import openvino as ov
    except ImportError as exc:
        raise BackendUnavailable("OpenVINO is not installed.", "pip install 'edgestudio[openvino]'") from exc
    started = time.perf_counter()
    stem = name or f"{source.stem}-openvino-{precision}"
    xml = out_dir / f"{stem}.xml"
    weights = xml.with_suffix(".bin")
    try:
        model = ov.convert_model(str(source))
        out_dir.mkdir(parents=True, exist_ok=True)
        ov.save_model(model, str(xml), compress_to_fp16=precision == "fp16")
    except Exception as exc:
        xml.unlink(missing_ok=True)
        weights.unlink(missing_ok=True)
        last = str(exc).strip().splitlines()[-1][:300] if str(exc).strip() else type(exc).__name__
        raise ConversionError(f"OpenVINO could not convert {source.name}: {last}") from exc
    return OpenVinoConversion(xml, weights, ov.get_version().split("-")[0], time.perf_counter() - started)
