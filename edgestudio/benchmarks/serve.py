"""``edgestudio bench serve``: detection through the site server against the same model run
locally, for 1, 2, 4, 8... streams in one run (issue 17).

Per stream count and wire form (``jpeg``: the encoded frame in, detections out; ``tensors``:
the letterboxed input tensor in, raw outputs out, decoded here):

- N client threads, each with its own gRPC connection, each sending its video's frames one
  after another (a kiosk waits for a frame's answer before it sends the next); the frames are
  decoded and, for the JPEG form, encoded once before the clock starts (a camera's MJPEG, or
  the kiosk's encoder, costs the kiosk, not the server). For the tensors form the letterbox
  is made before the clock too, as the app's capture thread makes it beside the model
  (``Frame.prepared``) and as Triton's perf_analyzer sends prepared data: on a site it runs on
  each kiosk's CPU, and here it would take the server's cores. Per frame: latency from the
  request to the decoded detections (the tensors form decodes here); ``fps`` is every frame
  after each stream's warm-up over the time they span;
- ``bytes_per_frame``: the request's and the answer's tensor payloads (what the KServe v2
  binary form carries; gRPC framing adds a few dozen bytes);
- ``client_cpu_ms_per_frame``: CPU time the client threads spent per frame (gRPC, the
  decode): on loopback it is taken from the cores the server runs on, so ``vs_limit`` here
  is a lower bound of what a server with kiosks elsewhere gives;
- ``mean_batch``: from Triton's metrics, the change of ``nv_inference_count`` over that of
  ``nv_inference_exec_count`` for the model while the block ran;
- ``local_fps``: the same model on the same runtime and device in this process, N frames in
  flight on its request queue with the same prepared inputs and the decode (what a kiosk
  with the model would get); ``limit_fps``: the runtime alone with its queue kept full (its own throughput
  limit, as ``bench detect --streams`` measures it).

Without ``--server`` a site server is started on free loopback ports for the run. The
measurement runs on the calling thread (client threads of its own, all joined).
"""

from __future__ import annotations

import re
import statistics
import threading
import time
import urllib.request
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from edgestudio.core import site_protocol as sp
from edgestudio.core.errors import InferenceError, InputError, SourceError

WARMUP_FRAMES = 2
FORMS = ("jpeg", "tensors")


@dataclass(frozen=True)
class ServeBenchConfig:
    source: str
    streams: tuple[int, ...] = (1, 2, 4, 8)
    forms: tuple[str, ...] = FORMS
    seconds: float = 8.0
    frames: int = 48  # distinct frames taken from the source, cycled by every stream
    grpc_url: str = ""  # host:port of Triton's gRPC endpoint
    metrics_url: str = ""
    token: str = ""
    model_id: str = "centernet-coco"
    jpeg_quality: int = 85
    rounds: int = 1  # server, local and limit blocks repeated, interleaved; medians reported


@dataclass
class _Stream:
    latencies: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)
    bytes_sent: int = 0
    bytes_received: int = 0
    cpu_s: float = 0.0  # CPU time the client thread spent (sending, receiving, decoding)
    error: BaseException | None = None


def read_frames(source: str, count: int) -> list[np.ndarray]:
    """The first ``count`` frames of a video file or picture (a picture repeats)."""
    from edgestudio.core.video import SourceSpec, open_source

    frames: list[np.ndarray] = []
    video = open_source(SourceSpec.guess(source, loop=False))
    try:
        while len(frames) < count:
            frame = video.read()
            if frame is None:
                break
            frames.append(frame)
    finally:
        video.close()
    if not frames:
        raise SourceError(f"{source} gave no frame to send.", "Give a video file or a picture.")
    return frames


def triton_counters(metrics_url: str, model: str) -> tuple[float, float]:
    """(items inferred, model executions) of ``model`` from Triton's Prometheus text."""
    with urllib.request.urlopen(metrics_url, timeout=5) as response:
        text = response.read().decode("utf-8", errors="replace")

    def total(name: str) -> float:
        pattern = rf'^{name}{{[^}}]*model="{re.escape(model)}"[^}}]*}} (\S+)$'
        return sum(float(m.group(1)) for m in re.finditer(pattern, text, re.MULTILINE))

    return total("nv_inference_count"), total("nv_inference_exec_count")


def _pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 2) if values else 0.0


class _Client:
    """One stream's connection and its per-frame work for a wire form (client thread)."""

    def __init__(self, config: ServeBenchConfig, form: str, detector: Any) -> None:
        import tritonclient.grpc as grpcclient

        self.grpc = grpcclient
        self.client = grpcclient.InferenceServerClient(config.grpc_url)
        self.headers = {sp.GRPC_TOKEN_HEADER: config.token} if config.token else None
        self.form = form
        self.detector = detector
        self.model = (
            sp.pipeline_model_name(config.model_id)
            if form == "jpeg"
            else sp.triton_model_name(config.model_id)
        )

    def frame(self, item: Any, conf: float, iou: float) -> tuple[int, int, int]:
        """Send one frame, get its detections: (detections, bytes sent, bytes received)."""
        grpc = self.grpc
        if self.form == "jpeg":
            data = np.frombuffer(item, np.uint8)[None]
            tensor = grpc.InferInput(sp.PIPELINE_INPUT, list(data.shape), "UINT8")
            tensor.set_data_from_numpy(data)
            result = self.client.infer(self.model, [tensor], headers=self.headers)
            outputs = {name: result.as_numpy(name) for name in sp.PIPELINE_OUTPUTS}
            received = sum(a.nbytes for a in outputs.values())
            return int((outputs["SCORES"][0] > 0).sum()), data.nbytes, received
        feeds, transform, _ = self.detector.feeds_for(item.image, item.prepared)
        inputs = []
        for name, array in feeds.items():
            tensor = grpc.InferInput(name, list(array.shape), "FP32")
            tensor.set_data_from_numpy(array)
            inputs.append(tensor)
        spec = self.detector.spec
        names = [n for n in (spec.output_name, spec.sizes_name) if n]  # what the decoder reads
        wanted = [grpc.InferRequestedOutput(n) for n in names]
        result = self.client.infer(self.model, inputs, outputs=wanted, headers=self.headers)
        outputs = {n: result.as_numpy(n) for n in names}
        detections = self.detector.decode(outputs, transform, conf, iou)
        sent = sum(a.nbytes for a in feeds.values())
        return len(detections), sent, sum(a.nbytes for a in outputs.values())

    def close(self) -> None:
        self.client.close()


def _server_block(
    config: ServeBenchConfig, form: str, streams: int, items: list[Any], pipeline: Any
) -> dict[str, Any]:
    """N client threads for ``config.seconds``; their numbers and Triton's mean batch."""
    clients = [_Client(config, form, pipeline.detector) for _ in range(streams)]
    records = [_Stream() for _ in range(streams)]
    stop = threading.Event()
    items0, runs0 = triton_counters(config.metrics_url, clients[0].model)

    def work(index: int) -> None:
        record, client = records[index], clients[index]
        position = index * len(items) // max(1, streams)  # streams start at different frames
        cpu0 = time.thread_time()
        try:
            while not stop.is_set():
                t0 = time.perf_counter()
                _, sent, received = client.frame(
                    items[position % len(items)], pipeline.confidence, pipeline.iou
                )
                t1 = time.perf_counter()
                record.latencies.append((t1 - t0) * 1e3)
                record.finished.append(t1)
                record.bytes_sent += sent
                record.bytes_received += received
                position += 1
        except BaseException as exc:
            record.error = exc
        record.cpu_s = time.thread_time() - cpu0

    threads = [threading.Thread(target=work, args=(i,), name=f"bench-serve-{i}") for i in range(streams)]
    for thread in threads:
        thread.start()
    time.sleep(config.seconds)
    stop.set()
    for thread in threads:
        thread.join(60)
    for client in clients:
        client.close()
    failed = next((r.error for r in records if r.error is not None), None)
    if failed is not None:
        raise InferenceError(f"The site server failed during the benchmark: {failed}")
    items1, runs1 = triton_counters(config.metrics_url, clients[0].model)
    kept = [r for r in records if len(r.finished) > WARMUP_FRAMES + 1]
    start = max(r.finished[WARMUP_FRAMES] for r in kept) if kept else 0.0
    end = max(r.finished[-1] for r in kept) if kept else 0.0
    counted = sum(1 for r in kept for t in r.finished if t > start)
    latencies = [v for r in records for v in r.latencies[WARMUP_FRAMES:]]
    frames = sum(len(r.latencies) for r in records)
    per_stream = [
        round((len(r.finished) - WARMUP_FRAMES - 1) / (r.finished[-1] - r.finished[WARMUP_FRAMES]), 2)
        for r in kept
    ]
    return {
        "fps": round(counted / (end - start), 2) if end > start else 0.0,
        "per_stream_fps": per_stream,
        "p50_ms": _pct(latencies, 50),
        "p95_ms": _pct(latencies, 95),
        "frames": frames,
        "request_bytes_per_frame": round(sum(r.bytes_sent for r in records) / max(1, frames)),
        "answer_bytes_per_frame": round(sum(r.bytes_received for r in records) / max(1, frames)),
        "bytes_per_frame": round(sum(r.bytes_sent + r.bytes_received for r in records) / max(1, frames)),
        "client_cpu_ms_per_frame": round(sum(r.cpu_s for r in records) * 1e3 / max(1, frames), 2),
        "mean_batch": round((items1 - items0) / (runs1 - runs0), 2) if runs1 > runs0 else 0.0,
        "server_runs": int(runs1 - runs0),
    }


def _local_block(pipeline: Any, frames: list[Any], in_flight: int, seconds: float) -> float:
    """The model here, ``in_flight`` of ``frames`` (``Frame``s with their prepared inputs) on
    its request queue with the decode: frames per second (calling thread)."""
    queue = pipeline.open_queue()
    try:
        limit = max(1, min(in_flight, queue.capacity * queue.max_batch))
        started = done = 0
        first = 0.0
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline or queue.in_flight:
            while queue.free and queue.in_flight < limit and time.perf_counter() < deadline:
                frame = replace(frames[started % len(frames)], index=started, captured_at=time.perf_counter())
                feeds, pending = pipeline.begin(frame, 0)
                queue.start([feeds], pending)
                started += 1
            for pending, outcome in queue.completed(5.0):
                if isinstance(outcome, BaseException):
                    raise InferenceError(f"The local model failed: {outcome}")
                pipeline.finish(pending, outcome[0])
                done += 1
                if done == WARMUP_FRAMES:
                    first = time.perf_counter()
        return (done - WARMUP_FRAMES) / (time.perf_counter() - first) if done > WARMUP_FRAMES else 0.0
    finally:
        queue.close()


def _medians(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One block's numbers over its interleaved rounds: the median of each number (ratios
    are medians of each round's own ratio), the first round's for the rest."""
    out = dict(rounds[0])
    for key, value in rounds[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            middle = statistics.median(r[key] for r in rounds)
            out[key] = round(middle, 2) if isinstance(middle, float) else middle
    if len(rounds) > 1:
        out["vs_limit_rounds"] = [r["vs_limit"] for r in rounds]
    return out


def run_serve_benchmark(config: ServeBenchConfig, pipeline: Any, pipeline_streams: Any) -> dict[str, Any]:
    """Every (form, stream count) block, each with the local numbers measured right after it.
    ``pipeline`` is the local model with latency settings (one stream), ``pipeline_streams`` the
    same model in throughput mode (several in flight)."""
    import cv2

    from edgestudio.benchmarks.detect_streams import limit_block
    from edgestudio.core.types import Frame

    if any(n < 1 for n in config.streams) or not config.streams:
        raise InputError("--streams takes stream counts of 1 or more, such as 1,2,4,8.")
    if set(config.forms) - set(FORMS):
        raise InputError(f"--form takes {', '.join(FORMS)} or both.")
    frames = read_frames(config.source, config.frames)
    encoded = [
        cv2.imencode(".jpg", f, [cv2.IMWRITE_JPEG_QUALITY, config.jpeg_quality])[1].tobytes() for f in frames
    ]
    prepared = [Frame(f, i, 0.0, 0.0, pipeline.prepare_input(f)) for i, f in enumerate(frames)]
    prepared_streams = [
        Frame(f, i, 0.0, 0.0, pipeline_streams.prepare_input(f)) for i, f in enumerate(frames)
    ]
    runs = []
    for form in config.forms:
        items: list[Any] = encoded if form == "jpeg" else prepared
        for streams in config.streams:
            rounds = []
            for _ in range(max(1, config.rounds)):
                served = _server_block(config, form, streams, items, pipeline)
                local = pipeline if streams == 1 else pipeline_streams
                local_fps = _local_block(
                    local, prepared if streams == 1 else prepared_streams, streams, min(config.seconds, 5.0)
                )
                feeds, _ = pipeline_streams.detector.prepare(frames[0])
                queue = pipeline_streams.open_queue()
                try:
                    limit = limit_block(queue, feeds, max(8, int(local_fps * 2)))
                finally:
                    queue.close()
                rounds.append(
                    {
                        **served,
                        "local_fps": round(local_fps, 2),
                        "limit_fps": round(limit, 2),
                        "vs_local": round(served["fps"] / local_fps, 2) if local_fps else 0.0,
                        "vs_limit": round(served["fps"] / limit, 2) if limit else 0.0,
                    }
                )
            runs.append({"form": form, "streams": streams, **_medians(rounds), "rounds": len(rounds)})
    by_form = {r["form"]: r["bytes_per_frame"] for r in runs if r["streams"] == runs[0]["streams"]}
    summary = {}
    if {"jpeg", "tensors"} <= by_form.keys():
        summary["jpeg_bytes_vs_tensors"] = round(by_form["jpeg"] / by_form["tensors"], 4)
    return {
        "source": config.source,
        "model": config.model_id,
        "frames": len(frames),
        "jpeg_quality": config.jpeg_quality,
        "seconds_per_block": config.seconds,
        "client_letterbox": "before the clock (the kiosk's work)",
        "runtime": pipeline.info.backend,
        "device": pipeline.info.device,
        "runs": runs,
        **summary,
    }
