"""ChatTabDriver: the real Chat tab driven by a program, for ``edgestudio bench chat``.

It sends a question through the tab (InferenceSession, batched deltas, Markdown rendering),
waits for the answer on the event loop, and meanwhile records how late a 5 ms timer on the
GUI thread runs: the UI latency a user feels while an answer streams in. The measurement
itself (bare llama.cpp rounds, ratios) is headless, in ``benchmarks/chat.py``.

Main (GUI) thread only.
"""

from __future__ import annotations

import os
from typing import Any

from edgestudio.context import AppContext
from edgestudio.core.errors import InferenceError
from edgestudio.tasks.chat.engine import ChatAnswer

TIMER_MS = 5
ANSWER_TIMEOUT_MS = 300_000


class ChatTabDriver:
    """Owns a ChatTab (and a QApplication when none exists; offscreen without a display)."""

    def __init__(self, ctx: AppContext, max_tokens: int, system_prompt: str) -> None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QElapsedTimer, QTimer
        from PySide6.QtWidgets import QApplication

        from edgestudio.ui.chat_tab import ChatTab

        existing = QApplication.instance()
        self._app = existing if isinstance(existing, QApplication) else QApplication([])
        self.tab = ChatTab(ctx)
        self.tab.resize(1200, 800)
        self.tab.show()
        self.tab.max_tokens.setValue(max_tokens)
        self.tab.temperature.setValue(0.0)
        self.tab.system_prompt.setPlainText(system_prompt)
        self.lateness_ms: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(TIMER_MS)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.lateness_ms.append(max(0.0, self._clock.nsecsElapsed() / 1e6 - TIMER_MS))
        self._clock.restart()

    def ask(self, prompt: str) -> ChatAnswer:
        """Send ``prompt`` in a new conversation and wait for the whole answer."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        answers: list[Any] = []

        def finished(answer: Any) -> None:
            answers.append(answer)
            loop.quit()

        self.tab.answer_finished.connect(finished)
        self.tab.new_conversation()
        self.tab.send(prompt)
        self._clock.start()
        self._timer.start()
        QTimer.singleShot(ANSWER_TIMEOUT_MS, loop.quit)
        loop.exec()
        self._timer.stop()
        self.tab.answer_finished.disconnect(finished)
        if not answers or not isinstance(answers[0], ChatAnswer):
            raise InferenceError(f"The Chat tab produced no answer: {self.tab.stats.text()}")
        return answers[0]

    @property
    def renders(self) -> int:
        """How many times the answer was rendered as Markdown."""
        return int(self.tab.transcript.renders)

    def close(self) -> None:
        self.tab.shutdown()
        self._app.processEvents()
