"""Answers from the site's documents: the best passages go into the prompt, the answer
streams as any chat answer, and it comes back with its sources and whether it is grounded.

``DocsChatEngine`` wraps a ``ChatEngine`` and is the Processor the Chat tab's session runs:
a ``DocsTurn`` is answered from the documents, a plain ``ChatTurn`` as before. The index is
opened lazily on the session thread (its SQLite connection belongs to that thread).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from edgestudio.core.errors import EdgeStudioError
from edgestudio.core.messages import Text
from edgestudio.tasks.chat.docs.index import DocumentIndex
from edgestudio.tasks.chat.docs.search import Hit, SearchResult, search
from edgestudio.tasks.chat.engine import ChatAnswer, ChatDelta, ChatEngine, ChatTurn

log = logging.getLogger(__name__)
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")

NOT_IN_DOCUMENTS = Text("The documents do not say.")
SOURCES_IN_PROMPT = 3
# Passages scoring this far below the best one stay out of the prompt: the small default model
# answers from one or two clear passages far better than from three mixed ones.
CLOSE_TO_BEST = 0.1
# The prompt around the passages, in the question's language. Tried on SmolLM2-135M with the
# site set: numbered passages with their file and page and a rule in the system prompt ("use
# only the passages, else say they do not say") gave 2 right answers of 5; this plain frame
# gave 4 of 5 (a wheelchair can be borrowed, error E4, the adult ticket, the printer's reset
# half right).
FRAMES = {
    "en": ("Read this text:\n\n", "\n\nUsing the text, answer: "),
    "zh": ("阅读下面的文字：\n\n", "\n\n根据这段文字回答："),
}


@dataclass(frozen=True)
class DocsTurn:
    """A question to answer from the documents; ``docs_only`` refuses to guess."""

    turn: ChatTurn
    docs_only: bool = False
    k: int = SOURCES_IN_PROMPT


def prompt_passages(relevant: tuple[Hit, ...]) -> tuple[Hit, ...]:
    """The relevant passages that go into the prompt: those close to the best one."""
    if not relevant:
        return ()
    best = max((h.similarity for h in relevant if h.similarity is not None), default=None)
    if best is None:
        return relevant[:SOURCES_IN_PROMPT]
    return tuple(h for h in relevant if h.similarity is None or h.similarity >= best - CLOSE_TO_BEST)[
        :SOURCES_IN_PROMPT
    ]


def grounded_turn(turn: ChatTurn, hits: tuple[Hit, ...]) -> ChatTurn:
    """``turn`` with the passages put before the newest question, framed in its language."""
    question = turn.turns[-1][1]
    before, after = FRAMES["zh" if CJK.search(question) else "en"]
    content = before + "\n\n".join(hit.text for hit in hits) + after + question
    return replace(turn, turns=(*turn.turns[:-1], ("user", content)))


def not_in_documents(report: Callable[[Any], None], sources: tuple[Hit, ...]) -> ChatAnswer:
    """The "documents only" answer when nothing relevant was found; no model is asked."""
    report(ChatDelta(NOT_IN_DOCUMENTS, 0))
    return ChatAnswer(
        text=NOT_IN_DOCUMENTS,
        tokens=0,
        prompt_tokens=0,
        ttft_ms=0.0,
        tokens_per_s=0.0,
        prompt_tokens_per_s=0.0,
        total_ms=0.0,
        dropped_messages=0,
        stopped=False,
        sources=tuple(h.to_dict() for h in sources),
        grounded=False,
    )


def answer_from_documents(
    engine: ChatEngine,
    index: DocumentIndex,
    request: DocsTurn,
    cancelled: Callable[[], bool],
    report: Callable[[Any], None],
) -> ChatAnswer:
    """Search, then answer (streaming through ``report``) with the relevant passages;
    calling thread (the index's)."""
    question = request.turn.turns[-1][1]
    result: SearchResult = search(index, question, request.k)
    relevant = result.relevant
    log.info("documents: %d relevant passage(s) in %.1f ms", len(relevant), result.ms)
    if not relevant:
        if request.docs_only:
            return not_in_documents(report, ())
        answer = engine.process(request.turn, cancelled)
        return replace(answer, sources=(), grounded=False)
    used = prompt_passages(relevant)
    answer = engine.process(grounded_turn(request.turn, used), cancelled)
    return replace(answer, sources=tuple(h.to_dict() for h in used), grounded=True)


class DocsChatEngine:
    """The chat session's Processor: plain turns as the ChatEngine answers them, DocsTurns
    from the documents. Every method runs on the session thread."""

    def __init__(
        self, engine: ChatEngine, index_path: Path, threads: int, report: Callable[[Any], None]
    ) -> None:
        self.engine = engine
        self.info = engine.info
        self._index_path = index_path
        self._threads = threads
        self._report = report
        self._index: DocumentIndex | None = None

    def warm_up(self) -> None:
        """When documents are indexed, open the index and load the embedding model now (about
        2 s), while the chat model loads, rather than on the first question."""
        if not self._index_path.exists():
            return
        try:
            self._index = self._index or DocumentIndex(self._index_path, self._threads)
            if self._index.documents():
                self._index.embedder.embed_one("")
        except EdgeStudioError as exc:  # chat still works; a question from the documents says why
            log.warning("the documents could not be prepared: %s", exc)

    def configure(self, **settings: Any) -> None:
        self.engine.configure(**settings)

    def process(self, request: Any, cancelled: Callable[[], bool]) -> ChatAnswer:
        if not isinstance(request, DocsTurn):
            return self.engine.process(request, cancelled)
        if self._index is None:
            self._index = DocumentIndex(self._index_path, self._threads)
        return answer_from_documents(self.engine, self._index, request, cancelled, self._report)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self.engine.close()
