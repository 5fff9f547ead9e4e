"""``edgestudio bench grid``: the real default detector (CenterNet, exported for 512x512) over
real runtimes and sizes, in a real process; the size check on its real graph; and a form the
optimizer has not built yet. No test assumes a speed-up, only that each row is measured or
says why not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import onnx

from edgestudio.benchmarks.grid import GridOptions, _Grid, grid_candidates
from edgestudio.benchmarks.grid_forms import input_geometry, onnx_at_size, shape_conflict, size_bound_reshapes
from edgestudio.optimize.converters.registry import ConverterRegistry
from edgestudio.optimize.run import make_context, resolve_source

ROW_KEYS = {
    "candidate", "label", "backend", "device", "precision", "size", "status", "reason", "note",
    "reference", "latency_p50_ms", "latency_p95_ms", "fps", "load_ms", "map50", "f1", "speedup",
}  # fmt: skip


def test_tiny_grid_measures_two_runtimes_at_two_sizes_and_says_why_a_size_cannot_run(tmp_path: Path) -> None:
    env = {**os.environ, "EDGESTUDIO_HOME": str(tmp_path / "home")}
    command = [
        sys.executable, "-m", "edgestudio", "bench", "grid", "--task", "detect",
        "--sizes", "320,512,300", "--backends", "onnxruntime,openvino", "--precisions", "fp32",
        "--frames", "4", "--views", "4", "--json",
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert {
        "task",
        "source",
        "reference",
        "sizes",
        "frames",
        "validation",
        "rows",
        "machine",
        "seconds",
    } <= set(report)
    assert report["reference"] == {"candidate": "onnxruntime-fp32-cpu", "size": 512, "threshold": 0.4}
    assert report["sizes"] == [320, 512, 300] and report["validation"]["count"] == 4
    assert all(set(row) == ROW_KEYS for row in report["rows"])
    # the built-in forms; a converter plugin installed here (plugins/) adds its own rows
    builtin = ("onnxruntime-fp32-cpu", "openvino-fp32-cpu")
    rows = [row for row in report["rows"] if row["candidate"] in builtin]
    assert all("(plugin)" in row["label"] for row in report["rows"] if row["candidate"] not in builtin)
    assert {row["backend"] for row in rows} == {"onnxruntime", "openvino"}
    assert {row["precision"] for row in rows} == {"fp32"}
    assert len(rows) == 2 * 3  # 2 runtimes x 1 precision x 3 sizes
    by_key = {(row["backend"], row["size"]): row for row in rows}

    reference = by_key[("onnxruntime", 512)]
    assert reference["reference"] and reference["status"] == "measured" and reference["speedup"] == 1.0
    for backend in ("onnxruntime", "openvino"):
        small = by_key[(backend, 320)]
        assert small["status"] == "measured", small["reason"]
        assert small["latency_p50_ms"] > 0 and small["latency_p95_ms"] >= small["latency_p50_ms"]
        assert small["fps"] > 0 and small["load_ms"] > 0 and small["speedup"] > 0
        assert 0.0 <= small["map50"] <= 1.0
        assert "raw heads" in small["note"]  # the decode tail is fixed at 512: the heads run
        odd = by_key[(backend, 300)]
        assert odd["status"] == "failed" and "300x300" in odd["reason"]
        assert odd["latency_p50_ms"] is None
    assert by_key[("openvino", 512)]["status"] == "measured"

    table = subprocess.run(command[:-1], env=env, capture_output=True, text=True, timeout=600, check=False)
    assert table.returncode == 0, table.stderr[-2000:]
    assert "onnxruntime-fp32-cpu" in table.stdout and "the reference" in table.stdout


def test_the_size_check_finds_the_reshape_bound_to_512_and_the_heads_run(tmp_path: Path) -> None:
    ctx = make_context(str(tmp_path / "home"))
    source = resolve_source(ctx, "centernet-coco")
    model = onnx.load(str(source.path))
    geometry = input_geometry(model)
    assert (geometry.name, geometry.channels_last, geometry.height) == ("tower_0/images:0", True, 512)
    assert size_bound_reshapes(model, geometry, 512) == []
    bound = size_bound_reshapes(model, geometry, 320)
    assert bound == ["Reshape tower_0/BatchGather/Reshape_2 to [16384, 4]"]
    assert shape_conflict(model, geometry, 320) == ""
    assert "Concat" in shape_conflict(model, geometry, 300)
    form = onnx_at_size(source.path, source.hints, 320, tmp_path, "centernet-320")
    assert form.hints["layout"] == "centernet" and "16384" in form.note
    cut = onnx.load(str(form.path))
    assert [o.name for o in cut.graph.output] == ["tower_0/keypoints", "tower_0/wh"]


def test_an_int8_form_the_optimizer_has_not_built_says_how_to_build_it(tmp_path: Path) -> None:
    ctx = make_context(str(tmp_path / "home"))
    source = resolve_source(ctx, "centernet-coco")
    options = GridOptions(sizes=(512,), backends=("onnxruntime",), views=4)
    ctx.extras["converters"] = ConverterRegistry(plugins=False)  # the built-in forms only
    candidates = {c.id: c for c in grid_candidates(ctx, source, options)}
    assert set(candidates) == {"onnxruntime-fp32-cpu", "onnxruntime-int8-cpu"}
    grid = _Grid(ctx, source, options)
    row = grid.measure(candidates["onnxruntime-int8-cpu"], 512)
    assert row.status == "not-built"
    assert "edgestudio optimize --task detect --only onnxruntime-int8-cpu" in row.reason
