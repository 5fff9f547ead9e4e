"""Conversation storage and context fitting (no model needed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edgestudio.core.errors import InferenceError
from edgestudio.tasks.chat.context import fit_context
from edgestudio.tasks.chat.history import ChatHistory, Message


def words(text: str) -> int:
    return len(text.split())


def test_fit_context_keeps_everything_that_fits() -> None:
    turns = (("user", "hello there"), ("assistant", "hi"), ("user", "how are you"))
    messages, dropped = fit_context("be brief", turns, words, 1000, 100)
    assert dropped == 0
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]


def test_fit_context_drops_oldest_turn_pairs_first() -> None:
    long = "word " * 40
    turns = (
        ("user", long),
        ("assistant", long),
        ("user", long),
        ("assistant", long),
        ("user", "last question"),
    )
    messages, dropped = fit_context("", turns, words, 150, 20)
    assert dropped == 2
    assert messages[0]["role"] == "user" and messages[-1]["content"] == "last question"
    assert sum(words(m["content"]) + 8 for m in messages) <= 130


def test_fit_context_refuses_a_message_that_can_never_fit() -> None:
    with pytest.raises(InferenceError, match="too long"):
        fit_context("", (("user", "word " * 500),), words, 256, 64)


def test_history_round_trip_rename_delete_export(tmp_path: Path) -> None:
    history = ChatHistory(tmp_path / "chat.db")
    conv = history.create("First", model="smollm2", system_prompt="Be kind.")
    history.add_message(conv.id, Message("user", "Write `print(1)` in Python"))
    history.add_message(conv.id, Message("assistant", "```python\nprint(1)\n```", {"tokens_per_s": 90.0}))
    history.update(conv.id, title="Python help")
    other = history.create("Second")
    assert [c.title for c in history.conversations()] == ["Second", "Python help"]
    assert [c.title for c in history.conversations("python")] == ["Python help"]
    md = history.export_markdown(conv.id)
    assert md.startswith("# Python help") and "```python\nprint(1)\n```" in md and "> System: Be kind." in md
    data = json.loads(history.export_json(conv.id))
    assert [m["role"] for m in data["messages"]] == ["user", "assistant"]
    assert data["messages"][1]["stats"] == {"tokens_per_s": 90.0}
    history.delete(conv.id)
    assert [c.id for c in history.conversations()] == [other.id]
    assert history.db.conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0
    history.close()


WRITER = """
import sys, time
from pathlib import Path
from edgestudio.tasks.chat.history import ChatHistory, Message
history = ChatHistory(Path(sys.argv[1]))
conv = history.create("killed")
for i in range(100000):
    history.add_message(conv.id, Message("user" if i % 2 == 0 else "assistant", f"message {i} " + "x" * 2000))
    print(i, flush=True)
"""


def test_kill_while_saving_keeps_every_completed_message(tmp_path: Path) -> None:
    db_path = tmp_path / "chat.db"
    for attempt in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        reported = -1
        deadline = time.time() + 30
        while reported < 20 + attempt * 7 and time.time() < deadline:
            line = proc.stdout.readline()
            if line:
                reported = int(line.split()[0])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        history = ChatHistory(db_path)
        assert history.db.integrity_ok()
        conv = history.conversations()[0]
        messages = history.messages(conv.id)
        assert len(messages) >= reported + 1, "a message reported as saved is missing"
        assert all(m.content.endswith("x" * 2000) for m in messages), "half a message was saved"
        for conversation in history.conversations():
            history.delete(conversation.id)
        history.close()
