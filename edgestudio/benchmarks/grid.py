"""``edgestudio bench grid --task detect``: the optimizer's measurements as a grid over
runtimes x precisions x input sizes, like ``yolo benchmark`` but across runtimes.

- Runtimes come from the registry (every backend that serves detection, plugins included);
  their precisions from the optimizer's converters (``optimize/converters/``):
  FP32, OpenVINO's FP16 weights, its bf16 default and f32 forced where the CPU has bf16.
  A runtime the optimizer has no recipe for runs the ONNX original in FP32. INT8 and ncnn
  forms need calibration or a converter run: the grid measures them only when the optimizer
  has already built them (its cache), and otherwise says how to build them.
- Sizes: every form is resized (``benchmarks/grid_forms.py``); a size it cannot run at is a
  row that says why.
- Each row: load time, agreement (mAP@0.5 and F1 with ``optimize/gate_detect.py``) with the
  reference, ONNX Runtime FP32 at the model's own size, on a few held-apart validation views
  (``optimize/data.py``), and latency p50/p95 and fps of the whole detection (pre-processing,
  inference, decoding) timed interleaved with the reference, so the speed-up is a ratio from
  the same rounds.

Runs on the calling thread (the CLI's main thread, or the child process the wizard starts
through ``child_main``, which emits one ``row`` event per row).
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from edgestudio import __version__
from edgestudio.backends.base import Runner
from edgestudio.benchmarks.grid_forms import SizedForm, cached_form, optimizer_build
from edgestudio.core.errors import EdgeStudioError, InputError
from edgestudio.core.model_store import ModelEntry
from edgestudio.optimize import bench
from edgestudio.optimize.cache import ArtifactCache
from edgestudio.optimize.converters.input_size import InputSizeConverter
from edgestudio.optimize.data import image_set
from edgestudio.optimize.detect_candidates import BASELINE_ID, converter_of, list_candidates
from edgestudio.optimize.gate_detect import LOW_SCORE, judge
from edgestudio.optimize.planners import PlanContext
from edgestudio.optimize.types import Candidate
from edgestudio.optimize.vision_run import load_options
from edgestudio.tasks.detection.detector import Detector

log = logging.getLogger(__name__)

GRID_TASKS = ("detect",)
DEFAULT_SIZES = (320, 416, 512, 640)
DEFAULT_FRAMES = 30
DEFAULT_VIEWS = 8
THRESHOLD = 0.4  # the Detect tab's default confidence: the reference's operating point
PER_ROUND = 2


@dataclass(frozen=True)
class GridRow:
    """One runtime x precision x size: what was measured, or why it was not."""

    candidate: str  # the optimizer's candidate id ("openvino-fp16-cpu") or "<backend>-fp32-<device>"
    label: str
    backend: str
    device: str
    precision: str
    size: int
    status: str  # "measured", "failed", "not-built", "unavailable"
    reason: str = ""
    note: str = ""
    reference: bool = False
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None
    fps: float | None = None
    load_ms: float | None = None
    map50: float | None = None
    f1: float | None = None
    speedup: float | None = None  # reference p50 / this p50, interleaved in the same rounds

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GridRow:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class GridOptions:
    """What to measure: sizes, backend ids and precisions to keep (empty = all), timed calls
    per row and validation views."""

    sizes: tuple[int, ...] = DEFAULT_SIZES
    backends: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    frames: int = DEFAULT_FRAMES
    views: int = DEFAULT_VIEWS
    validation: str = ""  # a folder or video; "" = the packaged photos


def parse_sizes(text: str) -> tuple[int, ...]:
    """``"320,416"`` -> (320, 416); raises InputError for anything but positive sizes."""
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise InputError(f"'{text}' is not a list of sizes.", "Give sizes like 320,416,512,640.") from exc
    if not sizes or min(sizes) < 32 or max(sizes) > 4096:
        raise InputError(f"'{text}' is not a list of sizes.", "Give sizes from 32 to 4096, e.g. 320,512.")
    return tuple(dict.fromkeys(sizes))


def _words(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def native_size(source: ModelEntry) -> int:
    """The square input size ``source`` was exported for (its card or its ONNX input)."""
    import onnx

    from edgestudio.benchmarks.grid_forms import input_geometry

    geometry = input_geometry(onnx.load(str(source.path), load_external_data=False))
    if geometry.height != geometry.width or geometry.height <= 0:
        raise InputError(
            f"{source.name} takes {geometry.width}x{geometry.height} pictures; "
            "the grid compares square sizes."
        )
    return geometry.height


def grid_candidates(ctx: PlanContext, source: ModelEntry, options: GridOptions) -> list[Candidate]:
    """The forms to measure: the optimizer's candidates of every detection runtime in the
    registry, plus an FP32 ONNX form for runtimes it has no recipe for; filtered by
    ``options.backends`` and ``options.precisions``. Probes the runtimes (imports them)."""
    runtimes = ctx.registry.runtimes_for("detection")
    unknown = [b for b in options.backends if b not in runtimes]
    if unknown:
        raise InputError(
            f"No detection runtime is called {', '.join(unknown)}.",
            f"Detection runtimes: {', '.join(runtimes)}.",
        )
    kept = [b for b in runtimes if not options.backends or b in options.backends]
    known = [
        c
        for c in list_candidates(ctx, source, ctx.registry.hardware())
        # the grid has its own sizes; repairs are built only where a plain form failed its gate
        if not isinstance(converter_of(ctx, c), InputSizeConverter) and not converter_of(ctx, c).repairs
    ]
    out = [c for c in known if c.backend in kept]
    for backend in kept:
        if any(c.backend == backend for c in known):
            continue
        status = ctx.registry.probe(backend)
        devices = [d.id for d in status.devices if d.available]
        reads_onnx = "onnx" in status.formats
        reason = status.reason
        if status.available and not reads_onnx:
            reason = f"it reads {', '.join(status.formats)}; the grid builds forms from the ONNX original"
        elif status.available and not devices:
            reason = "it reports no usable device here"
        out.append(
            Candidate(
                f"{backend}-fp32-{devices[0] if devices else 'cpu'}",
                "detect",
                f"{status.name or backend} FP32",
                backend,
                devices[0] if devices else "",
                "onnx",
                "fp32",
                {"kind": "source"},
                available=status.available and reads_onnx and bool(devices),
                reason="" if status.available and reads_onnx and devices else reason,
                install_hint=status.install_hint,
            )
        )
    if options.precisions:
        out = [c for c in out if c.precision in options.precisions or c.baseline]
    return out


class _Grid:
    """One grid run: the reference, the validation views and the artifact cache (calling thread)."""

    def __init__(self, ctx: PlanContext, source: ModelEntry, options: GridOptions) -> None:
        self.ctx, self.source, self.options = ctx, source, options
        self.cache = ArtifactCache(ctx.cache_dir)
        self.native = native_size(source)
        self.views = image_set("validation", options.validation, options.views)
        self.reference: Detector | None = None
        self.reference_outputs: list[list[Any]] = []

    # -- forms -------------------------------------------------------------------------------
    def form(self, candidate: Candidate, size: int) -> tuple[SizedForm | None, str]:
        """The file to load for ``candidate`` at ``size``, or None and why it is not built.
        Its converter says whether the grid may build it (a conversion without calibration)
        or only measures what the optimizer built (INT8, ncnn), resized where it can be."""
        converter = converter_of(self.ctx, candidate)
        recipe = converter.recipe(candidate.recipe)
        stem = f"{self.source.path.stem}-{candidate.id}-{size}"
        hints = dict(self.source.hints)
        if converter.grid_builds:
            if candidate.recipe.get("kind") == "source" and size == self.native:
                return SizedForm(self.source.path, hints), ""
            return self._cached(
                self.source.sha256,
                {**candidate.recipe, "grid_size": size},
                lambda folder: converter.grid_build(recipe, self.source.path, hints, size, folder, stem),
            ), ""
        built = optimizer_build(self.ctx.cache_dir, self.source.sha256, candidate.recipe)
        if built is None:
            return None, (
                f"not built yet: build it with `edgestudio optimize --task detect --only {candidate.id}` "
                "first (the grid measures the optimizer's builds, it does not calibrate or convert)"
            )
        built_hints = {**self.source.hints, **built.hints}
        if size == self.native:
            return SizedForm(built.main, built_hints), ""
        if converter.fixed_input_size:
            return None, (
                f"a {candidate.format} model is converted for one input size (this one for "
                f"{self.native}x{self.native}); the grid does not convert it again"
            )
        base = built.main.parent.name  # the cache key of the optimizer's build
        return self._cached(
            base,
            {"kind": "resized", "size": size},
            lambda folder: converter.at_size(built.main, built_hints, size, folder, stem),
        ), ""

    def _cached(self, base: str, recipe: dict[str, Any], build: Callable[[Path], SizedForm]) -> SizedForm:
        form, _cached = cached_form(self.cache, base, recipe, build)
        return form

    # -- measuring ---------------------------------------------------------------------------
    def load(self, candidate: Candidate, form: SizedForm) -> tuple[Detector, float]:
        """The candidate's detector, warmed up, and its load time in ms."""
        started = time.perf_counter()
        backend = self.ctx.registry.get(candidate.backend)
        runner = backend.load(form.path, candidate.device, **load_options(candidate))
        if not isinstance(runner, Runner):
            runner.close()
            raise InputError(f"{candidate.label} does not run detection models.")
        try:
            detector = Detector(runner, form.hints)
            detector.warmup()
        except Exception:
            runner.close()
            raise
        return detector, (time.perf_counter() - started) * 1e3

    def detect_all(self, detector: Detector) -> list[list[Any]]:
        return [detector.detect(image, LOW_SCORE)[0] for image in self.views.images]

    def prepare_reference(self, candidate: Candidate) -> GridRow:
        """Load the reference (ONNX Runtime FP32 at the native size); its own row."""
        form = SizedForm(self.source.path, dict(self.source.hints))
        detector, load_ms = self.load(candidate, form)
        self.reference = detector
        self.reference_outputs = self.detect_all(detector)
        image = self.views.images[0]
        timings = bench.interleaved_latency(
            {"reference": lambda: detector.detect(image, THRESHOLD)},
            self._rounds(),
            per_round=PER_ROUND,
            warmup=1,
        )["reference"]
        return self._row(
            candidate,
            self.native,
            "measured",
            reference=True,
            note="the reference",
            latency_p50_ms=round(timings.p50, 3),
            latency_p95_ms=round(timings.p95, 3),
            fps=round(timings.throughput, 2),
            load_ms=round(load_ms, 1),
            map50=1.0,
            f1=1.0,
            speedup=1.0,
        )

    def _rounds(self) -> int:
        return max(2, self.options.frames // PER_ROUND)

    def _row(self, candidate: Candidate, size: int, status: str, **fields: Any) -> GridRow:
        return GridRow(
            candidate.id,
            candidate.label,
            candidate.backend,
            candidate.device,
            candidate.precision,
            size,
            status,
            **fields,
        )

    def measure(self, candidate: Candidate, size: int) -> GridRow:
        """One row: build or find the form, load it, judge agreement, time it interleaved."""
        if not candidate.available:
            reason = candidate.reason + (f" ({candidate.install_hint})" if candidate.install_hint else "")
            return self._row(candidate, size, "unavailable", reason=reason)
        try:
            form, missing = self.form(candidate, size)
        except EdgeStudioError as exc:
            return self._row(candidate, size, "failed", reason=f"{exc.message} {exc.hint}".strip())
        except Exception as exc:  # a converter's own error at this size: the row says it
            log.warning("building %s at %d failed", candidate.id, size, exc_info=True)
            return self._row(candidate, size, "failed", reason=_first_line(exc))
        if form is None:
            return self._row(candidate, size, "not-built", reason=missing)
        try:
            detector, load_ms = self.load(candidate, form)
        except EdgeStudioError as exc:
            return self._row(
                candidate, size, "failed", reason=f"{exc.message} {exc.hint}".strip(), note=form.note
            )
        except Exception as exc:  # a runtime's own error at this size: the row says it
            return self._row(candidate, size, "failed", reason=_first_line(exc), note=form.note)
        try:
            outputs = self.detect_all(detector)
            outcome = judge(self.reference_outputs, outputs, THRESHOLD)
            reference = self.reference
            if reference is None:
                raise RuntimeError("the reference is loaded first")
            image = self.views.images[0]
            timings = bench.interleaved_latency(
                {
                    "reference": lambda: reference.detect(image, THRESHOLD),
                    "candidate": lambda: detector.detect(image, outcome.threshold),
                },
                self._rounds(),
                per_round=PER_ROUND,
                warmup=1,
            )
        except EdgeStudioError as exc:
            return self._row(
                candidate, size, "failed", reason=f"{exc.message} {exc.hint}".strip(), note=form.note
            )
        except Exception as exc:
            return self._row(candidate, size, "failed", reason=_first_line(exc), note=form.note)
        finally:
            detector.close()
        timed = timings["candidate"]
        return self._row(
            candidate,
            size,
            "measured",
            note=form.note,
            latency_p50_ms=round(timed.p50, 3),
            latency_p95_ms=round(timed.p95, 3),
            fps=round(timed.throughput, 2),
            load_ms=round(load_ms, 1),
            map50=outcome.gate.metrics.get("map50"),
            f1=outcome.gate.metrics.get("f1"),
            speedup=round(bench.speedups(timings, "reference")["candidate"], 3),
        )

    def close(self) -> None:
        if self.reference is not None:
            self.reference.close()
            self.reference = None


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).strip().splitlines() if line.strip()]
    return (lines[-1] if lines else type(exc).__name__)[:300]


def run_grid(
    ctx: PlanContext,
    source: ModelEntry,
    options: GridOptions,
    on_row: Callable[[GridRow], None] = lambda _row: None,
    say: Callable[[str], None] = lambda _text: None,
) -> dict[str, Any]:
    """Measure every row (calling thread); ``on_row`` gets each as soon as it is known.
    Returns the JSON-ready report: source, reference, sizes, views, rows, machine."""
    started = time.perf_counter()
    candidates = grid_candidates(ctx, source, options)
    baseline = next((c for c in candidates if c.id == BASELINE_ID), None)
    if baseline is None or not baseline.available:
        raise InputError(
            "The grid needs ONNX Runtime: its FP32 run at the model's own size is the reference.",
            "pip install onnxruntime",
        )
    grid = _Grid(ctx, source, options)
    rows: list[GridRow] = []
    total = len(candidates) * len(options.sizes)
    try:
        say(f"Reference: {baseline.label} at {grid.native}x{grid.native}")
        reference_row = grid.prepare_reference(baseline)
        for candidate in candidates:
            for size in options.sizes:
                if candidate.id == BASELINE_ID and size == grid.native:
                    row = reference_row
                else:
                    say(f"[{len(rows) + 1}/{total}] {candidate.label} at {size}x{size}")
                    row = grid.measure(candidate, size)
                rows.append(row)
                on_row(row)
        if grid.native not in options.sizes:
            rows.insert(0, reference_row)
            on_row(reference_row)
    finally:
        grid.close()
    return {
        "task": "detect",
        "source": {"id": source.id, "name": source.name, "sha256": source.sha256, "size": grid.native},
        "reference": {"candidate": BASELINE_ID, "size": grid.native, "threshold": THRESHOLD},
        "sizes": list(options.sizes),
        "frames": grid._rounds() * PER_ROUND,
        "validation": {k: v for k, v in grid.views.describe().items() if k != "sources"},
        "rows": [row.to_dict() for row in rows],
        "machine": _machine(ctx),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _machine(ctx: PlanContext) -> dict[str, Any]:
    profile = ctx.registry.hardware()
    return {
        "cpu": profile.cpu_model,
        "cores": f"{profile.physical_cores}/{profile.logical_cores}",
        "os": profile.os,
        "python": platform.python_version(),
        "edgestudio": __version__,
    }


def build_parser() -> argparse.ArgumentParser:
    """The child entry point's arguments (the CLI has its own, see ``cli/bench_grid.py``)."""
    parser = argparse.ArgumentParser(prog="edgestudio.benchmarks.grid", description="Run a benchmark grid.")
    parser.add_argument("--task", default="detect", choices=GRID_TASKS)
    parser.add_argument(
        "--model", default="", help="a stored detector id or ONNX file (default: the configured one)"
    )
    parser.add_argument("--home", default="", help="EdgeStudio's data root (default: the platform folders)")
    parser.add_argument("--options", default="{}", help="GridOptions as a JSON object")
    return parser


def options_from_json(text: str) -> GridOptions:
    """GridOptions from the JSON object ``text`` (the wizard's choices); raises InputError."""
    try:
        data = json.loads(text or "{}")
    except ValueError as exc:
        raise InputError(f"The grid options are not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError("The grid options must be a JSON object.")
    return make_options(
        sizes=",".join(str(s) for s in data.get("sizes", DEFAULT_SIZES)),
        backends=",".join(data.get("backends", ())),
        precisions=",".join(data.get("precisions", ())),
        frames=int(data.get("frames", DEFAULT_FRAMES)),
        views=int(data.get("views", DEFAULT_VIEWS)),
        validation=str(data.get("validation", "")),
    )


def make_options(
    sizes: str, backends: str, precisions: str, frames: int, views: int, validation: str = ""
) -> GridOptions:
    """GridOptions from the comma-separated texts the CLI takes; raises InputError."""
    if frames < 2 or views < 1:
        raise InputError("The grid needs at least 2 timed detections per row and 1 validation view.")
    return GridOptions(
        sizes=parse_sizes(sizes),
        backends=_words(backends),
        precisions=_words(precisions),
        frames=frames,
        views=views,
        validation=validation,
    )


def options_json(options: GridOptions) -> str:
    """``options`` as the JSON the child entry point takes (``--options``)."""
    return json.dumps(asdict(options))


def child_main(channel: Any, argv: Sequence[str]) -> int:
    """The wizard's child entry point (``edgestudio.benchmarks.grid:child_main``), main
    thread: emits ``row`` (``row``: a GridRow dict) and ``stage`` (``text``) events, then
    ``finished`` with ``report``."""
    from edgestudio.optimize.run import make_context, resolve_source

    args = build_parser().parse_args(list(argv))
    options = options_from_json(args.options)
    ctx = make_context(args.home)
    source = resolve_source(ctx, args.model, args.task, args.home)
    report = run_grid(
        ctx,
        source,
        options,
        on_row=lambda row: channel.emit("row", row=row.to_dict()),
        say=lambda text: channel.emit("stage", text=text),
    )
    channel.finished(report=report)
    return 0
