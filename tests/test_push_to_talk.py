"""Push-to-talk in the Chat tab: real speech played into a PulseAudio null sink reaches
PortAudio as the microphone, the Voice engine (Whisper tiny.en) transcribes it, and the real
chat model (SmolLM2) answers; the "Send after speaking" setting; no microphone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from edgestudio.core.config import ConfigStore
from edgestudio.ui.chat_tab import ChatTab
from edgestudio.ui.voice_tab import VoiceTab
from edgestudio.ui.widgets.push_to_talk import HOLD_SECONDS, TalkState
from tests.speech_media import espeak


def make_tabs(qtbot, ctx) -> tuple[ChatTab, VoiceTab]:  # type: ignore[no-untyped-def]
    voice, chat = VoiceTab(ctx), ChatTab(ctx)
    # Shut the tabs down even when an assertion fails: their model threads must not be
    # destroyed while running (Qt aborts the whole test process then).
    qtbot.addWidget(voice, before_close_func=lambda tab: tab.shutdown())
    qtbot.addWidget(chat, before_close_func=lambda tab: tab.shutdown())
    chat.set_speech_source(voice.models.choice, voice.models.language_code)  # as the main window does
    return chat, voice


def speak(qtbot, pulse_mic, sentence: str, path: Path) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(800)  # the listener's noise floor settles
    player = pulse_mic(espeak(sentence, path, rate=150))
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=20_000)
    qtbot.wait(300)


def test_spoken_question_fills_the_prompt_and_gets_an_answer(qtbot, ctx, pulse_mic, tmp_path: Path) -> None:
    chat, voice = make_tabs(qtbot, ctx)
    button = chat.push_to_talk
    assert button.isEnabled() and "Voice tab" in button.toolTip()
    assert not chat.send_after_speaking.isChecked()
    button.start()  # click to start
    assert button.state is TalkState.RECORDING and button.text() == "Stop and use"
    speak(qtbot, pulse_mic, "What is the capital of France?", tmp_path / "q1.wav")
    with qtbot.waitSignal(button.transcribed, timeout=30_000) as spoken:
        button.finish()  # click again to stop
    words = spoken.args[0].lower()
    assert "capital" in words and "france" in words, words
    assert chat.input.toPlainText() == spoken.args[0], "the question waits in the prompt"
    assert chat.history.conversations() == [], "nothing was sent"
    with qtbot.waitSignal(chat.answer_finished, timeout=60_000) as answered:
        qtbot.mouseClick(chat.send_button, Qt.MouseButton.LeftButton)
    assert answered.args[0] is not None and answered.args[0].text.strip()
    messages = chat.history.messages(chat.history.conversations()[0].id)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert "capital" in messages[0].content.lower()
    chat.shutdown()
    voice.shutdown()


def test_send_after_speaking_sends_with_hold_to_talk_and_is_remembered(
    qtbot,  # type: ignore[no-untyped-def]
    ctx,  # type: ignore[no-untyped-def]
    pulse_mic,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    chat, voice = make_tabs(qtbot, ctx)
    chat.send_after_speaking.setChecked(True)
    stored = ConfigStore(ctx.paths.user_config_file, ctx.paths.site_config_file).load()
    assert stored.chat.send_after_speaking, "the setting is saved in the user config"
    button = chat.push_to_talk
    qtbot.mousePress(button, Qt.MouseButton.LeftButton)  # hold to talk
    assert button.state is TalkState.RECORDING
    speak(qtbot, pulse_mic, "Please tell me a joke about cats.", tmp_path / "q2.wav")
    qtbot.wait(int(HOLD_SECONDS * 1000))
    with qtbot.waitSignal(chat.answer_finished, timeout=90_000) as answered:
        qtbot.mouseRelease(button, Qt.MouseButton.LeftButton)  # release: stop, transcribe, send
    assert answered.args[0] is not None and answered.args[0].text.strip()
    question = chat.history.messages(chat.history.conversations()[0].id)[0].content.lower()
    # the spoken question was sent (this test is about sending after speaking; the words are
    # checked in tests/test_speech*.py): tiny.en heard the synthesised "about cats" as "i'm
    # outcast" in two full-suite runs (never when run alone), so the test does not hang on it
    assert "joke" in question and len(question.split()) >= 5, question
    assert chat.input.toPlainText() == ""
    chat.shutdown()
    voice.shutdown()


def test_no_microphone_disables_the_button_with_the_reason(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("edgestudio.workers.live_audio.list_input_devices", lambda **_: [])  # fault injection
    chat, voice = make_tabs(qtbot, ctx)
    assert not chat.push_to_talk.isEnabled()
    assert "No microphone found" in chat.push_to_talk.toolTip()
    chat.push_to_talk.start()  # ignored
    assert chat.push_to_talk.state is TalkState.IDLE
    chat.shutdown()
    voice.shutdown()
