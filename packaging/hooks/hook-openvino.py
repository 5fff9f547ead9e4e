# PyInstaller hook for OpenVINO (none ships with PyInstaller or pyinstaller-hooks-contrib as of
# 2026-11, measured in /work/shared/RUNTIMES.md). OpenVINO loads its device plugins
# (libopenvino_intel_cpu_plugin.so...) and frontends (libopenvino_onnx_frontend.so.2026...)
# at run time by name, so the analysis never sees them; and the frontends are versioned
# "*.so.NNNN" files that the default dynamic-library patterns miss. Without this hook the bundle
# finds no device and cannot read ONNX. plugins.xml and the cache files ride along as data.
from PyInstaller.utils.hooks import PY_DYLIB_PATTERNS, collect_data_files, collect_dynamic_libs

# The app reads ONNX and OpenVINO IR only: the other frameworks' front ends stay out (12 MB).
UNUSED_FRONTENDS = ("tensorflow", "tensorflow_lite", "pytorch", "paddle", "jax")
binaries = [
    (source, target)
    for source, target in collect_dynamic_libs("openvino", search_patterns=[*PY_DYLIB_PATTERNS, "*.so.*"])
    if not any(f"openvino_{name}_frontend" in source for name in UNUSED_FRONTENDS)
]
# Only the plugin list and cache descriptions: collect_data_files would also take every
# shared library (PyInstaller moves those to the binaries), undoing the filter above.
datas = collect_data_files("openvino", includes=["**/*.xml", "**/*.json"])
# Front ends for frameworks the app never reads pull in torch, TensorFlow, JAX or Paddle.
excludedimports = [
    "openvino.frontend.pytorch",
    "openvino.frontend.tensorflow",
    "openvino.frontend.jax",
    "openvino.tools",
    "torch",
    "tensorflow",
    "jax",
    "paddle",
]
