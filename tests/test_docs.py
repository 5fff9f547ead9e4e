"""The document index with the real embedding model and a real SQLite file: PDFs, HTML,
Markdown and DOCX made here, passages that keep their page or heading, hybrid search in
English and Chinese, re-indexing and forgetting, and bad input with clear messages. The
full disk is SQLite's own SQLITE_FULL (the database is capped with max_page_count)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from edgestudio.benchmarks.docs_corpus import (
    QUESTIONS,
    UNANSWERED,
    manual_pages,
    write_image_pdf,
    write_pdf,
    write_site_documents,
)
from edgestudio.core.errors import Cancelled, StorageFullError
from edgestudio.tasks.chat.docs.chunk import fts_query, search_terms, split_passages
from edgestudio.tasks.chat.docs.embedder import LICENSE, MODEL_FILES, model_folder
from edgestudio.tasks.chat.docs.index import INDEX_FILE, DocumentIndex
from edgestudio.tasks.chat.docs.parse import DocumentError, Section, parse_document
from edgestudio.tasks.chat.docs.search import search


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_site_documents(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def site_index(site: list[Path], tmp_path_factory: pytest.TempPathFactory) -> DocumentIndex:
    index = DocumentIndex(tmp_path_factory.mktemp("index") / INDEX_FILE)
    report = index.add(site)
    assert len(report.added) == 4 and not report.failed, report
    return index


def test_passages_keep_their_page_or_heading(site: list[Path], site_index: DocumentIndex) -> None:
    documents = {d.name: d for d in site_index.documents()}
    assert documents["museum-guide.pdf"].pages == 6 and documents["museum-guide.pdf"].kind == "pdf"
    assert documents["printer-manual.html"].kind == "html" and documents["图书馆指南.md"].kind == "markdown"
    rows = site_index.db.conn.execute(
        "SELECT d.name, p.page, p.heading, p.text FROM passages p JOIN documents d ON d.id = p.document_id"
    ).fetchall()
    pdf_pages = {row["page"] for row in rows if row["name"] == "museum-guide.pdf"}
    assert pdf_pages == set(range(1, 7))
    tickets = next(row for row in rows if "adult ticket" in row["text"])
    assert tickets["page"] == 2
    jam = next(row for row in rows if "jammed paper" in row["text"])
    assert jam["heading"] == "Clearing a paper jam" and jam["page"] is None
    assert "not text" not in " ".join(row["text"] for row in rows), "the HTML's script was left out"
    fine = next(row for row in rows if "罚款一角" in row["text"])
    assert fine["heading"] == "续借与逾期"
    pool = next(row for row in rows if "十元押金" in row["text"])
    assert pool["name"] == "游泳馆须知.pdf" and pool["page"] == 5


def test_docx_headings_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Opening hours", level=1)
    document.add_paragraph("The shop opens at 8:00 on weekdays.")
    document.add_heading("Prices", level=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Coffee", "3 euros"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tea", "2 euros"
    path = tmp_path / "shop.docx"
    document.save(str(path))
    parsed = parse_document(path)
    assert parsed.kind == "docx"
    sections = {s.heading: s.text for s in parsed.sections}
    assert "8:00" in sections["Opening hours"] and "Coffee | 3 euros" in sections["Prices"]


def test_hybrid_search_answers_both_languages_and_knows_when_it_cannot(site_index: DocumentIndex) -> None:
    found = {"en": [], "zh": []}
    for question in QUESTIONS:
        result = search(site_index, question.text, 3)
        found[question.language].append(any(question.answer in h.text for h in result.relevant))
    for language, hits in found.items():
        assert sum(hits) / len(hits) >= 0.9, (language, hits)
    best = search(site_index, "How much is an adult ticket?", 3).hits[0]
    assert best.file == "museum-guide.pdf" and best.page == 2 and best.similarity is not None
    for question in UNANSWERED:
        result = search(site_index, question.text, 3)
        assert not result.grounded, (question.text, [(h.text[:40], h.similarity) for h in result.hits])


def test_chinese_is_searchable_by_words() -> None:
    assert search_terms("游泳馆几点关门") == ["游泳", "泳馆", "馆几", "几点", "点关", "关门"]
    assert '"关门"' in fts_query("游泳馆几点关门？")
    assert '"the"' not in fts_query("When does the museum close?")
    passages = split_passages([Section("一句话。" * 300, page=3)])
    assert len(passages) > 1 and all(p.page == 3 for p in passages)


def test_the_embedding_model_is_recorded_with_its_licence_and_hash(site_index: DocumentIndex) -> None:
    recorded = site_index.recorded_embedder()
    digest = hashlib.sha256()
    for name in MODEL_FILES:
        digest.update((model_folder() / name).read_bytes())
    assert recorded["sha256"] == digest.hexdigest()
    assert recorded["license"] == LICENSE == "Apache-2.0"
    assert "Universal Sentence Encoder Multilingual" in recorded["name"] and recorded["dimensions"] == 512


def test_a_changed_file_is_reindexed_and_a_removed_one_forgotten(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Parking\n\nThe car park is behind the station and costs 2 euros an hour.\n")
    index = DocumentIndex(tmp_path / INDEX_FILE)
    try:
        assert index.add([tmp_path]).added == [str(notes)]
        assert index.add([tmp_path]).unchanged == [str(notes)]
        notes.write_text("# Parking\n\nThe car park moved to Mill Street; bicycles park for free.\n")
        report = index.refresh()
        assert report.updated == [str(notes)]
        hit = search(index, "Where is the car park?", 1).hits[0]
        assert "Mill Street" in hit.text and hit.heading == "Parking"
        assert index.passage_count() == 1, "the old version's passages are gone"
        notes.unlink()
        assert index.refresh().removed == [str(notes)]
        assert index.documents() == [] and index.passage_count() == 0
        assert search(index, "Where is the car park?", 3).hits == ()
        assert index.db.conn.execute("SELECT COUNT(*) FROM passages_fts").fetchone()[0] == 0
    finally:
        index.close()


def test_bad_input_gets_clear_messages(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("   \n\n  ")
    (tmp_path / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    write_pdf(tmp_path / "locked.pdf", ["Secret opening hours: 7:00."], password="1234")
    write_image_pdf(tmp_path / "scan.pdf")
    expected = {
        "empty.txt": "is empty (0 bytes)",
        "blank.md": "has no text in it",
        "photo.pdf": "is not a document EdgeStudio can read",
        "locked.pdf": "is protected by a password",
        "scan.pdf": "has no text layer: it looks scanned",
    }
    for name, words in expected.items():
        with pytest.raises(DocumentError) as error:
            parse_document(tmp_path / name)
        assert words in error.value.message, (name, error.value.message)
        assert error.value.message.template  # translatable in the GUI
    index = DocumentIndex(tmp_path / "index" / INDEX_FILE)
    try:
        report = index.add([tmp_path / name for name in expected])
        assert [Path(p).name for p, _ in report.failed] == list(expected) and not report.added
    finally:
        index.close()


def test_a_script_the_embedder_does_not_know_is_searched_by_words(tmp_path: Path) -> None:
    greek = tmp_path / "οδηγός.txt"
    text = "Το μουσείο ανοίγει στις εννέα το πρωί. Το εισιτήριο κοστίζει δώδεκα ευρώ."
    greek.write_text(text, encoding="utf-8")
    index = DocumentIndex(tmp_path / INDEX_FILE)
    try:
        report = index.add([greek])
        assert report.added and "does not know (Greek)" in report.notes[0][1]
        assert index.documents()[0].words_only == "GREEK"
        result = search(index, "Πόσο κοστίζει το εισιτήριο;", 3)
        assert result.grounded and result.hits[0].similarity is None
        assert not search(index, "Where is the café?", 3).grounded
    finally:
        index.close()


def test_a_500_page_manual_reports_progress_and_cancel_keeps_what_was_indexed(tmp_path: Path) -> None:
    small = tmp_path / "first.md"
    small.write_text("# Opening\n\nThe workshop opens at 7:00.\n")
    manual = write_pdf(tmp_path / "manual.pdf", manual_pages(500))
    index = DocumentIndex(tmp_path / INDEX_FILE)
    messages: list[str] = []
    try:
        with pytest.raises(Cancelled):
            index.add(
                [small, manual],
                lambda fraction, message: messages.append(message),
                cancelled=lambda: any("passage 64 of" in m for m in messages),
            )
        # the finished file stayed; the manual is not half in
        assert [d.name for d in index.documents()] == ["first.md"]
        assert any("Indexing manual.pdf: passage 32 of 1000" in m for m in messages), messages[-3:]
        assert index.db.integrity_ok()
    finally:
        index.close()


def test_a_full_disk_loses_nothing_already_indexed(site: list[Path], tmp_path: Path) -> None:
    index = DocumentIndex(tmp_path / INDEX_FILE)
    big = write_pdf(tmp_path / "big.pdf", manual_pages(12))
    try:
        index.add(site[:2])
        before = index.passage_count()
        pages = index.db.conn.execute("PRAGMA page_count").fetchone()[0]
        index.db.conn.execute(f"PRAGMA max_page_count = {pages + 8}")  # SQLite itself answers SQLITE_FULL
        with pytest.raises(StorageFullError) as error:
            index.add([*site[:2], big])
        assert "The disk is full" in error.value.message and "big.pdf was not indexed" in error.value.message
        assert "the documents indexed before it are kept" in error.value.message
        assert index.passage_count() == before
        assert {d.name for d in index.documents()} == {p.name for p in site[:2]}
        assert index.db.integrity_ok()
    finally:
        index.close()
    reopened = DocumentIndex(tmp_path / INDEX_FILE)  # and on disk, after the connection is gone
    try:
        assert reopened.passage_count() == before
        assert search(reopened, "When does the museum close?", 1).hits[0].file == "museum-guide.pdf"
    finally:
        reopened.close()
    assert sqlite3.connect(tmp_path / INDEX_FILE).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
