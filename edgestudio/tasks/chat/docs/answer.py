"""Answers from the site's documents: the best passages go into the prompt, the answer
streams as any chat answer, and it comes back with its sources and whether it is grounded.

``DocsChatEngine`` wraps a ``ChatEngine`` and is the Processor the Chat tab's session runs:
a ``DocsTurn`` is answered from the documents, a plain ``ChatTurn`` as before. The index is
opened lazily on the session thread (its SQLite connection belongs to that thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from edgestudio.core.messages import Text
from edgestudio.tasks.chat.docs.index import DocumentIndex
from edgestudio.tasks.chat.docs.search import Hit, SearchResult, search
from edgestudio.tasks.chat.engine import ChatAnswer, ChatDelta, ChatEngine, ChatTurn

log = logging.getLogger(__name__)

NOT_IN_DOCUMENTS = Text("The documents do not say.")
GROUNDING = (
    "Answer the question using only the numbered passages from the site's documents. "
    "If the passages do not contain the answer, say that the documents do not say. "
    "Answer in the language of the question."
)
SOURCES_IN_PROMPT = 3


@dataclass(frozen=True)
class DocsTurn:
    """A question to answer from the documents; ``docs_only`` refuses to guess."""

    turn: ChatTurn
    docs_only: bool = False
    k: int = SOURCES_IN_PROMPT


def grounded_turn(turn: ChatTurn, hits: tuple[Hit, ...]) -> ChatTurn:
    """``turn`` with the passages put before the newest question and the grounding rule
    added to the system prompt."""
    question = turn.turns[-1][1]
    blocks = [f"[{n}] ({hit.where()})\n{hit.text}" for n, hit in enumerate(hits, start=1)]
    content = "Passages:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"
    system = f"{turn.system_prompt.strip()}\n\n{GROUNDING}".strip()
    return replace(turn, system_prompt=system, turns=(*turn.turns[:-1], ("user", content)))


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
    answer = engine.process(grounded_turn(request.turn, relevant), cancelled)
    return replace(answer, sources=tuple(h.to_dict() for h in relevant), grounded=True)


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
