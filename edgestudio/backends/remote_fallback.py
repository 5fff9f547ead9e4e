"""Fallback: use the site server while it answers, the local model when it does not (issue 17).

:class:`FallbackRunner` is a vision ``Runner`` (raw tensors in, tensors out) over two runners
of the same model: the server's and a local one, both loaded up front, so a switch costs no
load. A frame the server does not answer within its timeout (or refuses: connection refused,
reset, server error) is run by the local model at once: the switch happens within the frame
that failed, the frame's timeout (250 ms by default) plus one local run. Nothing queues: the
runner is synchronous, and the session's one-slot mailbox already drops frames that come
while one is being processed.

While local, a :class:`ServerWatch` thread asks the server's health and the model's readiness
with growing pauses (:data:`RETRY_DELAYS_S`, then every :data:`MAX_RETRY_DELAY_S`); once both
answer, the next frame goes to the server again (a fresh connection), so the runner returns
within ``MAX_RETRY_DELAY_S`` + one health request + one frame of the server being ready.

The state is observable: ``state`` (a frozen :class:`FallbackState`, any thread may read it)
and ``on_change`` (called on the runner's thread at each switch; a session emits it as a
status). ``fallback_reason`` is "" while the server answers.

:class:`FallbackStreamingRunner` (chat) and :class:`FallbackSpeechRunner` (transcription) do
the same per request, without a thread: a request that finds the server gone runs locally,
and the server is tried again after a growing pause.

Thread rules: a runner is made, used and closed on one thread (the session's or the CLI's);
``ServerWatch`` owns one daemon thread with its own client, stopped by ``close()``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np

from edgestudio.backends.base import Runner
from edgestudio.backends.inflight import RequestQueue
from edgestudio.backends.remote_client import ServerAddress, SiteClient, SiteServerError
from edgestudio.backends.speech import AudioInfo, Segment, SpeechRunner, TranscribeOptions
from edgestudio.backends.streaming import ChatRequest, StreamingRunner
from edgestudio.core.errors import EdgeStudioError, InferenceError
from edgestudio.core.messages import Text
from edgestudio.core.site_status import USING_LOCAL, USING_SERVER, FallbackState

log = logging.getLogger(__name__)

RETRY_DELAYS_S = (0.25, 0.5, 1.0, 2.0)  # pauses between health checks while local
MAX_RETRY_DELAY_S = RETRY_DELAYS_S[-1]
WATCH_TIMEOUT_S = 0.5  # one health check's limit
WAIT_PAUSE_FACTOR = 4.0  # per-request fallback: pause at least this many times a failed wait
StateCallback = Callable[[FallbackState], None]


def reason_of(exc: BaseException) -> str:
    """The fallback reason for a failure: "server unreachable: ..." and the like."""
    kind = getattr(exc, "kind", "")
    words = {
        "unreachable": "server unreachable",
        "timeout": "server too slow (no answer within the frame timeout)",
        "token": "the server refused the access token",
        "missing-model": "the server does not have this model",
        "model-mismatch": "the server's model differs from this kiosk's",
        "not-an-inference-server": "the address is not an inference server",
        "bad-url": "the server address is not valid",
    }.get(kind, "server failed")
    detail = exc.message if isinstance(exc, EdgeStudioError) else str(exc)
    return Text("{reason}: {detail}", reason=words, detail=detail) if detail else words


def answered_by(runner: object, backend: str) -> tuple[str, str]:
    """Who ran the last request of ``runner`` (loaded as ``backend``) and why not the server:
    ("remote", "") while a falling-back runner is on the site server, (its local runtime's id,
    the reason) once it fell back, (``backend``, its load's fallback reason) for any other
    runner. Any thread (it reads the runner's frozen state)."""
    if isinstance(runner, FallbackRunner | FallbackStreamingRunner | FallbackSpeechRunner):
        state = runner.state
        return (backend, "") if state.on_server else (state.local_runtime or "local", state.reason)
    return backend, str(getattr(runner, "fallback_reason", "") or "")


def task_options(backend_id: str, task: str) -> dict[str, str]:
    """The load options that tell the site server's runtime (id "remote") which task a model
    serves, so that its fallback runner names the task in its switches and picks the local
    runtime for it even when the server is gone at load ({} for every other runtime)."""
    return {"task": task} if backend_id == "remote" else {}


class ServerWatch:
    """Asks the server, on its own thread, whether it is ready again; pauses grow from
    0.25 s to 2 s. ``start()``/``stop()``/``close()`` from the owner's thread; ``ready`` is a
    ``threading.Event`` the owner reads."""

    def __init__(self, address: ServerAddress, model: Callable[[], str]) -> None:
        self._address = address
        self._model = model  # the server model's name, read on the watch thread ("" unknown)
        self.ready = threading.Event()
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._watching = False
        self._attempt = 0
        self._thread: threading.Thread | None = None
        self.checks = 0  # health checks made (tests and benchmarks read it)

    def start(self, attempt: int = 0) -> None:
        """Watch until the server is ready (owner's thread). ``attempt`` picks the first pause."""
        self.ready.clear()
        self._attempt = attempt
        self._watching = True
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="site-server-watch", daemon=True)
            self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        """Stop watching (the server answers again); the thread waits idle. Owner's thread."""
        self._watching = False
        self.ready.clear()

    def close(self) -> None:
        """End the thread and wait for it (at most one health check). Owner's thread."""
        self._stopped.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=WATCH_TIMEOUT_S * 4 + 1)
            self._thread = None

    def _loop(self) -> None:  # the watch thread
        client: SiteClient | None = None
        try:
            while not self._stopped.is_set():
                if not self._watching or self.ready.is_set():
                    self._wake.wait()
                    self._wake.clear()
                    continue
                delay = RETRY_DELAYS_S[min(self._attempt, len(RETRY_DELAYS_S) - 1)]
                if self._wake.wait(delay):
                    self._wake.clear()
                    if self._stopped.is_set():
                        break
                self._attempt += 1
                if not self._watching:
                    continue
                client = client or self._client()
                if client is not None and self._check(client):
                    self.ready.set()
                elif client is not None:
                    client.close()  # a fresh connection for the next check
                    client = None
        finally:
            if client is not None:
                client.close()

    def _client(self) -> SiteClient | None:
        try:
            return SiteClient(self._address, WATCH_TIMEOUT_S)
        except EdgeStudioError as exc:
            log.debug("site server watch: %s", exc)
            return None

    def _check(self, client: SiteClient) -> bool:
        self.checks += 1
        try:
            if not client.server_ready():
                return False
            name = self._model()
            return client.model_ready(name) if name else True
        except EdgeStudioError:
            return False


class FallbackRunner(Runner):
    """The server's runner while it answers, the local one when it does not (module doc).
    Made, used and closed on one thread."""

    def __init__(
        self,
        address: ServerAddress,
        connect: Callable[[], Runner],
        local: Runner | None,
        *,
        remote: Runner | None = None,
        error: SiteServerError | None = None,
        local_runtime: str = "",
        model_name: Callable[[], str] = lambda: "",
        on_change: StateCallback | None = None,
    ) -> None:
        """``connect`` makes the server's runner (raises SiteServerError); it is called again
        after the server comes back. ``remote`` is the one made at load (None when ``error``
        said why not: the runner then starts local). ``local`` is the same model on this
        device (None: no fallback, a server failure raises). Runner's thread."""
        base = remote if remote is not None else local
        if base is None:
            raise error or SiteServerError("failed", "Neither the site server nor a local model can run it.")
        self._address = address
        self._connect = connect
        self._remote = remote
        self._local = local
        self.on_change = on_change
        self.watch = ServerWatch(address, model_name)
        self._state = FallbackState(USING_SERVER, server=address.url, local_runtime=local_runtime)
        self._failed_at = 0.0
        self._attempt = 0
        self.served = {USING_SERVER: 0, USING_LOCAL: 0}  # frames each side answered
        self.first_reason = ""  # the first fallback's reason (a CLI run reports it)
        self.metadata = local.metadata if local is not None else base.metadata
        self.device = base.device
        if remote is None:
            self._fall_back(error or SiteServerError("unreachable", "not connected"))

    @property
    def state(self) -> FallbackState:
        """Where frames go now and why. Any thread (an immutable value)."""
        return self._state

    @property
    def fallback_reason(self) -> str:  # type: ignore[override]
        return self._state.reason

    @property
    def using_server(self) -> bool:
        return self._state.on_server

    def _set_state(self, state: FallbackState) -> None:
        self._state = state
        serving = self._remote if state.on_server else self._local
        if serving is not None:
            self.device = serving.device
        log.info("site server fallback: %s", state.message())
        if self.on_change is not None:
            try:
                self.on_change(state)
            except Exception:  # an observer must not break inference
                log.exception("fallback observer failed")

    def _fall_back(self, exc: BaseException) -> None:
        reason = reason_of(exc)
        now = time.monotonic()
        # failing again right after a return: keep growing the pause (a flapping server)
        self._attempt = self._attempt + 1 if now - self._failed_at < 5.0 else 0
        self._failed_at = now
        self.first_reason = self.first_reason or reason
        switches = self._state.switches + (1 if self._state.on_server else 0)
        self._set_state(replace(self._state, using=USING_LOCAL, reason=reason, since=now, switches=switches))
        self.watch.start(self._attempt)

    def _try_server(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray] | None:
        """The server's answer, or None after falling back (runner's thread)."""
        returning = not self._state.on_server
        try:
            if self._remote is None:
                self._remote = self._connect()
            elif returning:
                reconnect = getattr(self._remote, "reconnect", None)
                if reconnect is not None:
                    reconnect()
            outputs = self._remote.run(inputs)
        except SiteServerError as exc:
            if self._local is None:
                raise
            self._fall_back(exc)
            return None
        if returning:
            self.watch.stop()
            self._set_state(replace(self._state, using=USING_SERVER, reason="", since=time.monotonic()))
        return outputs

    def run(self, inputs: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """One frame: the server's answer, or the local model's when the server fails now or
        has not come back yet. Runner's thread."""
        if self._state.on_server or self.watch.ready.is_set():
            outputs = self._try_server(inputs)
            if outputs is not None:
                self.served[USING_SERVER] += 1
                return outputs
        if self._local is None:
            raise InferenceError(f"The site server is not answering ({self._state.reason}).")
        self.served[USING_LOCAL] += 1
        return self._local.run(inputs)

    def open_queue(self, requests: int = 0) -> RequestQueue:
        """One run at a time (each frame decides where it goes). Runner's thread."""
        return super().open_queue(requests)

    def close(self) -> None:
        """Stop the watch thread and close both runners. Runner's thread."""
        self.watch.close()
        for runner in (self._remote, self._local):
            if runner is not None:
                try:
                    runner.close()
                except Exception:
                    log.exception("closing a runner failed")
        self._remote = None


class _RequestFallback:
    """Per-request fallback for chat and speech: no thread; after a failure the server is
    tried again on the first request after a growing pause."""

    def __init__(self, url: str, local_runtime: str, on_change: StateCallback | None) -> None:
        self._state = FallbackState(USING_SERVER, server=url, local_runtime=local_runtime)
        self._retry_at = 0.0
        self._attempt = 0
        self.on_change = on_change
        self.first_reason = ""

    @property
    def state(self) -> FallbackState:
        return self._state

    def server_due(self) -> bool:
        return self._state.on_server or time.monotonic() >= self._retry_at

    def failed(
        self, exc: BaseException, explain: Callable[[BaseException], str] = reason_of, waited_s: float = 0.0
    ) -> None:
        """The server failed a request after the user ``waited_s`` for it: the next requests go
        local for a growing pause, and at least :data:`WAIT_PAUSE_FACTOR` times that wait, so a
        server that hangs (each retry costs a full timeout) takes at most a fifth of the time
        while one that refuses at once is asked again soon."""
        reason = explain(exc)
        self.first_reason = self.first_reason or reason
        delay = RETRY_DELAYS_S[min(self._attempt, len(RETRY_DELAYS_S) - 1)] * 4  # requests are rare
        delay = max(delay, WAIT_PAUSE_FACTOR * waited_s)
        self._attempt += 1
        self._retry_at = time.monotonic() + delay
        switches = self._state.switches + (1 if self._state.on_server else 0)
        self._set(
            replace(self._state, using=USING_LOCAL, reason=reason, since=time.monotonic(), switches=switches)
        )

    def answered(self) -> None:
        self._attempt = 0
        if not self._state.on_server:
            self._set(replace(self._state, using=USING_SERVER, reason="", since=time.monotonic()))

    def _set(self, state: FallbackState) -> None:
        self._state = state
        log.info("site server fallback: %s", state.message())
        if self.on_change is not None:
            try:
                self.on_change(state)
            except Exception:
                log.exception("fallback observer failed")


class ServerCutOff(InferenceError):
    """The chat server stopped in the middle of an answer (``partial`` is what it had said).
    The question is not lost: the next request goes to the local model."""

    def __init__(self, partial: str, reason: str) -> None:
        super().__init__(
            "The site server stopped in the middle of the answer; the partial answer is kept and "
            "the next answer comes from the local model.",
            reason,
        )
        self.partial = partial
        self.reason = reason


def chat_reason(exc: BaseException) -> str:
    """The fallback reason for a chat server failure (its httpx cause says which kind)."""
    cause = exc.__cause__ or exc
    name = type(cause).__name__
    detail = str(cause) or name
    if "Timeout" in name:
        return Text("{reason}: {detail}", reason="server too slow (no answer in time)", detail=detail)
    if name in {"ConnectError", "RemoteProtocolError", "ReadError", "NetworkError"}:
        return Text("{reason}: {detail}", reason="server unreachable", detail=detail)
    return reason_of(exc)


class FallbackStreamingRunner(StreamingRunner):
    """Chat: the server (OpenAI-compatible) while it answers, the local llama.cpp model when it
    does not. A request that fails before its first piece (refused, timed out) is answered
    locally at once; one that fails mid-answer raises :class:`ServerCutOff` (what was said is
    kept by the caller) and the next goes local. ``remote`` None (the server did not answer at
    load): ``connect`` makes it when the server is due again. Runner's thread."""

    def __init__(
        self,
        remote: StreamingRunner | None,
        local: StreamingRunner,
        url: str,
        on_change: StateCallback | None = None,
        *,
        connect: Callable[[], StreamingRunner] | None = None,
        local_runtime: str = "",
        error: BaseException | None = None,
    ) -> None:
        self._remote, self._local = remote, local
        self._connect = connect
        self._fallback = _RequestFallback(url, local_runtime or local.label or "local", on_change)
        base = remote if remote is not None else local
        self.context_length = min(base.context_length, local.context_length)
        self.label = base.label
        self.device = base.device
        self.served = {USING_SERVER: 0, USING_LOCAL: 0}  # answers each side gave
        if remote is None:
            self._fallback.failed(error or InferenceError("not connected"), chat_reason)

    @property
    def state(self) -> FallbackState:
        return self._fallback.state

    @property
    def fallback_reason(self) -> str:  # type: ignore[override]
        return self._fallback.state.reason

    @property
    def first_reason(self) -> str:
        """The first fallback's reason ("" while the server answered every request)."""
        return self._fallback.first_reason

    def _server(self) -> StreamingRunner:
        if self._remote is None:
            if self._connect is None:
                raise InferenceError("The chat server is not connected.")
            try:
                self._remote = self._connect()
            except EdgeStudioError as exc:
                raise InferenceError(exc.message) from (exc.__cause__ or exc)
        return self._remote

    def stream(self, request: ChatRequest, cancelled: Callable[[], bool]) -> Iterator[str]:
        """The server's answer, else the local model's (runner's thread)."""
        if self._fallback.server_due():
            pieces: list[str] = []
            started = time.monotonic()
            try:
                remote = self._server()
                for piece in remote.stream(request, cancelled):
                    pieces.append(piece)
                    yield piece
            except InferenceError as exc:  # a wait with nothing shown lengthens the pause
                self._fallback.failed(exc, chat_reason, 0.0 if pieces else time.monotonic() - started)
                if pieces:
                    raise ServerCutOff("".join(pieces), self._fallback.state.reason) from exc
            else:
                self._fallback.answered()
                self.served[USING_SERVER] += 1
                self.device, self.label = remote.device, remote.label
                return
        self.served[USING_LOCAL] += 1
        self.device, self.label = self._local.device, self._local.label
        yield from self._local.stream(request, cancelled)

    def count_tokens(self, text: str) -> int:
        return self._local.count_tokens(text)

    def prompt_tokens_used(self) -> int:
        on_server = self._fallback.state.on_server and self._remote is not None
        runner = self._remote if on_server and self._remote is not None else self._local
        return runner.prompt_tokens_used()

    def close(self) -> None:
        for runner in (self._remote, self._local):
            if runner is not None:
                runner.close()
        self._remote = None


class FallbackSpeechRunner(SpeechRunner):
    """Transcription: the server while it answers, the local faster-whisper model when it
    does not (per request). Runner's thread."""

    def __init__(
        self,
        remote: SpeechRunner,
        local: SpeechRunner,
        url: str,
        on_change: StateCallback | None = None,
        local_runtime: str = "",
    ) -> None:
        self._remote, self._local = remote, local
        self._fallback = _RequestFallback(url, local_runtime or local.label or "local", on_change)
        self.label = remote.label
        self.device = remote.device
        self.english_only = local.english_only

    @property
    def state(self) -> FallbackState:
        return self._fallback.state

    @property
    def fallback_reason(self) -> str:  # type: ignore[override]
        return self._fallback.state.reason

    def transcribe(
        self, audio: Path | np.ndarray, options: TranscribeOptions, cancelled: Callable[[], bool]
    ) -> tuple[AudioInfo, Iterator[Segment]]:
        """The server transcribes the whole request at once (so a failure is known before any
        segment is handed on); on failure the local model does it. Runner's thread."""
        if self._fallback.server_due():
            started = time.monotonic()
            try:
                info, segments = self._remote.transcribe(audio, options, cancelled)
                done = list(segments)
                self._fallback.answered()
                self.device, self.label = self._remote.device, self._remote.label
                return info, iter(done)
            except InferenceError as exc:
                self._fallback.failed(exc, waited_s=time.monotonic() - started)
        self.device, self.label = self._local.device, self._local.label
        return self._local.transcribe(audio, options, cancelled)

    def close(self) -> None:
        for runner in (self._remote, self._local):
            runner.close()
