"""Transcripts in SQLite: saved whole in one transaction (a kill leaves all or nothing),
searchable by title and text, reopened, exported, deleted."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edgestudio.backends.speech import Segment, Word
from edgestudio.core.errors import StorageError
from edgestudio.core.storage import Database

MIGRATIONS = [
    """
    CREATE TABLE transcripts (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        model TEXT NOT NULL,
        settings TEXT NOT NULL,
        language TEXT NOT NULL,
        duration REAL NOT NULL,
        text TEXT NOT NULL,
        created REAL NOT NULL
    );
    CREATE TABLE segments (
        transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        end REAL NOT NULL,
        text TEXT NOT NULL,
        words TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (transcript_id, idx)
    )
    """,
]


@dataclass(frozen=True)
class SavedTranscript:
    id: int
    title: str
    source: str
    model: str
    settings: dict[str, Any]
    language: str
    duration: float
    text: str
    created: float


class TranscriptHistory:
    """Used from one thread (the GUI's, or the CLI's).

    On a read-only data folder or a full disk, transcripts are kept in memory for this run
    and not saved (``saved`` False, ``problem`` says why): transcription keeps working.
    """

    def __init__(self, path: Path) -> None:
        self.db = Database(path, MIGRATIONS, fallback="memory")

    @property
    def saved(self) -> bool:
        """True while transcripts are written to disk."""
        return self.db.persistent

    @property
    def problem(self) -> StorageError | None:
        return self.db.problem

    def save(
        self,
        title: str,
        source: str,
        model: str,
        settings: dict[str, Any],
        language: str,
        duration: float,
        segments: list[Segment] | tuple[Segment, ...],
    ) -> int:
        text = " ".join(s.text for s in segments).strip()

        def insert(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO transcripts (title, source, model, settings, language, duration, text, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (title, source, model, json.dumps(settings), language, duration, text, time.time()),
            )
            transcript_id = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO segments (transcript_id, idx, start, end, text, words)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (transcript_id, i, s.start, s.end, s.text, json.dumps([w.__dict__ for w in s.words]))
                    for i, s in enumerate(segments)
                ],
            )
            return transcript_id

        return self.db.write(insert, "the transcript")

    def transcripts(self, search: str = "") -> list[SavedTranscript]:
        pattern = f"%{search}%"
        rows = self.db.conn.execute(
            "SELECT * FROM transcripts WHERE title LIKE ? OR text LIKE ? ORDER BY created DESC",
            (pattern, pattern),
        ).fetchall()
        return [self._row(r) for r in rows]

    def get(self, transcript_id: int) -> SavedTranscript:
        row = self.db.conn.execute("SELECT * FROM transcripts WHERE id=?", (transcript_id,)).fetchone()
        if row is None:
            raise StorageError(f"Transcript {transcript_id} does not exist.")
        return self._row(row)

    def segments(self, transcript_id: int) -> list[Segment]:
        rows = self.db.conn.execute(
            "SELECT start, end, text, words FROM segments WHERE transcript_id=? ORDER BY idx",
            (transcript_id,),
        ).fetchall()
        return [
            Segment(r["start"], r["end"], r["text"], 0.0, tuple(Word(**w) for w in json.loads(r["words"])))
            for r in rows
        ]

    def delete(self, transcript_id: int) -> None:
        self.db.write(lambda conn: conn.execute("DELETE FROM transcripts WHERE id=?", (transcript_id,)))

    @staticmethod
    def _row(row: Any) -> SavedTranscript:
        data = dict(row)
        data["settings"] = json.loads(data["settings"])
        return SavedTranscript(**data)

    def close(self) -> None:
        self.db.close()
