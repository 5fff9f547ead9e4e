"""TranscriptView: the conversation rendered as Markdown (code blocks included)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QTextBlockFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QTextBrowser, QWidget

from edgestudio.tasks.chat.history import Message

ROLE_HEADINGS = {"user": "You", "assistant": "Assistant", "system": "System"}


def _stats_line(stats: dict[str, Any]) -> str:
    if not stats or "tokens_per_s" not in stats:
        return ""
    parts = [
        f"first token {stats.get('ttft_ms', 0):.0f} ms",
        f"{stats['tokens_per_s']:.0f} tokens/s",
        f"{stats.get('tokens', 0)} tokens",
    ]
    if stats.get("stopped"):
        parts.append("stopped")
    return "*" + " · ".join(parts) + "*"


class TranscriptView(QTextBrowser):
    """GUI thread only. The finished part is rendered once; only the streaming answer changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self._prefix = ""
        self._streaming = ""
        self.renders = 0

    def set_messages(self, messages: list[Message], notice: str = "") -> None:
        blocks = []
        for message in messages:
            blocks.append(f"**{ROLE_HEADINGS.get(message.role, message.role)}**\n\n{message.content}")
            stats = _stats_line(message.stats or {})
            if stats:
                blocks.append(stats)
            if message.stats and message.stats.get("dropped_messages"):
                count = message.stats["dropped_messages"]
                blocks.append(
                    f"*Note: {count} earlier message(s) were left out because the conversation "
                    "outgrew the model's context.*"
                )
        if notice:
            blocks.append(f"*{notice}*")
        self._prefix = "\n\n---\n\n".join(blocks)
        self._streaming = ""
        self._render()

    def begin_answer(self) -> None:
        self._streaming = "**Assistant**\n\n…"
        self._render()

    def stream_text(self, text: str) -> None:
        """Show the answer so far (called for each batch of tokens)."""
        self._streaming = f"**Assistant**\n\n{text}"
        self._render()

    def _shade_code_blocks(self) -> None:
        shade = QTextBlockFormat()
        shade.setBackground(QColor(240, 240, 240))
        block = self.document().begin()
        while block.isValid():
            if block.blockFormat().hasProperty(QTextFormat.Property.BlockCodeFence):
                QTextCursor(block).mergeBlockFormat(shade)
            block = block.next()

    def _render(self) -> None:
        parts = [p for p in (self._prefix, self._streaming) if p]
        self.setMarkdown("\n\n---\n\n".join(parts))
        self._shade_code_blocks()
        self.renders += 1
        self.moveCursor(QTextCursor.MoveOperation.End)
        self.ensureCursorVisible()
