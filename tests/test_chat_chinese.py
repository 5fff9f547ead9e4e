"""Chinese in the Chat tab: a Chinese answer from the real SmolLM2 keeps every character
through llama.cpp's token stream (Chinese characters are split over several byte tokens),
the batched deltas, the Markdown view, the SQLite history and the Markdown/JSON exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edgestudio.tasks.chat.engine import ChatDelta
from edgestudio.tasks.chat.history import Message
from edgestudio.tasks.chat.models import default_chat_model
from edgestudio.ui.chat_tab import ChatTab

CHINESE_QUESTION = "请用中文介绍一下北京。"
CHINESE_MARKDOWN = (
    "## 推理速度\n\n"
    "在边缘设备上，**量化**可以降低*延迟*。\n\n"
    "- 目标检测：每秒 30 帧\n"
    "- 人脸识别：置信度 0.92\n\n"
    "```python\n# 中文注释\nprint('你好，世界')\n```\n\n"
    "表情与符号：😀 ①②③，全角标点「」。"
)
REPLACEMENT_CHARACTER = "\ufffd"  # what a UTF-8 sequence cut in the middle decodes to


def cjk(text: str) -> list[str]:
    return [char for char in text if "\u4e00" <= char <= "\u9fff"]


@pytest.fixture
def tab(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = ChatTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.send_button.isEnabled(), timeout=30_000)
    yield widget
    widget.shutdown()


def split_tokens(text: str) -> int:
    """How many of SmolLM2's tokens for ``text`` are not whole UTF-8 text on their own."""
    from llama_cpp import Llama

    model = default_chat_model()
    assert model is not None
    llm = Llama(model_path=str(model.path), n_ctx=256, vocab_only=True, verbose=False)
    tokens = llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)
    partial = 0
    for token in tokens:
        try:
            llm.detokenize([token]).decode("utf-8")
        except UnicodeDecodeError:
            partial += 1
    return partial


def test_chinese_answer_streams_intact_into_history_and_exports(
    qtbot,  # type: ignore[no-untyped-def]
    tab: ChatTab,
    tmp_path: Path,
) -> None:
    tab.temperature.setValue(0.0)
    tab.max_tokens.setValue(120)
    deltas: list[str] = []

    def on_progress(item: object) -> None:
        if isinstance(item, ChatDelta):
            deltas.append(item.text)

    with qtbot.waitSignal(tab.answer_finished, timeout=120_000) as done:
        tab.send(CHINESE_QUESTION)
        assert tab._slot.session is not None
        tab._slot.session.progress.connect(on_progress)
    answer = done.args[0]
    assert answer is not None
    assert len(cjk(answer.text)) >= 5, f"the model answered in Chinese: {answer.text!r}"
    assert split_tokens(answer.text) > 0, "some characters came split over several tokens"
    assert REPLACEMENT_CHARACTER not in answer.text
    assert len(deltas) >= 2 and "".join(deltas) == answer.text, "the batches add up to the answer"
    assert all(REPLACEMENT_CHARACTER not in delta for delta in deltas)
    shown = tab.transcript.toPlainText()
    assert CHINESE_QUESTION in shown
    first_line = next(line for line in answer.text.splitlines() if cjk(line))
    assert "".join(cjk(first_line)) in "".join(cjk(shown)), "the answer is shown intact"

    conversation = tab.history.conversations()[0]
    assert conversation.title == CHINESE_QUESTION
    stored = [m.content for m in tab.history.messages(conversation.id)]
    assert stored == [CHINESE_QUESTION, answer.text]

    tab.export_current(tmp_path / "chat.md")
    tab.export_current(tmp_path / "chat.json")
    markdown = (tmp_path / "chat.md").read_text(encoding="utf-8")
    assert f"# {CHINESE_QUESTION}" in markdown and answer.text in markdown
    exported = json.loads((tmp_path / "chat.json").read_text(encoding="utf-8"))
    assert [m["content"] for m in exported["messages"]] == stored
    assert CHINESE_QUESTION in (tmp_path / "chat.json").read_text(encoding="utf-8"), "not \\u-escaped"


def test_chinese_markdown_renders_streams_and_survives_a_reopen(
    qtbot,  # type: ignore[no-untyped-def]
    ctx,  # type: ignore[no-untyped-def]
    tab: ChatTab,
    tmp_path: Path,
) -> None:
    view = tab.transcript
    view.set_messages([Message("user", "用 Markdown 回答")])
    view.begin_answer()
    # Stream it in uneven pieces, as batches of tokens arrive, with Markdown formatting
    # applied in between (the view re-formats at most every 250 ms).
    shown = ""
    for start in range(0, len(CHINESE_MARKDOWN), 7):
        delta = CHINESE_MARKDOWN[start : start + 7]
        shown += delta
        view.stream_text(shown, delta)
        qtbot.wait(40)
    view.stream_text(shown, "")  # the final formatting pass happens on the next batch
    conversation = tab.history.create("中文 Markdown", "SmolLM2", "")
    tab.history.add_message(conversation.id, Message("user", "用 Markdown 回答"))
    tab.history.add_message(conversation.id, Message("assistant", CHINESE_MARKDOWN))
    tab.open_conversation(conversation.id)
    text = view.toPlainText()
    for expected in (
        "推理速度",
        "量化可以降低延迟",
        "目标检测：每秒 30 帧",
        "# 中文注释",
        "print('你好，世界')",
        "😀 ①②③",
        "「」",
    ):
        assert expected in text, expected
    assert "**" not in text and "##" not in text.replace("# 中文注释", ""), "Markdown is rendered"
    html = view.toHtml()
    assert "font-weight" in html and "<li" in html

    tab.shutdown()
    reopened = ChatTab(ctx)  # a new tab on the same database
    qtbot.addWidget(reopened)
    reopened.open_conversation(conversation.id)
    assert reopened.history.messages(conversation.id)[1].content == CHINESE_MARKDOWN
    reopened.export_current(tmp_path / "md.md")
    assert CHINESE_MARKDOWN in (tmp_path / "md.md").read_text(encoding="utf-8")
    reopened.shutdown()
