"""Hybrid retrieval over a DocumentIndex: FTS5 (BM25 over words and CJK character pairs)
and exact cosine search over the passage vectors, fused by reciprocal rank (RRF, k = 60).
Runs on the index's thread; no Qt.

Whether a passage is *relevant* is decided by its cosine similarity to the question: at
least ``MIN_SIMILARITY``, or at least ``MIN_SIMILARITY_SHARED`` when it also shares a content
word with the question (stop words left out). Both were set on the question set of
``benchmarks/docs.py`` (answer passages scored 0.19-0.64, the best passages for questions the
documents do not answer 0.03-0.32, and 0.41 where a filler passage really was about the
sun's distance). Documents searched by words only need two shared content words.

Vectors are searched exactly with one matrix product over all of them (they are kept in
memory, read once per index change): 10,000 passages take about a millisecond, so no
approximate index is needed at the sizes a site's documents reach.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from edgestudio.tasks.chat.docs.chunk import content_terms, fts_query
from edgestudio.tasks.chat.docs.embedder import unknown_script
from edgestudio.tasks.chat.docs.index import DocumentIndex

log = logging.getLogger(__name__)

RRF_K = 60
CANDIDATES = 50
MIN_SIMILARITY = 0.33
MIN_SIMILARITY_SHARED = 0.15
MIN_SHARED_TERMS = 2


@dataclass(frozen=True)
class Hit:
    """One passage found for a question, best first in a result list."""

    passage_id: int
    file: str  # the file's name
    path: str
    page: int | None
    heading: str
    text: str
    score: float  # the fused (RRF) score
    similarity: float | None  # cosine to the question; None for a words-only document
    relevant: bool

    def where(self) -> str:
        """Where the passage is, e.g. "manual.pdf, page 3" (English; the GUI words its own)."""
        if self.page is not None:
            return f"{self.file}, page {self.page}"
        return f"{self.file}, {self.heading}" if self.heading else self.file

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "path": self.path}
        if self.page is not None:
            out["page"] = self.page
        if self.heading:
            out["heading"] = self.heading
        out.update(
            score=round(self.score, 5),
            similarity=None if self.similarity is None else round(self.similarity, 4),
            relevant=self.relevant,
            passage_id=self.passage_id,
            text=self.text,
        )
        return out


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[Hit, ...]
    ms: float

    @property
    def relevant(self) -> tuple[Hit, ...]:
        return tuple(h for h in self.hits if h.relevant)

    @property
    def grounded(self) -> bool:
        return bool(self.relevant)


def search(index: DocumentIndex, question: str, k: int = 3) -> SearchResult:
    """The ``k`` best passages for ``question``, best first (index's thread)."""
    start = time.perf_counter()
    conn = index.db.conn
    text_ranks: dict[int, int] = {}
    query = fts_query(question)
    if query:
        rows = conn.execute(
            "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY bm25(passages_fts) LIMIT ?",
            (query, CANDIDATES),
        ).fetchall()
        text_ranks = {int(row[0]): rank for rank, row in enumerate(rows, start=1)}
    similarities: dict[int, float] = {}
    vector_ranks: dict[int, int] = {}
    ids, matrix = index.vectors()
    if len(ids) and not unknown_script(question):
        scores = matrix @ index.embedder.embed_one(question)
        top = np.argpartition(-scores, min(CANDIDATES, len(scores) - 1))[:CANDIDATES]
        top = top[np.argsort(-scores[top])]
        vector_ranks = {int(ids[i]): rank for rank, i in enumerate(top, start=1)}
        similarities = {int(ids[i]): float(scores[i]) for i in top}
        wanted = [pid for pid in text_ranks if pid not in similarities]
        if wanted:
            positions = np.searchsorted(ids, wanted)
            for pid, pos in zip(wanted, positions, strict=True):
                if pos < len(ids) and ids[pos] == pid:
                    similarities[pid] = float(scores[pos])
    fused: dict[int, float] = {}
    for ranks in (text_ranks, vector_ranks):
        for pid, rank in ranks.items():
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank)
    best = sorted(fused, key=lambda pid: (-fused[pid], pid))[:k]
    hits = tuple(_hit(conn, pid, fused[pid], similarities.get(pid), question) for pid in best)
    return SearchResult(hits, (time.perf_counter() - start) * 1e3)


def _hit(conn: Any, passage_id: int, score: float, similarity: float | None, question: str) -> Hit:
    row = conn.execute(
        "SELECT p.page, p.heading, p.text, d.name, d.path FROM passages p "
        "JOIN documents d ON d.id = p.document_id WHERE p.id = ?",
        (passage_id,),
    ).fetchone()
    shared = len(content_terms(question) & content_terms(f"{row['heading']} {row['text']}"))
    if similarity is not None:
        relevant = similarity >= MIN_SIMILARITY or (similarity >= MIN_SIMILARITY_SHARED and shared > 0)
    else:
        relevant = shared >= MIN_SHARED_TERMS
    return Hit(
        passage_id,
        row["name"],
        row["path"],
        row["page"],
        row["heading"],
        row["text"],
        score,
        similarity,
        relevant,
    )


def passage(index: DocumentIndex, passage_id: int) -> Hit | None:
    """One passage by id, for showing it when a source is clicked (index's thread)."""
    row = index.db.conn.execute(
        "SELECT p.page, p.heading, p.text, d.name, d.path FROM passages p "
        "JOIN documents d ON d.id = p.document_id WHERE p.id = ?",
        (passage_id,),
    ).fetchone()
    if row is None:
        return None
    return Hit(
        passage_id, row["name"], row["path"], row["page"], row["heading"], row["text"], 0.0, None, True
    )
