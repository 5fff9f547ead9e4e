"""Live microphone transcription on the site server (issue 17, point 5): the Voice tab's
microphone (real speech played into a PulseAudio null sink reaches PortAudio, as a real
microphone does: ``pulse_mic`` in conftest.py) with Whisper on the ``remote`` runtime, against
the real ``tritonserver`` serving the default Whisper model:

- every phrase is transcribed by the server while it answers (the runtime that answered is
  "remote", and Triton counts the requests);
- the server is killed (kill -9) while a phrase is on it: that phrase and every later one are
  transcribed by the local faster-whisper model, the switch is heard within 1 s (the tab's
  note, the app-wide observer the status bar follows, with the reason), and no phrase spoken is
  lost, nothing fails;
- restarted on the same ports, the server transcribes the phrases again.

The phrase that answered each request is told by a spy on the fallback runner (it calls
through and reads ``answered_by``, what a file's transcript says in ``settings["runtime"]``);
the server is started, killed and restarted on the test's (GUI) thread.
"""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from edgestudio.backends import remote_client
from edgestudio.backends.remote_fallback import FallbackSpeechRunner, answered_by
from edgestudio.core.site_status import FallbackState
from edgestudio.serve.site_server import SiteServer
from edgestudio.tasks.speech.engine import PhraseText
from edgestudio.tasks.speech.models import default_speech_model
from edgestudio.ui.voice_tab import VoiceTab
from tests.site_server_fixtures import choose_site_server, restart_site_server, start_test_server
from tests.speech_media import espeak, wer, write_wav

REMOTE, LOCAL = "remote", "faster-whisper"
FALLBACK_LIMIT_S = 1.0
BEFORE = ("Good morning, please show me the way to the train station.",)
DURING = (  # the server is killed while the first of these is on it
    "The weather today is sunny and warm.",
    "I would like a cup of coffee with milk.",
    "The children are playing in the park.",
)
AFTER = ("Thank you very much for your help.", "Please close the door when you leave.")


def spoken(sentences: tuple[str, ...], path: Path, gap_s: float = 1.5) -> Path:
    """One WAV of ``sentences`` (espeak-ng), each after ``gap_s`` of silence: one phrase each
    (a phrase ends after 0.5 s of silence)."""
    from faster_whisper import decode_audio

    silence = np.zeros(int(gap_s * 16_000), np.float32)
    parts: list[np.ndarray] = []
    for i, sentence in enumerate(sentences):
        voice = decode_audio(str(espeak(sentence, path.with_suffix(f".{i}.wav"), rate=150)))
        parts += [silence, voice]
    return write_wav(path, np.concatenate([*parts, silence]))


def served_requests(server: SiteServer) -> int:
    """Requests Triton answered, from its metrics endpoint."""
    with urllib.request.urlopen(server.metrics_url, timeout=5) as response:
        text = response.read().decode()
    return sum(
        int(float(line.rsplit(" ", 1)[1]))
        for line in text.splitlines()
        if line.startswith("nv_inference_request_success{")
    )


def heard_in(finals: list[PhraseText], sentence: str) -> PhraseText | None:
    """The final phrase that says ``sentence`` (Whisper tiny may miss a word of espeak-ng)."""
    return next((line for line in finals if wer(sentence, line.text) <= 0.35), None)


@pytest.mark.skipif(default_speech_model() is None, reason="the default Whisper model is not installed")
def test_live_microphone_on_the_site_server_goes_on_locally_when_it_is_killed_and_comes_back(
    qtbot: Any,
    ctx: Any,
    pulse_mic: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    heard: list[tuple[str, FallbackState]],
) -> None:
    started = time.monotonic()
    # spies (they call through): which side answered each phrase, and when a request left
    answered: list[tuple[str, str]] = []  # (runtime, fallback reason), one per phrase, in order
    answered_at: list[float] = []
    real_transcribe = FallbackSpeechRunner.transcribe

    def transcribe(runner: FallbackSpeechRunner, *args: Any, **kwargs: Any) -> Any:
        result = real_transcribe(runner, *args, **kwargs)
        answered.append(answered_by(runner, REMOTE))
        answered_at.append(time.monotonic())
        return result

    armed, sent = threading.Event(), threading.Event()
    in_flight: list[BaseException | None] = []  # how the request sent once armed ended
    real_infer = remote_client.SiteClient.infer

    def infer(client: remote_client.SiteClient, *args: Any, **kwargs: Any) -> Any:
        watched = armed.is_set() and not sent.is_set()
        if watched:
            sent.set()
        try:
            outputs = real_infer(client, *args, **kwargs)
        except BaseException as exc:
            if watched:
                in_flight.append(exc)
            raise
        if watched:
            in_flight.append(None)
        return outputs

    monkeypatch.setattr(FallbackSpeechRunner, "transcribe", transcribe)
    monkeypatch.setattr(remote_client.SiteClient, "infer", infer)

    server: SiteServer = start_test_server(tmp_path / "site", detect="", asr="default")
    tab = VoiceTab(ctx)
    qtbot.addWidget(tab, before_close_func=lambda widget: widget.shutdown())
    tab.show()
    texts: list[PhraseText] = []
    tab.live_text.connect(texts.append)
    before_wav = spoken(BEFORE + DURING, tmp_path / "before.wav")
    after_wav = spoken(AFTER, tmp_path / "after.wav")

    def finals() -> list[PhraseText]:
        return [line for line in texts if line.final and line.text]

    def settled(player: Any, last: str) -> None:
        """The WAV played, its last sentence transcribed, every phrase's answer shown."""
        try:
            qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
            qtbot.waitUntil(lambda: heard_in(finals(), last) is not None, timeout=60_000)
            qtbot.waitUntil(lambda: len(texts) == len(answered), timeout=10_000)
        except qtbot.TimeoutError as exc:
            said = [(t.final, t.text) for t in texts]
            raise AssertionError(
                f"{last!r} not heard: {said}, {answered}, {tab.live.mic_state.text()!r}"
            ) from exc

    try:
        ctx.save_site_server(server.grpc_url, "")
        tab.set_device_report(ctx.registry.report())
        choose_site_server(tab.models.runtime)
        tab.start_listening()
        assert tab.live.listening, tab.live.mic_state.text()
        qtbot.wait(800)  # the listener's noise floor settles
        player = pulse_mic(before_wav)
        qtbot.waitUntil(lambda: heard_in(finals(), BEFORE[0]) is not None, timeout=60_000)
        assert not heard, "no switch: the server answered every phrase so far"
        assert set(answered) == {(REMOTE, "")}, answered
        served_before = served_requests(server)
        assert served_before >= len(answered), (served_before, answered)

        armed.set()  # the next phrase sent to the server is killed there
        # (this thread submits the phrases: it waits with Qt's event loop running)
        qtbot.waitUntil(sent.is_set, timeout=30_000)
        killed = len(answered)  # phrases answered before the one on the server now
        killed_at = time.monotonic()
        server.kill()  # kill -9 (returns once the process is reaped)
        settled(player, DURING[-1])
        assert len(in_flight) == 1 and isinstance(in_flight[0], remote_client.SiteServerError), (
            "the phrase on the server when it was killed failed there",
            in_flight,
        )
        assert heard and heard[0][0] == "speech" and not heard[0][1].on_server, heard
        switched_s = heard[0][1].since - killed_at
        assert switched_s < FALLBACK_LIMIT_S, f"the switch came {switched_s:.2f} s after the kill"
        reasons = [reason for _, reason in answered[killed:]]
        assert [runtime for runtime, _ in answered[killed:]] == [LOCAL] * len(reasons)
        assert all(r.startswith("server unreachable") for r in reasons), reasons
        qtbot.waitUntil(lambda: tab.site_note.isVisible(), timeout=5_000)
        assert tab.site_note.text().startswith("⚠ The site server does not answer")
        assert "server unreachable" in tab.site_note.toolTip()
        for sentence in BEFORE + DURING:  # no phrase lost, none failed
            assert heard_in(finals(), sentence) is not None, (sentence, [f.text for f in finals()])
        assert tab.live.listening and tab.live.mic_state.text() == "Listening…", tab.live.mic_state.text()
        local_phrases = len(answered) - killed

        server = restart_site_server(server)  # on the same ports; returns once it answers
        ready_at = time.monotonic()
        back = len(answered)
        player = pulse_mic(after_wav)
        settled(player, AFTER[-1])
        assert answered[-1] == (REMOTE, ""), answered[back:]
        assert served_requests(server) >= 1, "the restarted server transcribed"
        qtbot.waitUntil(lambda: bool(heard) and heard[-1][1].on_server, timeout=5_000)
        returned = next(i for i, a in enumerate(answered) if i >= back and a[0] == REMOTE)
        assert tab.site_note.text() == "The site server answers again: back on it."
        for sentence in AFTER:
            assert heard_in(finals(), sentence) is not None, (sentence, [f.text for f in finals()])
        assert tab.live.listening and tab.live.mic_state.text() == "Listening…"
        tab.stop_listening()
        assert tab.saved.list.count() == 1, "the live run is kept in the history"
        print(
            f"live: {killed} phrases on the server, killed with one on it, {local_phrases} here "
            f"(switch {switched_s * 1e3:.0f} ms after the kill); back on the server from phrase "
            f"{returned - back + 1} after the restart ({answered_at[returned] - ready_at:.1f} s after "
            f"it was ready, speech included); {time.monotonic() - started:.0f} s in all"
        )
    finally:
        tab.shutdown()
        server.stop()
