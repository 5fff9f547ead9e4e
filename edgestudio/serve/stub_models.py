"""The models a site server runs inside Triton's Python backend (``edgestudio serve``).

Each model folder's ``1/model.py`` is one import of a class here under Triton's required name
``TritonPythonModel`` (``serve/site_repository.py`` writes it); everything the class needs
(the model file, its runtime and device, thresholds) comes from its ``config.pbtxt``
parameters. The runtime is EdgeStudio's own: ``BackendRegistry`` loads the model on the
runtime and device the server chose by rank when it wrote the repository, in throughput
mode, and each ``execute`` call spreads its items over the runner's ``RequestQueue`` (several
runs in flight, batched the runtime's own way). Pre- and post-processing are the tasks'
(``tasks/detection``, ``tasks/speech``): the same code a kiosk runs locally.

- :class:`TensorsModel`: raw tensors in and out under the model's own names (KServe v2), for
  any vision model (detection, face detection, face embedding).
- :class:`DetectionJpegModel`: an encoded image in, detections out (``site_protocol``).
- :class:`SpeechModel`: 16 kHz audio in, text and segments out (UTF-8 in ``UINT8`` rows).

Thread rules: Triton calls ``initialize``, ``execute`` and ``finalize`` of one instance on
the stub's main thread, one at a time; the runner and its queue belong to that thread.
Tensors cross through ``serve/dlpack.py`` (NumPy 2 with the stub's NumPy 1 bindings).
"""

from __future__ import annotations

import json
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core import site_protocol as sp
from edgestudio.serve.dlpack import input_array, output_tensor

log = logging.getLogger(__name__)

# Server-side parameters (the kiosk-facing ones are site_protocol.PARAM_*)
PARAM_ENTRY = "edgestudio.serve.entry"  # JSON: the model store entry the stub loads
PARAM_THREADS = "edgestudio.serve.threads"
# "1" (what ``edgestudio serve`` writes by default): compile for several requests in flight
# (OpenVINO's THROUGHPUT hint), so a batch's frames run in parallel on the runtime's queue;
# "0" (``--latency``): for one request's latency, a batch's frames one after another. Quiet
# 2-core CPU: one stream the same either way, four raw-tensor streams 0.88 -> 0.90-0.92 of the
# runtime's limit.
PARAM_THROUGHPUT = "edgestudio.serve.throughput"
RUN_TIMEOUT_S = 60.0  # one run of the model; a stuck runtime fails the batch, not the server

Feeds = dict[str, np.ndarray]


def _pb_utils() -> Any:
    import triton_python_backend_utils as pb_utils  # only inside Triton's stub

    return pb_utils


def config_parameters(model_config: dict[str, Any]) -> dict[str, str]:
    """The ``parameters`` of a model config (as Triton hands it to ``initialize``) as strings."""
    params = model_config.get("parameters") or {}
    return {key: str(value.get("string_value", "")) for key, value in params.items()}


def entry_from_parameters(params: dict[str, str]) -> Any:
    """The model store entry written into the config by the server (a ``ModelEntry``)."""
    from edgestudio.core.model_store import ModelEntry

    data = json.loads(params[PARAM_ENTRY])
    return ModelEntry(
        id=data["id"],
        name=data["name"],
        task=data["task"],
        format=data["format"],
        path=Path(data["path"]),
        sha256=data.get("sha256", ""),
        size=int(data.get("size", 0)),
        hints=dict(data.get("hints") or {}),
        files=tuple(Path(f) for f in data.get("files", [])),
    )


def runtime_from_parameters(params: dict[str, str]) -> tuple[str, str]:
    """(runtime id, device) the server chose for this model."""
    data = json.loads(params[sp.PARAM_RUNTIME])
    return str(data["runtime"]), str(data.get("device", ""))


def run_items(queue: Any, items: Sequence[Any], timeout_s: float = RUN_TIMEOUT_S) -> list[Any]:
    """Run every item (batch-of-one feeds) on ``queue``, as many runs in flight as it takes and
    as many items per run as it batches; returns one outputs dict (or the exception of its run)
    per item, in order. Owner thread of the queue."""
    results: list[Any] = [None] * len(items)
    waiting = list(range(len(items)))
    while waiting or queue.in_flight:
        while waiting and queue.free:
            take, waiting = waiting[: queue.max_batch], waiting[queue.max_batch :]
            queue.start([items[i] for i in take], take)
        finished = queue.completed(timeout_s)
        if not finished:
            raise TimeoutError(f"the model gave no result within {timeout_s:.0f} s")
        for tag, outcome in finished:
            for position, index in enumerate(tag):
                results[index] = outcome if isinstance(outcome, BaseException) else outcome[position]
    return results


class _ServedModel(ABC):
    """What every served model shares: parameters, the error response, the execute loop."""

    pb: Any
    params: dict[str, str]
    name: str

    def initialize(self, args: dict[str, Any]) -> None:
        """Stub main thread: read the config and load the model."""
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        self.pb = _pb_utils()
        config = json.loads(args["model_config"])
        self.name = str(config.get("name", ""))
        self.params = config_parameters(config)
        self.output_types = {
            out["name"]: self.pb.triton_string_to_numpy(out["data_type"]) for out in config.get("output", [])
        }
        started = time.perf_counter()
        self.load()
        log.info("%s ready in %.0f ms", self.name, (time.perf_counter() - started) * 1e3)

    @abstractmethod
    def load(self) -> None:
        """Stub main thread: load the model this form serves."""

    def error(self, exc: BaseException) -> Any:
        return self.pb.InferenceResponse(error=self.pb.TritonError(f"{self.name}: {exc}"))

    def execute(self, requests: list[Any]) -> list[Any]:
        """Stub main thread: one response per request, in order; a bad request gets an error
        response and the others still their answers."""
        try:
            return self.respond(requests)
        except Exception as exc:  # a whole-call failure (the runtime died): every request says so
            log.exception("%s failed", self.name)
            return [self.error(exc) for _ in requests]

    @abstractmethod
    def respond(self, requests: list[Any]) -> list[Any]:
        """Stub main thread: one response per request, in order (may raise for the whole call)."""

    def tensor(self, name: str, array: np.ndarray) -> Any:
        dtype = self.output_types.get(name)
        return output_tensor(self.pb, name, array if dtype is None else array.astype(dtype, copy=False))

    def finalize(self) -> None:
        """Stub main thread, at unload."""
        self.close()

    @abstractmethod
    def close(self) -> None:
        """Stub main thread: release the model."""


class TensorsModel(_ServedModel):
    """Raw tensors: the model's own inputs and outputs, a free batch axis in front."""

    def load(self) -> None:
        from edgestudio.backends.base import Runner
        from edgestudio.backends.registry import BackendRegistry

        entry = entry_from_parameters(self.params)
        runtime, device = runtime_from_parameters(self.params)
        registry = BackendRegistry()
        choice = registry.choose(entry.task, entry.format, runtime, device)
        threads = int(self.params.get(PARAM_THREADS, "0") or 0)
        throughput = self.params.get(PARAM_THROUGHPUT, "0") == "1"
        runner = choice.backend.load(entry.path, choice.device, threads=threads, throughput=throughput)
        if not isinstance(runner, Runner):
            runner.close()
            raise TypeError(f"{choice.status.name} does not run {entry.task} models as tensors")
        self.runner = runner
        self.input_names = [t.name for t in runner.metadata.inputs]
        if entry.task == "detection":
            from edgestudio.tasks.detection.detector import Detector

            Detector(runner, entry.hints).warmup()
        else:
            runner.warmup()
        self.queue = runner.open_queue()

    def respond(self, requests: list[Any]) -> list[Any]:
        items: list[Feeds] = []
        # per request: its items' range and the outputs it asked for (none = all), or its error
        spans: list[tuple[int, int, list[str]] | BaseException] = []
        for request in requests:
            try:
                feeds = {}
                for name in self.input_names:
                    array = input_array(self.pb, request, name)
                    if array is None:
                        raise ValueError(f"the request has no input '{name}'")
                    feeds[name] = array
                count = {a.shape[0] for a in feeds.values()}
                if len(count) != 1:
                    raise ValueError("the inputs' batch sizes differ")
                size = count.pop()
                spans.append((len(items), len(items) + size, list(request.requested_output_names())))
                items.extend({k: v[i : i + 1] for k, v in feeds.items()} for i in range(size))
            except Exception as exc:
                spans.append(exc)
        outputs = run_items(self.queue, items)
        responses = []
        for span in spans:
            if isinstance(span, BaseException):
                responses.append(self.error(span))
                continue
            mine = outputs[span[0] : span[1]]
            failed = next((o for o in mine if isinstance(o, BaseException)), None)
            if failed is not None:
                responses.append(self.error(failed))
                continue
            wanted = span[2] or list(mine[0])
            tensors = [
                self.tensor(k, np.concatenate([o[k] for o in mine], axis=0)) for k in wanted if k in mine[0]
            ]
            responses.append(self.pb.InferenceResponse(output_tensors=tensors))
        return responses

    def close(self) -> None:
        self.queue.close()
        self.runner.close()


class DetectionJpegModel(_ServedModel):
    """An encoded image in, detections out: decode, letterbox, run, decode and NMS here."""

    def load(self) -> None:
        from edgestudio.backends.registry import BackendRegistry
        from edgestudio.tasks.detection.pipeline import DetectionOptions, build_detection_pipeline

        entry = entry_from_parameters(self.params)
        runtime, device = runtime_from_parameters(self.params)
        options = DetectionOptions(
            backend=runtime,
            device=device,
            threads=int(self.params.get(PARAM_THREADS, "0") or 0),
            confidence=float(self.params.get(sp.PARAM_CONFIDENCE, "0.4")),
            iou=float(self.params.get(sp.PARAM_IOU, "0.5")),
            draw=False,
            streams=8 if self.params.get(PARAM_THROUGHPUT, "0") == "1" else 1,
        )
        self.pipeline = build_detection_pipeline(BackendRegistry(), entry, options)
        self.queue = self.pipeline.open_queue()

    def respond(self, requests: list[Any]) -> list[Any]:
        import cv2

        from edgestudio.core.types import Frame

        items: list[Feeds] = []
        pendings: list[Any] = []
        spans: list[tuple[int, int] | BaseException] = []
        for request in requests:
            try:
                encoded = input_array(self.pb, request, sp.PIPELINE_INPUT)
                if encoded is None:
                    raise ValueError(f"the request has no input '{sp.PIPELINE_INPUT}'")
                rows = encoded.reshape(encoded.shape[0], -1)
                first = len(items)
                for row in rows:
                    image = cv2.imdecode(np.ascontiguousarray(row, dtype=np.uint8), cv2.IMREAD_COLOR)
                    if image is None:
                        raise ValueError("the image could not be decoded (send JPEG or PNG bytes)")
                    feeds, pending = self.pipeline.begin(Frame(image, 0, time.perf_counter(), 0.0), 0)
                    items.append(feeds)
                    pendings.append(pending)
                spans.append((first, len(items)))
            except Exception as exc:
                spans.append(exc)
        outputs = run_items(self.queue, items)
        responses = []
        for span in spans:
            if isinstance(span, BaseException):
                responses.append(self.error(span))
                continue
            try:
                responses.append(self.detections(range(*span), outputs, pendings))
            except Exception as exc:
                responses.append(self.error(exc))
        return responses

    def detections(self, indices: range, outputs: list[Any], pendings: list[Any]) -> Any:
        """One response: BOXES [n, k, 4], SCORES [n, k], CLASSES [n, k] for its n images,
        k the most detections of any of them (rows past an image's own count have score 0)."""
        per_image = []
        for index in indices:
            if isinstance(outputs[index], BaseException):
                raise outputs[index]
            per_image.append(self.pipeline.finish(pendings[index], outputs[index]).detections)
        most = max((len(d) for d in per_image), default=0)
        boxes = np.zeros((len(per_image), most, 4), np.float32)
        scores = np.zeros((len(per_image), most), np.float32)
        classes = np.full((len(per_image), most), -1, np.int32)
        for row, detections in enumerate(per_image):
            for col, det in enumerate(detections):
                boxes[row, col] = det.box
                scores[row, col] = det.score
                classes[row, col] = det.class_id
        return self.pb.InferenceResponse(
            output_tensors=[
                self.tensor("BOXES", boxes),
                self.tensor("SCORES", scores),
                self.tensor("CLASSES", classes),
            ]
        )

    def close(self) -> None:
        self.queue.close()
        self.pipeline.close()


class SpeechModel(_ServedModel):
    """16 kHz mono float32 audio in; the transcript and its segments out (one per item)."""

    def load(self) -> None:
        from edgestudio.serve.speech_serving import load_speech

        self.speech = load_speech(self.params)

    def respond(self, requests: list[Any]) -> list[Any]:
        responses = []
        for request in requests:
            try:
                audio = input_array(self.pb, request, sp.ASR_INPUT, copy=True)
                if audio is None:
                    raise ValueError(f"the request has no input '{sp.ASR_INPUT}'")
                language = input_array(self.pb, request, sp.ASR_LANGUAGE_INPUT, copy=True)
                rows = audio.reshape(audio.shape[0], -1).astype(np.float32, copy=False)
                codes = [""] * len(rows)
                if language is not None:
                    codes = [
                        sp.bytes_to_text(r.astype(np.uint8).tobytes())
                        for r in language.reshape(len(rows), -1)
                    ]
                texts, segments = [], []
                for row, code in zip(rows, codes, strict=True):
                    text, parts = self.speech.transcribe(row, code.strip("\0 "))
                    texts.append(np.frombuffer(sp.text_to_bytes(text), np.uint8))
                    segments.append(np.frombuffer(sp.text_to_bytes(json.dumps(parts)), np.uint8))
                responses.append(
                    self.pb.InferenceResponse(
                        output_tensors=[
                            self.tensor(sp.ASR_TEXT_OUTPUT, _pad_rows(texts)),
                            self.tensor(sp.ASR_SEGMENTS_OUTPUT, _pad_rows(segments)),
                        ]
                    )
                )
            except Exception as exc:
                responses.append(self.error(exc))
        return responses

    def close(self) -> None:
        self.speech.close()


def _pad_rows(rows: list[np.ndarray]) -> np.ndarray:
    """Byte rows of different lengths as one [n, longest] UINT8 array, padded with NUL bytes
    (the kiosk strips trailing NULs; UTF-8 text never holds one)."""
    longest = max((r.size for r in rows), default=0)
    out = np.zeros((len(rows), longest), np.uint8)
    for index, row in enumerate(rows):
        out[index, : row.size] = row
    return out
