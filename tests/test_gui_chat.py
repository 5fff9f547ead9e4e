"""The real Chat tab with the real default model: streaming, stop, history, model checks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from edgestudio.tasks.chat.engine import ChatAnswer
from edgestudio.ui.chat_tab import ChatTab
from tests.test_chat import CODE_QUESTION, write_tiny_gguf


@pytest.fixture
def tab(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = ChatTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.send_button.isEnabled(), timeout=30_000)
    yield widget
    widget.shutdown()


def ask(qtbot, tab: ChatTab, text: str, timeout: int = 120_000) -> ChatAnswer | None:
    with qtbot.waitSignal(tab.answer_finished, timeout=timeout) as done:
        tab.send(text)
    return done.args[0]


def test_answer_streams_into_the_transcript_and_is_saved(qtbot, tab: ChatTab, ctx) -> None:
    tab.temperature.setValue(0.0)
    tab.max_tokens.setValue(80)
    renders_before = tab.transcript.renders
    answer = ask(qtbot, tab, CODE_QUESTION)
    assert answer is not None and answer.text.strip()
    assert tab.transcript.renders - renders_before >= 3, "the answer was shown while it streamed"
    shown = tab.transcript.toPlainText()
    assert CODE_QUESTION in shown
    assert "```" in answer.text, "the model was asked for a code block"
    first_code_line = answer.text.split("```")[1].splitlines()[1].strip()
    assert first_code_line in shown and "```" not in shown, "the code block is rendered, not shown raw"
    assert "tokens/s" in tab.stats.text()
    conversation = tab.history.conversations()[0]
    assert conversation.title.startswith("Write a Python function")
    assert [m.role for m in tab.history.messages(conversation.id)] == ["user", "assistant"]
    tab.shutdown()
    reopened = ChatTab(ctx)  # a new tab on the same database: everything is still there
    qtbot.addWidget(reopened)
    reopened.open_conversation(conversation.id)
    messages = reopened.history.messages(conversation.id)
    assert messages[1].content == answer.text and messages[1].stats["tokens"] == answer.tokens
    assert CODE_QUESTION in reopened.transcript.toPlainText()
    reopened.shutdown()


def test_stop_keeps_the_partial_answer_and_frees_the_model(qtbot, tab: ChatTab) -> None:
    tab.max_tokens.setValue(400)
    got_text: list[str] = []
    tab.transcript.textChanged.connect(lambda: got_text.append("x"))
    tab.send("Count from 1 to 300, one number per line.")
    qtbot.waitUntil(lambda: tab._partial_tokens >= 3, timeout=60_000)
    started = time.perf_counter()
    tab.stop()
    assert not tab.stop_button.isEnabled() and tab.send_button.isEnabled()
    saved = tab.history.messages(tab._conversation.id)[-1]
    assert saved.role == "assistant" and saved.stats["stopped"] and saved.content
    tab.max_tokens.setValue(8)
    answer = ask(qtbot, tab, "Say hi.", timeout=30_000)
    assert answer is not None
    assert time.perf_counter() - started < 10, "the stopped generation kept the model busy"


def test_regenerate_rename_export_delete(qtbot, tab: ChatTab, tmp_path: Path) -> None:
    tab.max_tokens.setValue(20)
    ask(qtbot, tab, "Name a colour.")
    conv_id = tab._conversation.id
    with qtbot.waitSignal(tab.answer_finished, timeout=60_000):
        tab.regenerate()
    assert [m.role for m in tab.history.messages(conv_id)] == ["user", "assistant"]
    tab.rename("Colours")
    assert tab.conversations.currentItem().text() == "Colours"
    tab.export_current(tmp_path / "colours.md")
    tab.export_current(tmp_path / "colours.json")
    assert (tmp_path / "colours.md").read_text().startswith("# Colours")
    assert json.loads((tmp_path / "colours.json").read_text())["conversation"]["title"] == "Colours"
    tab.delete_current()
    assert tab.history.conversations() == [] and tab.conversations.count() == 0


def test_too_large_or_broken_models_are_refused_with_reasons(qtbot, tab: ChatTab, tmp_path: Path) -> None:
    huge = write_tiny_gguf(tmp_path / "huge.gguf", layers=200, embedding=16384, heads=128, context=131072)
    with qtbot.waitSignal(tab.models.checked, timeout=30_000, check_params_cb=lambda e: e is not None):
        tab.models.add_file(huge)
    assert "Too large" in tab.models.verdict.text()
    assert not tab.send_button.isEnabled()
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a model")
    with qtbot.waitSignal(tab.models.add_failed, timeout=30_000) as failed:
        tab.models.add_file(broken)
    assert "not a GGUF model" in failed.args[0].message
    tab.models.combo.setCurrentIndex(0)  # back to the default: usable again
    qtbot.waitUntil(lambda: tab.send_button.isEnabled(), timeout=30_000)


def test_transcript_shows_the_context_notice(qtbot, tab: ChatTab) -> None:
    from edgestudio.tasks.chat.history import Message

    tab.transcript.set_messages(
        [Message("user", "q"), Message("assistant", "a", {"tokens_per_s": 90.0, "dropped_messages": 2})]
    )
    assert "2 earlier message(s) were left out" in tab.transcript.toPlainText()
