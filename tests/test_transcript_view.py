"""A streaming answer is laid out as the finished one will be: same blocks, same formats.

Real QTextBrowser; the answers are Markdown the kind a chat model writes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QBrush, QTextFormat

from edgestudio.tasks.chat.history import Message
from edgestudio.ui.widgets import transcript_view
from edgestudio.ui.widgets.transcript_view import TranscriptView

ANSWERS = [
    "Sure:\n\n```python\ndef add(a, b):\n    return a + b\n```\n\nThat adds them.",
    "```python\nprint('code first')\n```",
    "- check the camera\n- check the PIN\n\nThen restart.",
    "# Kiosk tips\n\nKeep it simple.",
    "Plain answer, one line.",
]


def layout(view: TranscriptView) -> list[tuple[str, bool, dict[int, str]]]:
    """Each block's text, whether it is a list item, and its block format's properties
    (margins, code fence, heading level, rule, shading), comparable between documents."""
    blocks = []
    block = view.document().begin()
    while block.isValid():
        properties = {
            key: value.color().name() if isinstance(value, QBrush) else str(value)
            for key, value in block.blockFormat().properties().items()
            if key != QTextFormat.Property.ObjectIndex.value  # the list's id in its own document
        }
        blocks.append((block.text(), block.textList() is not None, properties))
        block = block.next()
    return blocks


def kinds(blocks: list[tuple[str, bool, dict[int, str]]]) -> set[str]:
    code = QTextFormat.Property.BlockCodeFence.value
    rule = QTextFormat.Property.BlockTrailingHorizontalRulerWidth.value
    heading = QTextFormat.Property.HeadingLevel.value
    found = set()
    for _text, in_list, properties in blocks:
        found |= {"list"} if in_list else set()
        found |= {"code"} if code in properties else set()
        found |= {"rule"} if rule in properties else set()
        found |= {"heading"} if properties.get(heading, "0") != "0" else set()
    return found


@pytest.mark.parametrize("answer", ANSWERS)
def test_the_streamed_answer_is_laid_out_like_the_finished_one(qtbot, answer: str, monkeypatch) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    question = Message("user", "How?")
    view.set_messages([question])
    view.begin_answer()
    monkeypatch.setattr(transcript_view, "FORMAT_INTERVAL_S", 0.0)  # format at every batch
    for end in range(8, len(answer) + 8, 8):
        view.stream_text(answer[:end], answer[end - 8 : end])
    streamed = layout(view)

    view.set_messages([question, Message("assistant", answer)])
    assert streamed == layout(view)
    assert "rule" in kinds(streamed)  # the line between the question and the answer
    heading = [text for text, *_ in streamed].index("Assistant")
    assert streamed[heading + 1][0], "the answer's first line is not glued to the heading"


def test_the_comparison_sees_each_kind_of_block(qtbot) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.set_messages([Message("user", "How?"), Message("assistant", "\n\n".join(ANSWERS))])
    assert kinds(layout(view)) == {"list", "code", "rule", "heading"}


def test_tokens_before_the_first_formatting_start_below_the_heading(qtbot) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.set_messages([Message("user", "How?")])
    view.begin_answer()
    view.stream_text("Sure", "Sure")
    view.stream_text("Sure, here", ", here")  # within FORMAT_INTERVAL_S: appended as plain text
    texts = [text for text, *_ in layout(view)]
    assert texts[-2:] == ["Assistant", "Sure, here"]
