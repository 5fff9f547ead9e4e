"""What a site server and its kiosks agree on (issue 17), in one place.

The site server (``edgestudio serve``, ``serve/``) runs NVIDIA Triton Inference Server; the
kiosks reach it through the ``remote`` runtime (``backends/``) with Triton's own client over
the standard KServe v2 protocol. Nothing here is a protocol of our own: these are the model
names, tensor names and configuration parameters that both sides read, so a server and a
kiosk built from the same release understand each other, and a stock Triton or OpenVINO Model
Server running a ``models export --triton`` repository answers the raw-tensor form unchanged.

Two wire forms per vision model:

- **raw tensors**: the model under its own name (:func:`triton_model_name`), the real input
  and output names and dims of the model file, a free batch axis; the kiosk letterboxes and
  decodes (``tasks/``) exactly as it does locally.
- **JPEG in, detections out** (the whole pipeline on the server, for thin kiosks on Wi-Fi):
  the model named ``<name>`` + :data:`PIPELINE_SUFFIX`, one encoded image per request item in
  :data:`PIPELINE_INPUT`, detections in :data:`PIPELINE_OUTPUTS`.

Byte strings travel as ``TYPE_UINT8`` tensors, never ``TYPE_STRING`` (measured, issue 17): the
Python backend stub of Triton 2.51 (``nvidia-pytriton`` 0.7.0) was built against NumPy 1, and
under NumPy 2 it reads a dtype's item size from the wrong field. A ``TYPE_STRING`` input
crashed the stub ("unpack_from requires a buffer of at least 84215049 bytes"), and a string
output arrived empty. So an encoded image is one ``UINT8`` row of its bytes (dims ``[-1]``,
``allow_ragged_batch`` so images of different sizes still batch), and text is UTF-8 bytes
in a ``UINT8`` row (:func:`text_to_bytes` / :func:`bytes_to_text` on the kiosk side).

Every model the site server serves carries :data:`PARAM_*` entries in its ``config.pbtxt``
``parameters``, as strings (JSON where structured): the kiosk reads them as data, never
evaluates them.

Any thread; constants and pure functions only.
"""

from __future__ import annotations

import re

# Ports and addresses: Triton's defaults, llama.cpp server's default for chat.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_HTTP_PORT = 8000
DEFAULT_GRPC_PORT = 8001
DEFAULT_METRICS_PORT = 8002
DEFAULT_CHAT_PORT = 8080

# A kiosk waits this long for one frame before it uses its local model (Frigate: 0.1-0.25 s).
DEFAULT_FRAME_TIMEOUT_S = 0.25

# The access token travels in this header (HTTP) / metadata key (gRPC, lowercase), checked by
# Triton's restricted-API feature (``--http-restricted-api`` / ``--grpc-restricted-protocol``).
TOKEN_HEADER = "edgestudio-token"
# Over gRPC, Triton 2.51 expects the metadata key with its own prefix (measured: a call without
# it is refused with "This protocol is restricted, expecting header
# 'triton-grpc-protocol-edgestudio-token'"); HTTP takes TOKEN_HEADER itself.
GRPC_TOKEN_HEADER = "triton-grpc-protocol-" + TOKEN_HEADER
# Triton API groups the token guards; health stays open so load balancers can probe it.
RESTRICTED_APIS = (
    "metadata",
    "inference",
    "model-config",
    "model-repository",
    "statistics",
    "shared-memory",
    "trace",
    "logging",
)

# JPEG in, detections out
PIPELINE_SUFFIX = "_jpeg"
# TYPE_UINT8, dims [-1] per item (ragged): the encoded JPEG or PNG file's bytes; a request
# item is shaped [1, n] (numpy.frombuffer(jpeg, numpy.uint8)[None]).
PIPELINE_INPUT = "IMAGE"
PIPELINE_INPUT_TYPE = "TYPE_UINT8"
PIPELINE_OUTPUTS = {
    "BOXES": ("TYPE_FP32", (-1, 4)),  # x1, y1, x2, y2 in the source image's pixels
    "SCORES": ("TYPE_FP32", (-1,)),
    "CLASSES": ("TYPE_INT32", (-1,)),  # index into PARAM_LABELS
}

# Speech: 16 kHz mono float32 audio in, text and segments (JSON) out.
ASR_INPUT = "AUDIO"  # TYPE_FP32, dims [-1]
ASR_LANGUAGE_INPUT = "LANGUAGE"  # TYPE_UINT8, dims [-1], optional: UTF-8 code ("" or absent = detect)
ASR_TEXT_OUTPUT = "TEXT"  # TYPE_UINT8, dims [-1]: UTF-8 text
ASR_SEGMENTS_OUTPUT = "SEGMENTS"  # TYPE_UINT8, dims [-1]: UTF-8 JSON list of {start, end, text}
TEXT_TYPE = "TYPE_UINT8"  # how text travels (see the module docstring)

# config.pbtxt parameters (string values) a kiosk reads
PARAM_TASK = "edgestudio.task"  # detection | face-detection | face-embedding | speech
PARAM_MODEL_ID = "edgestudio.model_id"  # the model store id on the server
PARAM_SHA256 = "edgestudio.sha256"  # of the served model file: the kiosk checks it is its own
PARAM_LABELS = "edgestudio.labels"  # JSON list of class names
PARAM_INPUT_SIZE = "edgestudio.input_size"  # JSON [width, height]
PARAM_RUNTIME = "edgestudio.runtime"  # the runtime id and device the server runs it on
PARAM_FORM = "edgestudio.form"  # "tensors" | "jpeg" | "speech"
PARAM_CONFIDENCE = "edgestudio.confidence"  # jpeg form: the score threshold the server applies
PARAM_IOU = "edgestudio.iou"  # jpeg form: the NMS overlap threshold


def text_to_bytes(text: str) -> bytes:
    """Text as it travels in a ``TYPE_UINT8`` tensor (UTF-8)."""
    return text.encode("utf-8")


def bytes_to_text(data: bytes) -> str:
    """A ``TYPE_UINT8`` tensor's bytes back to text; bad bytes become U+FFFD, never an error."""
    return data.decode("utf-8", errors="replace")


def triton_model_name(model_id: str) -> str:
    """The name a stored model has in a Triton repository: letters, digits, ``_ . -`` only."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", model_id).strip("._") or "model"


def pipeline_model_name(model_id: str) -> str:
    """The name of the JPEG-in, detections-out form of a stored detection model."""
    return triton_model_name(model_id) + PIPELINE_SUFFIX
