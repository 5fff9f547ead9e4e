"""The optimizer's converters: typed recipes, the registry (built-ins, the
``edgestudio.converters`` entry-point group, broken plugins recorded, never fatal), no
backend id spelled in ``optimize/`` outside ``converters/``, and the plugin converter from
``plugins/edgestudio-ort-optimized`` listed in the Optimize wizard (the real child process)."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from edgestudio.backends.registry import BUILTIN_BACKENDS
from edgestudio.core.errors import ConversionError
from edgestudio.core.hardware import probe_hardware
from edgestudio.optimize.converters.base import CONVERTER_API_VERSION
from edgestudio.optimize.converters.nncf import NncfAccuracyRecipe, NncfRecipe
from edgestudio.optimize.converters.ort_qdq import OrtQdqRecipe
from edgestudio.optimize.converters.registry import BUILTIN_CONVERTERS, ConverterRegistry
from edgestudio.optimize.run import make_context, resolve_source
from edgestudio.ui.optimize_wizard import OptimizeWizard

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "ort-optimized"
PLUGIN_CANDIDATE = "onnxruntime-fp32-optimized-cpu"
FORMAT_IDS = {"onnx", "openvino-ir", "ncnn", "tflite", "tensorrt-plan", "gguf", "ctranslate2", "dlib"}


def test_no_backend_id_is_written_in_optimize_outside_the_converters() -> None:
    converters = ROOT / "edgestudio" / "optimize" / "converters"
    files = [
        p for p in sorted((ROOT / "edgestudio" / "optimize").rglob("*.py")) if converters not in p.parents
    ]
    names = [b for b in BUILTIN_BACKENDS if b not in FORMAT_IDS]  # "ncnn" is also a format id
    pattern = re.compile("|".join(rf"""["']{re.escape(backend)}["']""" for backend in names))
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, "\n".join(found)


def test_recipes_are_typed_and_frozen() -> None:
    recipe = OrtQdqRecipe.from_dict({"kind": "ort-qdq", "exclude_tail": False, "calibration_sha256": "x"})
    assert recipe == OrtQdqRecipe(exclude_tail=False)
    assert recipe.to_dict("ort-qdq")["kind"] == "ort-qdq"
    with pytest.raises(FrozenInstanceError):
        recipe.method = "minmax"  # type: ignore[misc]
    repair = NncfAccuracyRecipe.from_dict(NncfAccuracyRecipe(max_drop=0.02).to_dict("nncf-ac"))
    assert isinstance(repair, NncfRecipe) and repair.max_drop == 0.02


class _OldApi:
    plugin_api = CONVERTER_API_VERSION + 1
    id = "old"


def _raises() -> None:
    raise RuntimeError("broken on import")


def test_a_broken_or_mismatched_plugin_is_recorded_not_fatal() -> None:
    registry = ConverterRegistry(builtins=True, plugins=False)
    registry.register("old", _OldApi)  # type: ignore[arg-type]
    registry.register("boom", _raises)  # type: ignore[arg-type]
    registry.register("missing", "no_such_module:Converter")
    kinds = [c.id for c in registry.converters()]
    assert kinds == list(BUILTIN_CONVERTERS)
    assert "converter API" in registry.broken["old"]
    assert "broken on import" in registry.broken["boom"]
    assert "ModuleNotFoundError" in registry.broken["missing"]
    with pytest.raises(ConversionError, match="broken"):
        registry.get("boom")


def test_the_installed_plugin_is_found_through_its_entry_point(tmp_path: Path) -> None:
    registry = ConverterRegistry()
    assert PLUGIN in registry.ids() and not registry.broken
    ctx = make_context(str(tmp_path))
    from edgestudio.optimize.planners import planner_for

    source = resolve_source(ctx, "centernet-coco")
    candidates = {c.id: c for c in planner_for("detect").candidates(ctx, source, probe_hardware())}
    plugin = candidates[PLUGIN_CANDIDATE]
    assert plugin.available and plugin.recipe == {"kind": PLUGIN, "level": "basic"}
    assert plugin.format == "onnx" and plugin.input_size == 512  # its runtime: the one made for ONNX


def test_the_wizard_lists_the_plugin_converter(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    wizard = OptimizeWizard(ctx, "detect")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    page = wizard.target_page
    assert wizard.currentPage() is page
    qtbot.waitUntil(lambda: page.job is None and bool(wizard.state.candidates), timeout=120_000)
    ids = [c.id for c in wizard.state.candidates]
    row = ids.index(PLUGIN_CANDIDATE)
    assert page.table.item(row, 0).text() == "ONNX Runtime FP32, graph optimizations saved (plugin), CPU"
    assert page.table.item(row, 3).text() == "available"
    sized = [c for c in wizard.state.candidates if c.input_size and c.input_size < 512]
    assert {c.input_size for c in sized} == {320, 416, 480}
    wizard.stop()
