"""Conversations in SQLite: list, rename, delete, export as Markdown and JSON.

Each message is written in its own transaction, so a kill while saving leaves every
completed message present and never half a message.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from edgestudio.core.errors import StorageError
from edgestudio.core.storage import Database

MIGRATIONS = [
    """
    CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        system_prompt TEXT NOT NULL DEFAULT '',
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        content TEXT NOT NULL,
        stats TEXT NOT NULL DEFAULT '{}',
        created REAL NOT NULL
    );
    CREATE INDEX messages_by_conversation ON messages(conversation_id, id)
    """,
]


@dataclass(frozen=True)
class Message:
    role: str
    content: str
    stats: dict[str, Any] | None = None
    id: int = 0


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    model: str
    system_prompt: str
    created: float
    updated: float


class ChatHistory:
    """Used from one thread (the GUI thread, or the CLI's).

    When the data folder is read-only or the disk is full (at start or at a later write), the
    conversations are kept in memory for this run and not saved: ``saved`` turns False and
    ``problem`` says why, so chat keeps working.
    """

    def __init__(self, path: Path) -> None:
        self.db = Database(path, MIGRATIONS, fallback="memory")

    @property
    def saved(self) -> bool:
        """True while conversations are written to disk."""
        return self.db.persistent

    @property
    def problem(self) -> StorageError | None:
        return self.db.problem

    def create(
        self, title: str = "New conversation", model: str = "", system_prompt: str = ""
    ) -> Conversation:
        now = time.time()

        def insert(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO conversations (title, model, system_prompt, created, updated)"
                " VALUES (?, ?, ?, ?, ?)",
                (title, model, system_prompt, now, now),
            )
            return int(cur.lastrowid or 0)

        return self.get(self.db.write(insert, "the conversation"))

    def get(self, conversation_id: int) -> Conversation:
        row = self.db.conn.execute("SELECT * FROM conversations WHERE id=?", (conversation_id,)).fetchone()
        if row is None:
            raise StorageError(f"Conversation {conversation_id} does not exist.")
        return Conversation(**dict(row))

    def conversations(self, search: str = "") -> list[Conversation]:
        rows = self.db.conn.execute(
            "SELECT * FROM conversations WHERE title LIKE ? ORDER BY updated DESC", (f"%{search}%",)
        ).fetchall()
        return [Conversation(**dict(r)) for r in rows]

    def add_message(self, conversation_id: int, message: Message) -> Message:
        now = time.time()

        def insert(conn: sqlite3.Connection) -> int:
            cur = conn.execute(
                "INSERT INTO messages (conversation_id, role, content, stats, created) VALUES (?,?,?,?,?)",
                (conversation_id, message.role, message.content, json.dumps(message.stats or {}), now),
            )
            conn.execute("UPDATE conversations SET updated=? WHERE id=?", (now, conversation_id))
            return int(cur.lastrowid or 0)

        message_id = self.db.write(insert, "the message")
        return Message(message.role, message.content, message.stats, message_id)

    def messages(self, conversation_id: int) -> list[Message]:
        rows = self.db.conn.execute(
            "SELECT id, role, content, stats FROM messages WHERE conversation_id=? ORDER BY id",
            (conversation_id,),
        ).fetchall()
        return [Message(r["role"], r["content"], json.loads(r["stats"]), r["id"]) for r in rows]

    def delete_message(self, message_id: int) -> None:
        self.db.write(lambda conn: conn.execute("DELETE FROM messages WHERE id=?", (message_id,)))

    def update(self, conversation_id: int, **fields: str) -> None:
        allowed = {"title", "model", "system_prompt"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"only {sorted(allowed)} can be changed")
        assignments = ", ".join(f"{k}=?" for k in fields)
        self.db.write(
            lambda conn: conn.execute(
                f"UPDATE conversations SET {assignments} WHERE id=?", (*fields.values(), conversation_id)
            )
        )

    def delete(self, conversation_id: int) -> None:
        self.db.write(lambda conn: conn.execute("DELETE FROM conversations WHERE id=?", (conversation_id,)))

    def export_markdown(self, conversation_id: int) -> str:
        conv = self.get(conversation_id)
        parts = [f"# {conv.title}", ""]
        if conv.model:
            parts += [f"*Model: {conv.model}*", ""]
        if conv.system_prompt:
            parts += [f"> System: {conv.system_prompt}", ""]
        for msg in self.messages(conversation_id):
            heading = {"user": "You", "assistant": "Assistant", "system": "System"}[msg.role]
            parts += [f"## {heading}", "", msg.content, ""]
            sources = (msg.stats or {}).get("sources") or []
            if sources:  # an answer from the site's documents
                parts += ["Sources:", ""]
                for number, source in enumerate(sources, start=1):
                    page = source.get("page")
                    where = f"page {page}" if page is not None else source.get("heading", "")
                    parts.append(f"{number}. {source['file']}" + (f", {where}" if where else ""))
                parts.append("")
        return "\n".join(parts)

    def export_json(self, conversation_id: int) -> str:
        conv = self.get(conversation_id)
        data = {"conversation": asdict(conv), "messages": [asdict(m) for m in self.messages(conversation_id)]}
        return json.dumps(data, indent=2, ensure_ascii=False)

    def close(self) -> None:
        self.db.close()
