"""The converter contract: one class per form a vision model can be built into (ONNX Runtime
QDQ INT8, OpenVINO IR, NNCF INT8, ncnn, TensorRT, another input size...), each with a typed,
frozen recipe.

A converter

- lists its candidates for a source model (``candidates``), each available here or with the
  reason; availability comes from the backend registry by the format the converter makes
  and the task (the runtime made for that format), never from a runtime's name;
- builds a candidate from an ONNX file into a work folder (``build``);
- says what load options its runtime needs (``load_options``) and how to profile the built
  model's layers (``profile``);
- resizes a built model to another input size where its format allows (``at_size``).

Built-ins are listed in ``converters/registry.py``; a plugin adds one through the
``edgestudio.converters`` entry-point group (see ``plugins/edgestudio-onnx-fp16``).
Everything runs on the calling thread (the optimizer's child process or the grid's).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import numpy as np

from edgestudio.backends.registry import BackendRegistry
from edgestudio.core.artifact import FORMAT_ONNX, FORMAT_OPENVINO_IR
from edgestudio.core.errors import BackendUnavailable, ConversionError
from edgestudio.core.hardware import HardwareProfile
from edgestudio.core.messages import Text
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.types import TASK_DETECTION, TASK_FACE_DETECTION, TASK_FACE_EMBEDDING, BackendStatus
from edgestudio.optimize.cache import BuiltArtifact
from edgestudio.optimize.resize import SizedForm
from edgestudio.optimize.types import Candidate

CONVERTER_API_VERSION = 1
# the store tasks of the forms that also apply to the face embedder (a one-input ONNX model)
EMBEDDER_TASKS: tuple[str, ...] = (TASK_DETECTION, TASK_FACE_DETECTION, TASK_FACE_EMBEDDING)
KIND = "kind"  # the recipe dict's key naming the converter that builds it

ProgressFn = Callable[[int, int], None]
R = TypeVar("R", bound="Recipe")


@dataclass(frozen=True)
class Recipe:
    """A converter's settings. Subclasses add typed fields; ``to_dict`` is what the cache key,
    the candidate's ``recipe`` and the report hold, with ``kind`` naming the converter."""

    def to_dict(self, kind: str) -> dict[str, Any]:
        return {KIND: kind, **dataclasses.asdict(self)}

    @classmethod
    def from_dict(cls: type[R], data: Mapping[str, Any]) -> R:
        """The recipe from its dict (unknown keys, such as ``kind`` or the calibration's hash,
        are left out). Raises ConversionError for a value of the wrong type."""
        names = {f.name: f for f in dataclasses.fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in names})
        except TypeError as exc:
            raise ConversionError(f"The recipe {dict(data)} does not fit {cls.__name__}: {exc}") from exc


@dataclass(frozen=True)
class NoRecipe(Recipe):
    """A converter with nothing to set."""


def int8_saturates(profile: HardwareProfile) -> bool:
    """Whether this CPU's int8 dot product saturates with 8-bit weights: an x86 CPU without
    VNNI or AMX multiplies u8 x s8 pairs into 16-bit sums (AVX2 ``vpmaddubsw``), which
    overflow; quantizers then keep weights in 7 bits (NNCF's overflow fix, ONNX Runtime's
    ``reduce_range``). Measured on an AVX2-only EPYC: the default detector's NNCF INT8 fell
    to mAP@0.5 0.22 with 8-bit weights and held 1.00 with 7."""
    x86 = profile.isa.get("avx2") or profile.isa.get("avx512")
    return bool(x86) and not (profile.isa.get("vnni") or profile.isa.get("amx"))


@dataclass(frozen=True)
class ListContext:
    """What a converter needs to list its candidates: the registry (runtimes by format and
    task), the source, the hardware, and the optimizer's task ("detect" or "faces") with the
    store's task id for it ("detection", "face-detection")."""

    registry: BackendRegistry
    source: ModelEntry
    profile: HardwareProfile
    task: str
    store_task: str


@dataclass
class BuildRequest:
    """One build: the ONNX to build from (the original, or a resized copy of it), its task
    hints and image input, the raw head outputs to keep in float, the folder and file stem to
    write, and the planner's services (calibration pictures as model inputs at an input size,
    0 = the source's own; progress stages; an accuracy score for the accuracy-aware repairs)."""

    source: Path
    hints: dict[str, Any]
    input_name: str
    heads: list[str]
    folder: Path
    stem: str
    calibration: Callable[[int], list[np.ndarray]]
    stage: Callable[[str, str], None] = lambda _stage, _text: None
    progress: Callable[[str], ProgressFn] = lambda _verb: lambda _done, _total: None
    # (size, the float model at that size, its hints) -> quantize_nncf.AccuracyFn, or None
    accuracy: Callable[..., Any] = lambda *_args: None
    size: int = 0  # the input size this build is for (0 = the source's own)
    provenance: dict[str, Any] = field(default_factory=dict)

    def calibration_tensors(self) -> list[np.ndarray]:
        return self.calibration(self.size)

    def built(self, main: Path, files: tuple[Path, ...], **provenance: Any) -> BuiltArtifact:
        """The artifact with this request's hints and provenance (plus ``provenance``)."""
        return BuiltArtifact(main, files, dict(self.hints), {**self.provenance, **provenance})


def package_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def runtime_for(registry: BackendRegistry, task: str, fmt: str) -> BackendStatus | None:
    """The runtime made for ``fmt`` that serves ``task``: of the runtimes that read it, the one
    reading the fewest formats (its own), installed ones first, then registry order; None when
    no runtime reads it. Probes them (imports runtimes)."""
    readers = registry.runtimes_for(task, fmt)
    if not readers:
        return None
    statuses = [registry.probe(backend_id) for backend_id in readers]
    order = {s.id: i for i, s in enumerate(statuses)}
    return min(statuses, key=lambda s: (not s.available, len(s.formats), order[s.id]))


class Converter(ABC):
    """One form (see the module docstring). Subclasses set the class attributes and
    implement ``candidates`` and ``build``. Instances hold no state: any thread."""

    id: ClassVar[str]  # the recipe's ``kind``: "ort-qdq", "openvino-ir", ...
    name: ClassVar[str]  # for people: "ONNX Runtime QDQ INT8"
    plugin_api: ClassVar[int] = CONVERTER_API_VERSION
    target_format: ClassVar[str] = FORMAT_ONNX  # the format it builds (its runtime reads it)
    source_formats: ClassVar[tuple[str, ...]] = (FORMAT_ONNX,)  # what it builds from
    tasks: ClassVar[tuple[str, ...]] = (TASK_DETECTION, TASK_FACE_DETECTION)  # store task ids
    device_family: ClassVar[str] = "cpu"  # the device of its runtime it builds for
    recipe_type: ClassVar[type[Recipe]] = NoRecipe
    calibrated: ClassVar[bool] = False  # needs calibration pictures
    fixed_input_size: ClassVar[bool] = False  # its model takes only the size it was built for
    grid_builds: ClassVar[bool] = False  # cheap enough for ``bench grid`` to build by itself
    resizable: ClassVar[bool] = False  # offered at other input sizes (input-size candidates)
    packages: ClassVar[tuple[str, ...]] = ()  # whose versions the report records
    repairs: ClassVar[str] = ""  # the converter id whose gate failure this one repairs

    # -- listing -----------------------------------------------------------------------------
    @abstractmethod
    def candidates(self, ctx: ListContext) -> list[Candidate]:
        """This converter's candidates for ``ctx.source``, available or with the reason."""

    def serves(self, ctx: ListContext) -> bool:
        """Whether it applies to the source at all (its task and format)."""
        return ctx.store_task in self.tasks and ctx.source.format in self.source_formats

    def runtime(self, ctx: ListContext) -> BackendStatus | None:
        return runtime_for(ctx.registry, ctx.store_task, self.target_format)

    def candidate(
        self,
        ctx: ListContext,
        tag: str,
        label: str,
        precision: str,
        recipe: Recipe,
        *,
        baseline: bool = False,
    ) -> Candidate:
        """A candidate of this converter on the runtime made for its format: its id is
        ``<runtime>-<tag>-<device>``; unavailable with the runtime's reason when it is not
        installed or has no device of ``device_family``."""
        status = self.runtime(ctx)
        if status is None:
            return Candidate(
                f"{self.target_format}-{tag}-{self.device_family}",
                ctx.task,
                label,
                "",
                self.device_family,
                self.target_format,
                precision,
                recipe.to_dict(self.id),
                available=False,
                reason=Text("no installed runtime reads {format} models", format=self.target_format),
                install_hint="Install a runtime for it (the Device tab lists them).",
                baseline=baseline,
            )
        device = status.device(self.device_family) or status.device(self.device_family.upper())
        device_id = device.id if device is not None else self.device_family
        available = status.available and device is not None and device.available
        reason = ""
        if not status.available:
            reason = status.reason
        elif device is None or not device.available:
            reason = (device.reason if device is not None else "") or (
                f"{status.name} has no {self.device_family.upper()} device here"
            )
        return Candidate(
            f"{status.id}-{tag}-{device_id.lower()}",
            ctx.task,
            label,
            status.id,
            device_id,
            self.target_format,
            precision,
            recipe.to_dict(self.id),
            available=available,
            reason=reason,
            install_hint=status.install_hint if not available else "",
            baseline=baseline,
        )

    def sized_candidates(self, ctx: ListContext) -> list[Candidate]:
        """The candidates offered at other input sizes too (for ``resizable`` converters)."""
        return [c for c in self.candidates(ctx) if not c.baseline or c.recipe.get(KIND) == "source"]

    def sized_label(self, candidate: Candidate, size: int) -> str:
        """The candidate's name at another input size, a whole sentence (ui/i18n.py lists
        the templates); converters with ``resizable`` give their own."""
        return Text("{label} at {size}x{size}", label=candidate.label, size=size)

    # -- building ----------------------------------------------------------------------------
    def recipe(self, data: Mapping[str, Any]) -> Recipe:
        """The typed recipe from a candidate's recipe dict."""
        return self.recipe_type.from_dict(data)

    @abstractmethod
    def build(self, recipe: Recipe, request: BuildRequest) -> BuiltArtifact:
        """Build into ``request.folder``. Raises ConversionError/BackendUnavailable with the
        reason; what it leaves in the folder is removed by the cache on failure."""

    def load_options(self, recipe: Recipe) -> dict[str, Any]:
        """The runtime's load options the built model is judged and deployed with."""
        return {}

    def profile(
        self, recipe: Recipe, model: Path, feeds: Mapping[str, np.ndarray], runs: int, work_dir: Path
    ) -> list[dict[str, Any]] | None:
        """The costliest layers of the built ``model`` (see ``optimize/bench.py``), or None when
        this form has no profiler."""
        from edgestudio.optimize import bench

        if self.target_format == FORMAT_ONNX:
            return bench.profile_onnxruntime(model, feeds, runs, work_dir)
        if self.target_format == FORMAT_OPENVINO_IR:
            options = self.load_options(recipe)
            precision = options.get("inference_precision")
            config = {"INFERENCE_PRECISION_HINT": precision} if precision else {}
            return bench.profile_openvino(model, feeds, runs, config)
        return None

    def at_size(self, model: Path, hints: Mapping[str, Any], size: int, folder: Path, stem: str) -> SizedForm:
        """A built ``model`` resized to ``size`` x ``size`` pictures (ONNX and OpenVINO IR);
        raises ConversionError for a form converted for one input size."""
        from edgestudio.optimize.resize import onnx_at_size, openvino_at_size

        if self.fixed_input_size:
            raise ConversionError(
                f"A {self.target_format} model is converted for one input size; it is not resized."
            )
        if model.suffix == ".onnx":
            return onnx_at_size(model, hints, size, folder, stem)
        if model.suffix == ".xml":
            return openvino_at_size(model, hints, size, folder, stem)
        raise ConversionError(f"{self.name} models cannot be resized here.")

    def grid_build(
        self, recipe: Recipe, source: Path, hints: Mapping[str, Any], size: int, folder: Path, stem: str
    ) -> SizedForm:
        """For ``grid_builds`` converters: the form at ``size`` built straight from the ONNX
        ``source`` (no calibration)."""
        raise BackendUnavailable(f"The grid does not build {self.name} forms; the optimizer does.")
