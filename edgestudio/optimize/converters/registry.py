"""ConverterRegistry: the built-in converters plus the ``edgestudio.converters`` entry-point
group, with the backend registry's robustness: discovery imports nothing, a converter is
imported on first use, and one that fails to import or was built for another converter API
is recorded with its reason (``broken``), never fatal.

The planners (``detect_candidates.py``, ``faces_plan.py``), ``bench grid`` and, through the
optimizer's candidate list, the wizard iterate it. Any thread; instances hold no state.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from importlib.metadata import entry_points

from edgestudio.core.errors import ConversionError
from edgestudio.optimize.converters.base import CONVERTER_API_VERSION, Converter

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "edgestudio.converters"

# The built-in list, in the order candidates are listed: a new form is a module in this
# package and one line here. The Ultralytics export (a .pt checkpoint to ONNX) lives in its
# own module; a converter for it plugs in here with source_formats naming the checkpoint.
BUILTIN_CONVERTERS: dict[str, str] = {
    "source": "edgestudio.optimize.converters.source:SourceConverter",
    "ort-qdq": "edgestudio.optimize.converters.ort_qdq:OrtQdqConverter",
    "openvino-ir": "edgestudio.optimize.converters.openvino_ir:OpenVinoIrConverter",
    "nncf": "edgestudio.optimize.converters.nncf:NncfConverter",
    "nncf-ac": "edgestudio.optimize.converters.nncf:NncfAccuracyControlConverter",
    "ort-qdq-repair": "edgestudio.optimize.converters.ort_qdq:OrtQdqRepairConverter",
    "ncnn": "edgestudio.optimize.converters.ncnn:NcnnConverter",
    "tensorrt": "edgestudio.optimize.converters.tensorrt:TensorRtConverter",
    "tflite": "edgestudio.optimize.converters.tflite:TfliteConverter",
    "input-size": "edgestudio.optimize.converters.input_size:InputSizeConverter",
}

Factory = Callable[[], Converter]


class ConverterRegistry:
    """Converter factories by id; each instantiated at most once, on first use."""

    def __init__(self, *, builtins: bool = True, plugins: bool = True) -> None:
        self._targets: dict[str, str | Factory] = {}
        self._instances: dict[str, Converter] = {}
        self.broken: dict[str, str] = {}
        if builtins:
            self._targets.update(BUILTIN_CONVERTERS)
        if plugins:
            for ep in entry_points(group=ENTRY_POINT_GROUP):
                if ep.name in self._targets:
                    self.broken[f"{ep.name} ({ep.value})"] = f"its id '{ep.name}' is already taken; ignored"
                    continue
                self._targets[ep.name] = ep.value

    def register(self, converter_id: str, factory: Factory | str) -> None:
        """Add a converter (tests register theirs this way)."""
        self._targets[converter_id] = factory
        self._instances.pop(converter_id, None)
        self.broken.pop(converter_id, None)

    def ids(self) -> list[str]:
        return list(self._targets)

    def get(self, converter_id: str) -> Converter:
        """The converter; raises ConversionError for an unknown or broken one."""
        if converter_id in self._instances:
            return self._instances[converter_id]
        target = self._targets.get(converter_id)
        if target is None:
            raise ConversionError(
                f"The optimizer has no converter '{converter_id}'.",
                f"Converters: {', '.join(self._targets) or 'none'}.",
            )
        if converter_id in self.broken:
            raise ConversionError(f"The converter '{converter_id}' is broken: {self.broken[converter_id]}.")
        try:
            if isinstance(target, str):
                module_name, _, attribute = target.partition(":")
                factory: Factory = getattr(importlib.import_module(module_name), attribute)
            else:
                factory = target
            converter = factory()
        except Exception as exc:  # a broken plugin must not take the optimizer down
            reason = f"{type(exc).__name__}: {exc}"
            log.warning("converter %s could not be imported: %s", converter_id, reason)
            self.broken[converter_id] = reason
            raise ConversionError(f"The converter '{converter_id}' could not be loaded ({reason}).") from exc
        api = getattr(converter, "plugin_api", None)
        if api != CONVERTER_API_VERSION:
            reason = f"built for converter API {api}, this EdgeStudio provides {CONVERTER_API_VERSION}"
            self.broken[converter_id] = reason
            raise ConversionError(
                f"The converter '{converter_id}' cannot be used: {reason}.",
                "Install a version of the plugin made for this EdgeStudio.",
            )
        if getattr(converter, "id", converter_id) != converter_id:
            converter.id = converter_id  # type: ignore[misc]  # the entry point's name is its kind
        self._instances[converter_id] = converter
        return converter

    def converters(self) -> list[Converter]:
        """Every converter that loads, in registry order (broken ones are in ``broken``)."""
        out = []
        for converter_id in self.ids():
            try:
                out.append(self.get(converter_id))
            except ConversionError:
                continue
        return out


_DEFAULT: ConverterRegistry | None = None


def default_registry() -> ConverterRegistry:
    """The process's registry (built-ins + installed plugins), made on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ConverterRegistry()
    return _DEFAULT
