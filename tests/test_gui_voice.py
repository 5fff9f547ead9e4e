"""The real Voice tab: a file transcribed with progress, cancel, the microphone path through
PortAudio (a PulseAudio null sink fed with real speech), no microphone, and history."""

from __future__ import annotations

from pathlib import Path

import pytest

from edgestudio.tasks.speech.engine import PhraseText, Transcript
from edgestudio.ui.voice_tab import VoiceTab
from tests.speech_media import PARAGRAPH, espeak, librivox, wer


@pytest.fixture
def tab(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = VoiceTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    widget.shutdown()


def test_file_transcription_with_progress_history_and_export(qtbot, tab: VoiceTab, tmp_path: Path) -> None:
    wav, reference = librivox()[0]
    progress: list[int] = []
    tab.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(tab.transcript_finished, timeout=120_000) as done:
        tab.transcribe(wav)
    transcript: Transcript = done.args[0]
    assert wer(reference, transcript.text) <= 0.15
    assert tab.segments.rowCount() == len(transcript.segments) >= 1
    assert progress and progress[-1] == 100
    assert "real time" in tab.result_label.text()
    assert tab.history_list.count() == 1
    tab.export_shown(tmp_path / "out.srt", "srt")
    assert (tmp_path / "out.srt").read_text().startswith("1\n00:00:00,000 --> ")


def test_cancel_leaves_the_tab_ready(qtbot, tab: VoiceTab, tmp_path: Path) -> None:
    wav = espeak(PARAGRAPH + " " + PARAGRAPH, tmp_path / "long.wav", rate=120)
    tab.transcribe(wav)
    qtbot.waitUntil(lambda: tab.segments.rowCount() >= 1, timeout=60_000)
    tab.cancel()
    assert tab.transcribe_button.isEnabled() and not tab.cancel_button.isEnabled()
    assert "Cancelled" in tab.result_label.text()
    with qtbot.waitSignal(tab.transcript_finished, timeout=60_000) as done:
        tab.transcribe(espeak("The second file works.", tmp_path / "second.wav"))
    assert "second" in done.args[0].text.lower()


def test_unreadable_file_is_a_clear_message(qtbot, tab: VoiceTab, tmp_path: Path) -> None:
    bad = tmp_path / "song.mp3"
    bad.write_text("not audio")
    with qtbot.waitSignal(tab.transcript_finished, timeout=60_000) as done:
        tab.transcribe(bad)
    assert done.args[0] is None
    assert "could not be read" in tab.result_label.text()
    assert tab.transcribe_button.isEnabled()


def test_no_microphone_is_a_clear_state_and_files_still_work(qtbot, ctx, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr("edgestudio.ui.voice_tab.list_input_devices", lambda: [])  # fault injection
    widget = VoiceTab(ctx)
    qtbot.addWidget(widget)
    assert "No microphone found" in widget.mic_state.text()
    assert not widget.listen_button.isEnabled() and widget.transcribe_button.isEnabled()
    with qtbot.waitSignal(widget.transcript_finished, timeout=60_000) as done:
        widget.transcribe(espeak("Files work without a microphone.", tmp_path / "f.wav"))
    assert "microphone" in done.args[0].text.lower()
    widget.shutdown()


def test_live_microphone_through_portaudio(qtbot, ctx, pulse_mic, tmp_path: Path) -> None:
    widget = VoiceTab(ctx)
    qtbot.addWidget(widget)
    assert widget.mic.count() >= 1 and widget.listen_button.isEnabled()
    lines: list[PhraseText] = []
    widget.live_text.connect(lines.append)
    levels: list[int] = []
    widget.level.valueChanged.connect(levels.append)
    widget.start_listening()
    assert widget.listen_button.text() == "Stop listening"
    qtbot.wait(1000)
    sentence = "Good morning. Please show me the way to the train station."
    pulse_mic(espeak(sentence, tmp_path / "say.wav", rate=150))
    qtbot.waitUntil(lambda: any(line.final for line in lines), timeout=30_000)
    final = next(line for line in lines if line.final)
    assert wer(sentence, final.text) <= 0.3, final.text
    assert final.latency_ms <= 2500  # end of speech to text; the bench measures the 1.5 s figure
    assert max(levels) > -40, "the level meter saw the speech"
    assert "train station" in widget.live_view.toPlainText().lower()
    widget.stop_listening()
    assert widget.history_list.count() == 1 and widget.history_list.item(0).text().startswith("Live")
    widget.shutdown()


def test_adding_a_model_folder_from_the_tab(qtbot, tab: VoiceTab, tmp_path: Path) -> None:
    from edgestudio.tasks.speech.models import default_speech_model

    with qtbot.waitSignal(tab.model_add_failed, timeout=30_000) as failed:
        tab.add_model_folder(tmp_path)
    assert "not a complete Whisper model" in failed.args[0].message
    source = default_speech_model()
    assert source is not None
    count = tab.model.count()
    tab.add_model_folder(source.path)
    qtbot.waitUntil(lambda: tab.model.count() == count + 1, timeout=60_000)
    assert tab.model.currentText() == "model"
    tab.threads.setValue(1)
    assert "Your choice" in tab.settings_label.text()
