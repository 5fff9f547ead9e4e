# PyInstaller hook for llama-cpp-python: the bindings open libllama / libggml* from
# llama_cpp/lib with ctypes at import time, which the analysis cannot see ("Shared library with
# base name 'llama' not found" in the bundle otherwise). Keep them in llama_cpp/lib, where
# llama_cpp looks for them.
from PyInstaller.utils.hooks import PY_DYLIB_PATTERNS, collect_dynamic_libs

binaries = collect_dynamic_libs("llama_cpp", search_patterns=[*PY_DYLIB_PATTERNS, "*.so.*"])
# The OpenAI-compatible server (FastAPI, uvicorn) is not part of the app.
excludedimports = ["llama_cpp.server"]
