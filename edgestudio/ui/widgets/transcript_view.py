"""TranscriptView: the conversation rendered as Markdown (code blocks included)."""

from __future__ import annotations

import functools
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from edgestudio.tasks.chat.history import Message
from edgestudio.ui.i18n import QT_TRANSLATE_NOOP, format_number
from edgestudio.ui.widgets.passage_dialog import source_label

FORMAT_INTERVAL_S = 0.25
ROLE_HEADINGS = {
    "user": QT_TRANSLATE_NOOP("TranscriptView", "You"),
    "assistant": QT_TRANSLATE_NOOP("TranscriptView", "Assistant"),
    "system": QT_TRANSLATE_NOOP("TranscriptView", "System"),
}


def _heading(role: str) -> str:
    heading = ROLE_HEADINGS.get(role)
    return QCoreApplication.translate("TranscriptView", heading) if heading else role


def _stats_line(stats: dict[str, Any]) -> str:
    if not stats or "tokens_per_s" not in stats or not stats.get("tokens"):
        return ""  # no statistics, or an answer no model wrote ("the documents do not say")
    # Spelled out (not through a helper) so pyside6-lupdate finds each text.
    translate = QCoreApplication.translate
    parts = [
        translate("TranscriptView", "first token {ms} ms").format(
            ms=format_number(stats.get("ttft_ms", 0), 0)
        ),
        translate("TranscriptView", "{speed} tokens/s").format(speed=format_number(stats["tokens_per_s"], 0)),
        translate("TranscriptView", "{n} tokens").format(n=stats.get("tokens", 0)),
    ]
    if stats.get("stopped"):
        parts.append(translate("TranscriptView", "stopped"))
    return "*" + " · ".join(parts) + "*"


@functools.cache
def _markdown_block_format(markdown: str) -> QTextBlockFormat:
    """The format Qt's Markdown reader gives the last block of ``markdown`` (a paragraph's
    margins, a rule's line), for blocks made by hand to look like the ones it makes."""
    document = QTextDocument()
    document.setMarkdown(markdown)
    return document.lastBlock().blockFormat()


class TranscriptView(QTextBrowser):
    """GUI thread only. The finished part is rendered once; only the streaming answer changes.
    An answer from the documents lists its sources as links; a click emits ``source_clicked``
    with that source (file, page or heading, passage)."""

    source_clicked = Signal(object)  # dict

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self._sources: list[dict[str, Any]] = []
        self.anchorClicked.connect(self._on_anchor)
        self._prefix = ""
        self._answer_start = 0
        self._formatted_at = 0.0
        self.renders = 0

    def set_messages(self, messages: list[Message], notice: str = "") -> None:
        blocks = []
        self._sources = []
        for message in messages:
            blocks.append(f"**{_heading(message.role)}**\n\n{message.content}")
            stats = _stats_line(message.stats or {})
            if stats:
                blocks.append(stats)
            if message.stats and message.stats.get("sources"):
                blocks.append(self._sources_block(message.stats["sources"]))
            if message.stats and message.stats.get("dropped_messages"):
                count = message.stats["dropped_messages"]
                note = self.tr(
                    "Note: {n} earlier message(s) were left out because the conversation outgrew the "
                    "model's context."
                ).format(n=count)
                blocks.append(f"*{note}*")
        if notice:
            blocks.append(f"*{notice}*")
        self._prefix = "\n\n---\n\n".join(blocks)
        self._render()

    def _sources_block(self, sources: list[dict[str, Any]]) -> str:
        heading = self.tr("Sources")
        lines = [f"*{heading}*", ""]
        for number, source in enumerate(sources, start=1):
            label = source_label(source).replace("[", "\\[").replace("]", "\\]")
            lines.append(f"{number}. [{label}](source:{len(self._sources)})")
            self._sources.append(source)
        return "\n".join(lines)

    def source_links(self) -> list[dict[str, Any]]:
        """The sources shown, in the order of their links."""
        return list(self._sources)

    def open_source(self, number: int) -> None:
        """Act as if the ``number``-th source link was clicked."""
        self._on_anchor(QUrl(f"source:{number}"))

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "source" and url.path().isdigit() and int(url.path()) < len(self._sources):
            self.source_clicked.emit(self._sources[int(url.path())])

    def begin_answer(self) -> None:
        """Mark where the streaming answer starts, after the messages ``set_messages`` drew."""
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if self._prefix:  # the rule between messages, formatted as set_messages formats it
            cursor.insertBlock(_markdown_block_format("---"))
            cursor.insertBlock(QTextBlockFormat())
        self._answer_start = cursor.position()
        self._format_answer("")
        self._formatted_at = 0.0  # the first tokens are formatted at once: none glue to the heading

    def stream_text(self, text: str, delta: str) -> None:
        """Show the answer so far; called once per batch of tokens with the new ``delta``.

        The delta is appended as plain text (cheap: only the last line is laid out again);
        the answer's region is re-formatted as Markdown at most every FORMAT_INTERVAL_S, so
        formatting keeps up without the GUI thread taking cores from the model.
        """
        if time.monotonic() - self._formatted_at >= FORMAT_INTERVAL_S:
            self._format_answer(text)
        else:
            cursor = QTextCursor(self.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(delta)
        self.renders += 1
        self._scroll_to_end()

    def _format_answer(self, text: str) -> None:
        """Replace the answer's region, heading included, with ``text`` as Markdown. The
        heading goes with it because inserted Markdown merges its first block into the block
        at the cursor: a plain paragraph (the heading) merges cleanly, while the answer's own
        first block would lose its format (a code fence) or glue its text to the heading."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(self._answer_start, self.document().characterCount() - 1))
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        # What is left is one empty block carrying the last removed block's format (a code
        # fence, a list item): make it a plain paragraph again before the heading goes in.
        block = cursor.block()
        if block.textList() is not None:
            block.textList().remove(block)
        cursor.setBlockFormat(_markdown_block_format("paragraph"))
        cursor.insertMarkdown(f"**{_heading('assistant')}**\n\n{text}")
        self._shade_code_blocks(self.document().findBlock(self._answer_start))
        self._formatted_at = time.monotonic()

    def _shade_code_blocks(self, block: QTextBlock | None = None) -> None:
        shade = QTextBlockFormat()
        base = self.palette().color(QPalette.ColorRole.Base)
        # A shade a little off the page colour, lighter on dark themes and darker on light ones.
        shade.setBackground(base.lighter(135) if base.lightness() < 128 else QColor(240, 240, 240))
        block = block if block is not None and block.isValid() else self.document().begin()
        while block.isValid():
            if block.blockFormat().hasProperty(QTextFormat.Property.BlockCodeFence):
                QTextCursor(block).mergeBlockFormat(shade)
            block = block.next()

    def _render(self) -> None:
        self.setMarkdown(self._prefix)
        self._shade_code_blocks()
        self.renders += 1
        self._scroll_to_end()

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
