"""ONNX -> ncnn with the pnnx converter program, as a pure function.

``pip install pnnx --no-deps`` ships a self-contained converter program inside the package;
its Python wrapper imports torch, which the app does not need, so the program is called
directly. pnnx renames tensors (``in0``, ``out0``...) and ncnn has no batch axis, so the
result carries a sidecar JSON (``optimize/sidecar.py``) with the source names and shapes,
the precision, the source's hash and the pnnx version; the ncnn runner maps every run back
to the source's names, and the pipeline that used the ONNX model works unchanged.

Runs on the calling thread (seconds for a detector); the GUI runs it in a child process.
"""

from __future__ import annotations

import importlib.metadata
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from edgestudio.backends.sidecar import ArtifactSidecar, TensorMapping, sidecar_path
from edgestudio.core.artifact import FORMAT_NCNN, file_sha256
from edgestudio.core.errors import BackendUnavailable, ConversionError
from edgestudio.core.packages import package_dir
from edgestudio.optimize.onnx_graph import OnnxGraphInfo, describe_onnx, write_cut_model

log = logging.getLogger(__name__)

PRECISIONS = ("fp32", "fp16")
PNNX_TIMEOUT_S = 900
INSTALL_HINT = "pip install --no-deps pnnx (scripts/install.sh does it; torch is not needed)"


@dataclass(frozen=True)
class NcnnConversion:
    """The files of a converted model: ``param`` (the artifact's main file), ``weights``
    and the ``sidecar``, all in the output folder; ``seconds`` the conversion took."""

    param: Path
    weights: Path
    sidecar_file: Path
    sidecar: ArtifactSidecar
    seconds: float

    @property
    def files(self) -> tuple[Path, ...]:
        return (self.param, self.weights, self.sidecar_file)


def pnnx_program() -> Path:
    """The converter program inside the pnnx package; BackendUnavailable when absent."""
    folder = package_dir("pnnx")
    program = folder / ("pnnx.exe" if sys.platform == "win32" else "pnnx") if folder else None
    if program is None or not program.is_file():
        raise BackendUnavailable("The ncnn converter (pnnx) is not installed.", INSTALL_HINT)
    return program


def pnnx_version() -> str:
    try:
        return importlib.metadata.version("pnnx")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def unsupported_layers(param_text: str) -> list[str]:
    """Layer types in an ncnn ``.param`` that ncnn cannot run: pnnx leaves operators it could
    not lower under their PyTorch names (``torch.eq``, ``Tensor.to``, ``pnnx.Expression``);
    ncnn's own layer types never contain a dot."""
    types = []
    for line in param_text.splitlines()[2:]:
        fields = line.split()
        if fields and "." in fields[0] and fields[0] not in types:
            types.append(fields[0])
    return types


def _shape_argument(shapes: Sequence[tuple[int, ...]]) -> str:
    return ",".join("[" + ",".join(str(d) for d in shape) + "]" for shape in shapes)


def _run_pnnx(program: Path, onnx_file: Path, shapes: Sequence[tuple[int, ...]], fp16: bool) -> None:
    command = [
        str(program),
        onnx_file.name,
        f"inputshape={_shape_argument(shapes)}",
        f"fp16={int(fp16)}",
    ]
    log.info("running %s", " ".join(command))
    try:
        done = subprocess.run(
            command,
            cwd=onnx_file.parent,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=PNNX_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ConversionError(
            f"The ncnn converter did not finish within {PNNX_TIMEOUT_S // 60} minutes.",
            "The model may be too large or unusual for pnnx.",
        ) from exc
    except OSError as exc:
        raise ConversionError(f"The ncnn converter could not start: {exc}.", INSTALL_HINT) from exc
    if done.returncode != 0:
        tail = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()][-3:]
        raise ConversionError(
            f"The ncnn converter failed (exit code {done.returncode}): {' / '.join(tail)[:400]}",
            "Check that the model is a valid ONNX file; pnnx supports opsets 11-20.",
        )


def _check_numerics(param: Path, weights: Path, info: OnnxGraphInfo, mappings: ArtifactSidecar) -> float:
    """Run the ncnn model and ONNX Runtime on the same random input; the largest output
    difference (recorded in the sidecar so a user can see what the conversion changed)."""
    import onnxruntime as ort

    from edgestudio.backends.ncnn_backend import NcnnRunner

    rng = np.random.default_rng(0)
    feeds = {t.name: rng.random(t.shape, dtype=np.float32) * 255 for t in mappings.inputs}
    options = ort.SessionOptions()
    options.log_severity_level = 3  # unused-initializer notes of cut graphs are noise
    session = ort.InferenceSession(str(info.path), sess_options=options, providers=["CPUExecutionProvider"])
    expected = dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds), strict=True))
    runner = NcnnRunner(param, weights, mappings, threads=1)
    try:
        got = runner.run(feeds)
    finally:
        runner.close()
    worst = 0.0
    for name, value in got.items():
        reference = np.asarray(expected[name], np.float32)
        scale = max(1.0, float(np.abs(reference).max()))
        worst = max(worst, float(np.abs(reference - value).max()) / scale)
    return worst


def convert_onnx_to_ncnn(
    source: Path,
    out_dir: Path,
    *,
    precision: str = "fp32",
    outputs: Sequence[str] | None = None,
    name: str = "",
    input_shapes: dict[str, tuple[int, ...]] | None = None,
) -> NcnnConversion:
    """Convert the ONNX model ``source`` into ``out_dir/<name>.param`` + ``.bin`` + sidecar.

    ``precision``: "fp32" keeps float32 weights; "fp16" stores them as float16 (half the size;
    ncnn computes in fp16 where the CPU can). ``outputs``: ONNX tensor names to cut the graph
    at (e.g. a detector's raw heads when its decoding tail uses operators ncnn lacks).
    ``input_shapes``: shapes for inputs with dynamic dimensions. Raises ConversionError with
    the reason (unsupported operators are named) and BackendUnavailable without pnnx.
    Nothing is left in ``out_dir`` when it fails.
    """
    if precision not in PRECISIONS:
        raise ConversionError(
            f"ncnn has no precision '{precision}'.", f"Choose one of: {', '.join(PRECISIONS)}."
        )
    program = pnnx_program()
    started = time.perf_counter()
    source_hash = file_sha256(source)
    stem = name or f"{source.stem}-ncnn-{precision}"
    with tempfile.TemporaryDirectory(prefix="edgestudio-ncnn-") as work_text:
        work = Path(work_text)
        info = describe_onnx(
            write_cut_model(source, work / "model.onnx", outputs, input_shapes, for_ncnn=True)
        )
        _run_pnnx(program, info.path, [t.shape for t in info.inputs], precision == "fp16")
        param, weights = work / "model.ncnn.param", work / "model.ncnn.bin"
        if not param.is_file() or not weights.is_file():
            raise ConversionError("The ncnn converter wrote no model.", "Check the log for pnnx's messages.")
        missing = unsupported_layers(param.read_text(encoding="utf-8", errors="replace"))
        if missing:
            raise ConversionError(
                f"ncnn cannot run these operators of {source.name}: {', '.join(missing)}.",
                "Convert the part of the model before them (the detector's raw outputs), or use "
                "ONNX Runtime or OpenVINO for this model.",
            )
        sidecar = ArtifactSidecar(
            format=FORMAT_NCNN,
            precision=precision,
            inputs=tuple(
                TensorMapping(t.name, f"in{i}", t.shape, t.dtype) for i, t in enumerate(info.inputs)
            ),
            outputs=tuple(
                TensorMapping(t.name, f"out{i}", t.shape, t.dtype) for i, t in enumerate(info.outputs)
            ),
            source_sha256=source_hash,
            tool="pnnx",
            tool_version=pnnx_version(),
            layout="ncnn blobs have no batch axis; shapes here include it",
            extra={"cut_at_outputs": list(outputs or ())},
        )
        difference = _check_numerics(param, weights, info, sidecar)
        sidecar = ArtifactSidecar(
            **{**sidecar.__dict__, "extra": {**sidecar.extra, "max_rel_diff": difference}}
        )
        log.info("%s -> ncnn %s: largest relative output difference %.2e", source.name, precision, difference)
        out_dir.mkdir(parents=True, exist_ok=True)
        target_param, target_bin = out_dir / f"{stem}.param", out_dir / f"{stem}.bin"
        written = [target_param, target_bin, sidecar_path(target_param)]
        try:
            shutil.copyfile(param, target_param)
            shutil.copyfile(weights, target_bin)
            sidecar.write(sidecar_path(target_param))
        except OSError as exc:
            for path in written:
                path.unlink(missing_ok=True)
            raise ConversionError(f"The converted model could not be written to {out_dir}: {exc}.") from exc
    return NcnnConversion(
        target_param, target_bin, sidecar_path(target_param), sidecar, time.perf_counter() - started
    )
