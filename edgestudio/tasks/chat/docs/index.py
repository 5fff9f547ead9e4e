"""The document index: one SQLite file (``docs.db`` in the data folder) with the documents,
their passages, each passage's embedding (a float32 BLOB) and an FTS5 table over the same
passages. No Qt.

Every file is written in its own transaction (its old passages out, the new ones in), so a
cancel, a kill or a full disk in the middle of a file loses nothing indexed before it; the
file that was being indexed keeps its previous version, if it had one.

A ``DocumentIndex`` is used from the thread that opened it (the CLI's main thread, the
indexing child process, or the chat session's thread); several may open the same file at
once (WAL), and each sees the others' committed changes through ``generation``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.artifact import file_sha256
from edgestudio.core.errors import Cancelled, InputError, StorageError
from edgestudio.core.messages import Text, to_wire
from edgestudio.core.storage import Database
from edgestudio.tasks.chat.docs.chunk import Passage, fts_text, split_passages
from edgestudio.tasks.chat.docs.embedder import Embedder, EmbedderCard, embedder_card, unknown_script
from edgestudio.tasks.chat.docs.parse import SUFFIXES, DocumentError, parse_document

log = logging.getLogger(__name__)

INDEX_FILE = "docs.db"
EMBED_BATCH = 32
MIGRATIONS = [
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime REAL NOT NULL,
        sha256 TEXT NOT NULL,
        pages INTEGER NOT NULL,
        passages INTEGER NOT NULL,
        words_only TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '[]',
        embedder TEXT NOT NULL DEFAULT '',
        indexed REAL NOT NULL
    );
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        page INTEGER,
        heading TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        vector BLOB
    );
    CREATE INDEX passages_by_document ON passages(document_id, ordinal);
    CREATE VIRTUAL TABLE passages_fts USING fts5(terms, tokenize = 'porter unicode61 remove_diacritics 2');
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta (key, value) VALUES ('generation', '0')
    """,
]

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    path: str
    name: str
    kind: str
    pages: int
    passages: int
    size: int
    indexed: float
    words_only: str  # the script the embedder does not know, when the file is searched by words only
    notes: tuple[str, ...]
    embedder: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "name": self.name,
            "kind": self.kind,
            "pages": self.pages,
            "passages": self.passages,
            "size": self.size,
            "indexed": self.indexed,
            "words_only": self.words_only,
            "notes": list(self.notes),
        }


@dataclass
class IndexReport:
    """What one ``add``/``refresh`` did, file by file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, note)
    pages: int = 0
    passages: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "failed": [{"path": p, "message": m, "message_text": to_wire(m)} for p, m in self.failed],
            "notes": [{"path": p, "note": n, "note_text": to_wire(n)} for p, n in self.notes],
            "pages": self.pages,
            "passages": self.passages,
            "seconds": round(self.seconds, 2),
        }


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the documents (by suffix) found in folders, hidden ones left out.
    Raises InputError for a path that does not exist."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(
                    Path(root) / n
                    for n in sorted(names)
                    if not n.startswith(".") and Path(n).suffix.lower() in SUFFIXES
                )
        elif path.exists():
            files.append(path)
        else:
            raise InputError(Text("{path} does not exist.", path=str(path)), "Check the path.")
    unique: dict[Path, None] = {}
    for file in files:
        unique.setdefault(file.resolve(), None)
    return list(unique)


class DocumentIndex:
    """The index in ``path``. ``threads`` caps the embedder's numpy threads."""

    def __init__(self, path: Path, threads: int = 1, embedder: Embedder | None = None) -> None:
        self.path = path
        self.db = Database(path, MIGRATIONS, fallback="snapshot")
        self._threads = threads
        self._embedder = embedder
        self._card: EmbedderCard | None = embedder.card if embedder else None
        self._matrix_generation = -1
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._matrix_ids = np.zeros(0, dtype=np.int64)

    # -- parts -----------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(self._threads)
            self._card = self._embedder.card
        return self._embedder

    @property
    def card(self) -> EmbedderCard:
        if self._card is None:
            self._card = embedder_card()
        return self._card

    def generation(self) -> int:
        row = self.db.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def recorded_embedder(self) -> dict[str, Any]:
        row = self.db.conn.execute("SELECT value FROM meta WHERE key = 'embedder'").fetchone()
        return dict(json.loads(row[0])) if row else {}

    def close(self) -> None:
        self.db.close()

    # -- reading ---------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        rows = self.db.conn.execute("SELECT * FROM documents ORDER BY name COLLATE NOCASE, path").fetchall()
        return [_info(row) for row in rows]

    def document(self, key: str) -> DocumentInfo | None:
        """By id, path or file name (a name must be unique)."""
        rows = self.db.conn.execute(
            "SELECT * FROM documents WHERE CAST(id AS TEXT) = ? OR path = ? OR name = ?",
            (key, str(Path(key).expanduser().resolve()) if key else key, key),
        ).fetchall()
        if len(rows) > 1:
            raise InputError(
                Text("Several documents are called {name}.", name=key),
                "Give its full path or its id instead.",
            )
        return _info(rows[0]) if rows else None

    def passage_count(self) -> int:
        return int(self.db.conn.execute("SELECT COUNT(*) FROM passages").fetchone()[0])

    def out_of_date(self) -> list[str]:
        """Paths of indexed files that are gone or whose size or time changed since they were
        indexed (a stat each: cheap enough for the GUI thread with a site's documents)."""
        stale = []
        for row in self.db.conn.execute("SELECT path, size, mtime FROM documents").fetchall():
            try:
                stat = Path(row["path"]).stat()
            except OSError:
                stale.append(row["path"])
                continue
            if stat.st_size != row["size"] or stat.st_mtime != row["mtime"]:
                stale.append(row["path"])
        return stale

    # -- writing ---------------------------------------------------------------------------
    def add(
        self,
        paths: Sequence[Path],
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> IndexReport:
        """Index ``paths`` (files and folders): new and changed files are (re-)indexed, the
        same content is left alone; forgets indexed files that no longer exist. Calling
        thread; raises Cancelled (what was indexed stays) or StorageError (the disk)."""
        report = IndexReport()
        start = time.perf_counter()
        files = expand_paths(paths)
        self._forget_missing(report)
        self._index_files(files, report, progress, cancelled)
        report.seconds = time.perf_counter() - start
        return report

    def refresh(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False
    ) -> IndexReport:
        """Re-index the indexed files that changed and forget those that are gone."""
        report = IndexReport()
        start = time.perf_counter()
        self._forget_missing(report)
        files = [Path(d.path) for d in self.documents()]
        self._index_files(files, report, progress, cancelled)
        report.seconds = time.perf_counter() - start
        return report

    def remove(self, key: str) -> DocumentInfo:
        """Forget one document (by id, path or name); InputError when it is not indexed."""
        info = self.document(key)
        if info is None:
            raise InputError(Text("{name} is not in the documents.", name=key), "See: edgestudio docs list")
        with self.db.transaction(f"removing {info.name}") as conn:
            self._delete(conn, info.id)
            self._bump(conn)
        return info

    def _forget_missing(self, report: IndexReport) -> None:
        for info in self.documents():
            if not Path(info.path).exists():
                with self.db.transaction(f"forgetting {info.name}") as conn:
                    self._delete(conn, info.id)
                    self._bump(conn)
                report.removed.append(info.path)
                log.info("forgot %s: the file is gone", info.path)

    def _index_files(
        self, files: list[Path], report: IndexReport, progress: Progress | None, cancelled: Callable[[], bool]
    ) -> None:
        if not self.db.writable:
            raise self.db.refusal("the documents")
        card = self.card
        recorded = self.recorded_embedder()
        stale = bool(recorded) and recorded.get("sha256") != card.sha256
        for number, file in enumerate(files):
            if cancelled():
                raise Cancelled("Indexing was cancelled; the documents indexed before are kept.")

            def step(done: float, message: str, number: int = number) -> None:
                if progress is not None:
                    progress((number + done) / max(1, len(files)), message)

            step(0.0, Text("Reading {name}…", name=file.name))
            try:
                outcome = self._index_one(file, stale, step, cancelled)
            except (DocumentError, InputError) as exc:
                report.failed.append((str(file), exc.message))
                log.info("not indexed: %s", exc.message)
                continue
            except StorageError as exc:
                raise type(exc)(
                    Text(
                        "{message} {name} was not indexed; the documents indexed before it are kept.",
                        message=exc.message,
                        name=file.name,
                    ),
                    exc.hint,
                ) from exc
            kind, info = outcome
            getattr(report, kind).append(str(file))
            if kind != "unchanged" and info is not None:
                report.pages += info.pages
                report.passages += info.passages
                report.notes.extend((str(file), note) for note in info.notes)
                if info.words_only:
                    report.notes.append((str(file), words_only_note(info)))
        if progress is not None:
            progress(1.0, Text("{count} document(s) indexed.", count=len(files)))

    def _index_one(
        self, file: Path, stale: bool, step: Progress, cancelled: Callable[[], bool]
    ) -> tuple[str, DocumentInfo | None]:
        stat = file.stat()
        existing = self.document(str(file))
        card = self.card
        if existing is not None and not stale and existing.embedder == card.sha256:
            row = self.db.conn.execute(
                "SELECT size, mtime FROM documents WHERE id = ?", (existing.id,)
            ).fetchone()
            if row["size"] == stat.st_size and row["mtime"] == stat.st_mtime:
                return "unchanged", existing
        digest = file_sha256(file)
        if existing is not None and not stale and existing.embedder == card.sha256:
            same = self.db.conn.execute(
                "SELECT sha256 FROM documents WHERE id = ?", (existing.id,)
            ).fetchone()
            if same["sha256"] == digest:  # touched, not changed
                with self.db.transaction(f"updating {file.name}") as conn:
                    conn.execute(
                        "UPDATE documents SET size = ?, mtime = ? WHERE id = ?",
                        (stat.st_size, stat.st_mtime, existing.id),
                    )
                return "unchanged", existing
        parsed = parse_document(file)
        passages = split_passages(parsed.sections)
        script = unknown_script(" ".join(p.text for p in passages[:200]))
        vectors = None if script else self._embed(passages, file.name, step, cancelled)
        if cancelled():
            raise Cancelled("Indexing was cancelled; the documents indexed before are kept.")
        step(0.98, Text("Saving {name}…", name=file.name))
        values = {
            "path": str(file),
            "name": file.name,
            "kind": parsed.kind,
            "size": stat.st_size,
            "mtime": stat.st_mtime,
            "sha256": digest,
            "pages": parsed.pages,
            "passages": len(passages),
            "words_only": script,
            "notes": json.dumps(list(parsed.notes), ensure_ascii=False),
            "embedder": card.sha256,
            "indexed": time.time(),
        }
        with self.db.transaction(f"the index of {file.name}") as conn:
            if existing is not None:
                self._delete(conn, existing.id)
            columns = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            cursor = conn.execute(
                f"INSERT INTO documents ({columns}) VALUES ({marks})", tuple(values.values())
            )
            document_id = int(cursor.lastrowid or 0)
            for passage in passages:
                vector = None if vectors is None else vectors[passage.ordinal].astype(np.float32).tobytes()
                cursor = conn.execute(
                    "INSERT INTO passages (document_id, ordinal, page, heading, text, vector) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (document_id, passage.ordinal, passage.page, passage.heading, passage.text, vector),
                )
                conn.execute(
                    "INSERT INTO passages_fts (rowid, terms) VALUES (?, ?)",
                    (cursor.lastrowid, fts_text(f"{passage.heading}\n{passage.text}")),
                )
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('embedder', ?)",
                (json.dumps(card.to_dict()),),
            )
            self._bump(conn)
        info = self.document(str(file))
        return ("updated" if existing is not None else "added"), info

    def _embed(
        self, passages: list[Passage], name: str, step: Progress, cancelled: Callable[[], bool]
    ) -> np.ndarray:
        texts = [embedding_text(name, p) for p in passages]
        parts = []
        for start in range(0, len(texts), EMBED_BATCH):
            if cancelled():
                raise Cancelled("Indexing was cancelled; the documents indexed before are kept.")
            step(
                0.05 + 0.9 * start / max(1, len(texts)),
                Text("Indexing {name}: passage {done} of {total}…", name=name, done=start, total=len(texts)),
            )
            parts.append(self.embedder.embed(texts[start : start + EMBED_BATCH]))
        return np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)

    @staticmethod
    def _delete(conn: Any, document_id: int) -> None:
        conn.execute(
            "DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages WHERE document_id = ?)",
            (document_id,),
        )
        conn.execute("DELETE FROM passages WHERE document_id = ?", (document_id,))
        conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))

    @staticmethod
    def _bump(conn: Any) -> None:
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    # -- vectors ---------------------------------------------------------------------------
    def vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """(passage ids, unit vectors) of every embedded passage, re-read when the index
        changed (another process or thread indexed something)."""
        generation = self.generation()
        if generation != self._matrix_generation:
            rows = self.db.conn.execute(
                "SELECT p.id, p.vector FROM passages p JOIN documents d ON d.id = p.document_id "
                "WHERE p.vector IS NOT NULL AND d.embedder = ? ORDER BY p.id",
                (self.card.sha256,),
            ).fetchall()
            ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
            matrix = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32)
            self._matrix = matrix.reshape(len(rows), -1) if rows else np.zeros((0, 0), dtype=np.float32)
            self._matrix_ids = ids
            self._matrix_generation = generation
        return self._matrix_ids, self._matrix


def embedding_text(file_name: str, passage: Passage) -> str:
    """What is embedded for a passage: the file's name (as words) and the heading give it
    context ("museum guide. Tickets"), since a passage rarely repeats what it is about."""
    title = re.sub(r"[-_.]+", " ", Path(file_name).stem).strip()
    header = ". ".join(part for part in (title, passage.heading) if part)
    return f"{header}\n{passage.text}" if header else passage.text


def words_only_note(info: DocumentInfo) -> str:
    return Text(
        "{name} is written mostly in a script the embedding model does not know ({script}): it is "
        "found by its words only, not by meaning.",
        name=info.name,
        script=info.words_only.title(),
    )


def _info(row: Any) -> DocumentInfo:
    return DocumentInfo(
        id=row["id"],
        path=row["path"],
        name=row["name"],
        kind=row["kind"],
        pages=row["pages"],
        passages=row["passages"],
        size=row["size"],
        indexed=row["indexed"],
        words_only=row["words_only"],
        notes=tuple(json.loads(row["notes"] or "[]")),
        embedder=row["embedder"],
    )


def open_index(data_dir: Path, threads: int = 1) -> DocumentIndex:
    """The app's index in its data folder (calling thread)."""
    return DocumentIndex(data_dir / INDEX_FILE, threads)
