"""``bench docs``: indexing speed (pages/s on a generated PDF manual), retrieval latency
(p50/p95 of whole searches: query embedding, FTS5, vectors, fusion) over an index grown to
``passages`` passages with filler on other topics, recall@3 of the question set in English and
Chinese, and how often the questions the documents do not answer come back ungrounded.

The big index lives in ``folder`` and is reused by the next run (unchanged files are not
indexed again); the indexing speed is always measured afresh. Calling thread; no Qt.
"""

from __future__ import annotations

import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from edgestudio.benchmarks.docs_corpus import (
    QUESTIONS,
    UNANSWERED,
    filler_passages,
    manual_pages,
    write_pdf,
    write_site_documents,
)
from edgestudio.tasks.chat.docs.index import INDEX_FILE, DocumentIndex
from edgestudio.tasks.chat.docs.search import MIN_SIMILARITY, search

FILLER_FILES = 20
LATENCY_ROUNDS = 4


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _write_filler(folder: Path, count: int) -> list[Path]:
    """Filler as Markdown files, one passage under each heading."""
    folder.mkdir(parents=True, exist_ok=True)
    passages = filler_passages(count)
    per_file = max(1, -(-count // FILLER_FILES))
    files = []
    for number, start in enumerate(range(0, count, per_file)):
        path = folder / f"filler-{count}-{number:02d}.md"
        text = "".join(
            f"## Note {start + i}\n\n{p}\n\n" for i, p in enumerate(passages[start : start + per_file])
        )
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        files.append(path)
    for old in folder.glob("filler-*"):
        if old not in files:
            old.unlink()
    return files


def measure_indexing(pages: int) -> dict[str, Any]:
    """Index a fresh ``pages``-page PDF manual into a fresh index."""
    with tempfile.TemporaryDirectory(prefix="edgestudio-bench-docs-") as tmp:
        pdf = write_pdf(Path(tmp) / "manual.pdf", manual_pages(pages))
        index = DocumentIndex(Path(tmp) / INDEX_FILE)
        try:
            index.embedder.embed_one("warm up")
            start = time.perf_counter()
            report = index.add([pdf])
            seconds = time.perf_counter() - start
        finally:
            index.close()
    return {
        "pages": pages,
        "passages": report.passages,
        "seconds": round(seconds, 2),
        "pages_per_s": round(pages / seconds, 1),
        "passages_per_s": round(report.passages / seconds, 1),
    }


def measure_retrieval(index: DocumentIndex) -> dict[str, Any]:
    """Recall@3 per language, grounded rates, and latency over repeated searches."""
    found = {"en": [0, 0], "zh": [0, 0]}
    grounded = 0
    misses = []
    for question in QUESTIONS:
        result = search(index, question.text, 3)
        hit = any(question.answer in h.text for h in result.hits)
        grounded += any(question.answer in h.text for h in result.relevant)
        found[question.language][0] += hit
        found[question.language][1] += 1
        if not hit:
            misses.append({"question": question.text, "got": [h.text[:80] for h in result.hits]})
    ungrounded = sum(not search(index, q.text, 3).grounded for q in UNANSWERED)
    latencies = []
    for _ in range(LATENCY_ROUNDS):
        for question in (*QUESTIONS, *UNANSWERED):
            latencies.append(search(index, question.text, 3).ms)
    return {
        "recall_at_3": {lang: round(hit / total, 3) for lang, (hit, total) in found.items()},
        "questions": {lang: total for lang, (_hit, total) in found.items()},
        "misses": misses,
        "answered_from_the_right_passage": f"{grounded}/{len(QUESTIONS)}",
        "unanswered_said_not_found": f"{ungrounded}/{len(UNANSWERED)}",
        "latency": {
            "searches": len(latencies),
            "p50_ms": round(statistics.median(latencies), 2),
            "p95_ms": round(_percentile(latencies, 0.95), 2),
            "max_ms": round(max(latencies), 2),
        },
    }


def run_docs_benchmark(
    folder: Path, passages: int, pages: int, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    say = progress or (lambda _message: None)
    say(f"indexing a {pages}-page PDF manual…")
    indexing = measure_indexing(pages)
    folder.mkdir(parents=True, exist_ok=True)
    site = write_site_documents(folder / "site")
    index = DocumentIndex(folder / INDEX_FILE)
    try:
        index.add(site)
        names = {str(path.resolve()) for path in site}
        site_passages = sum(d.passages for d in index.documents() if d.path in names)
        filler_count = max(0, passages - site_passages)
        say(f"growing the index to {passages} passages (reused on the next run)…")
        filler = _write_filler(folder / "filler", filler_count) if filler_count else []
        if not filler:
            shutil.rmtree(folder / "filler", ignore_errors=True)
        index.add([*site, *filler], lambda fraction, message: None)
        say("searching…")
        retrieval = measure_retrieval(index)
        total = index.passage_count()
        card = index.card.to_dict()
    finally:
        index.close()
    return {
        "indexing": indexing,
        "retrieval": {"passages": total, **retrieval["latency"]},
        "recall_at_3": retrieval["recall_at_3"],
        "questions": retrieval["questions"],
        "misses": retrieval["misses"],
        "answered_from_the_right_passage": retrieval["answered_from_the_right_passage"],
        "unanswered_said_not_found": retrieval["unanswered_said_not_found"],
        "min_similarity": MIN_SIMILARITY,
        "embedder": card,
        "machine": {"cpu": platform.processor() or platform.machine(), "python": platform.python_version()},
    }
