"""Nothing leaves the device: switch off the telemetry of the libraries EdgeStudio imports.

What was found in the installed libraries (checked by reading their source):

- **OpenVINO** sends a Google Analytics event on ``import openvino``
  (``openvino/tools/ovc/__init__.py`` calls ``init_ovc_telemetry`` with
  ``enable_opt_in_dialog=False``, so it is opt-*out*) and writes ``~/intel/openvino_ga_cid``
  and ``~/intel/stats``. Its only opt-outs are a consent file ``~/intel/openvino_telemetry``
  holding ``0`` (which itself creates ``~/intel``) or a CI environment variable. OpenVINO
  falls back to its own no-op ``telemetry_stub`` when ``openvino_telemetry`` cannot be
  imported (``try: import openvino_telemetry ... except ImportError``), so the module is
  blocked in ``sys.modules`` before OpenVINO is imported: no event, no file, no socket.
- **huggingface_hub** (imported by faster-whisper) sends telemetry and may download models
  unless ``HF_HUB_DISABLE_TELEMETRY``/``DO_NOT_TRACK`` and ``HF_HUB_OFFLINE`` are set; they
  are set here (a user may still override them in the environment) and reach child
  processes through the environment.
- **ONNX Runtime** 1.32's Linux wheel carries Microsoft's 1DS telemetry client (found by
  reading what a run left behind): on first use it writes a device id and queues
  ``ProcessInfo`` events (OS, CPU, memory, the program's path) in
  ``~/.cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db`` for upload. Windows
  builds report through ETW. ``ORT_DISABLE_TELEMETRY=1`` before ONNX Runtime initialises is
  its full opt-out (no uploader, no device id, no queue; the choice holds for the process),
  so it is set here, and faster-whisper's voice detector, which runs ONNX Runtime in the
  speech child, is covered through the environment. ``onnxruntime.disable_telemetry_events()``
  alone only suppresses optional events.
- llama-cpp-python, CTranslate2, OpenCV, dlib, PyAV and Qt have no telemetry.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import MutableMapping

log = logging.getLogger(__name__)

BLOCKED_MODULES = ("openvino_telemetry",)
PRIVACY_ENVIRONMENT = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "DO_NOT_TRACK": "1",
}


def disable_telemetry(environ: MutableMapping[str, str] | None = None) -> None:
    """Opt out of every known telemetry before any runtime is imported; idempotent, any thread.

    Call it at the start of the CLI and the GUI, and in a backend before it imports its
    runtime (child processes come in through those paths too).
    """
    env = os.environ if environ is None else environ
    for name, value in PRIVACY_ENVIRONMENT.items():
        env.setdefault(name, value)
    for module in BLOCKED_MODULES:
        loaded = sys.modules.get(module)
        if loaded is not None:
            log.warning("%s was imported before telemetry could be switched off", module)
            continue
        # ``None`` in sys.modules makes ``import openvino_telemetry`` raise ImportError, and
        # OpenVINO then uses its no-op stub.
        sys.modules[module] = None  # type: ignore[assignment]
