"""Indexing in a child process (started by the GUI through ``workers/process_job.ProcessJob``):
``edgestudio.tasks.chat.docs.job:main`` with ``add DATA_DIR PATH...``, ``refresh DATA_DIR``
or ``remove DATA_DIR KEY``. Progress events carry a fraction and a message (its template and
parameters too, so the GUI shows it in its own language); ``finished`` carries the report.

Cancel kills the process: each file is committed in its own transaction, so what was
indexed before stays and the file in progress keeps its previous version. Runs on the
child's main thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from edgestudio.core.errors import InputError
from edgestudio.core.messages import to_wire
from edgestudio.core.process_child import ChildChannel
from edgestudio.tasks.chat.docs.index import INDEX_FILE, DocumentIndex

COMMANDS = ("add", "refresh", "remove")


def job_args(command: str, data_dir: Path, items: list[str] | None = None) -> list[str]:
    """The child's arguments for ``command`` (any thread)."""
    return [command, str(data_dir), *(items or [])]


def main(channel: ChildChannel, args: list[str]) -> int:
    if len(args) < 2 or args[0] not in COMMANDS:
        raise InputError(f"usage: {{{','.join(COMMANDS)}}} DATA_DIR [PATH...]")
    command, data_dir, items = args[0], Path(args[1]), args[2:]

    def progress(fraction: float, message: str) -> None:
        channel.progress(fraction, message, message_text=to_wire(message))

    index = DocumentIndex(data_dir / INDEX_FILE)
    try:
        result: dict[str, Any]
        if command == "add":
            result = index.add([Path(p) for p in items], progress).to_dict()
        elif command == "refresh":
            result = index.refresh(progress).to_dict()
        else:
            result = {"removed": [index.remove(key).path for key in items]}
        channel.finished(command=command, report=result, documents=[d.to_dict() for d in index.documents()])
    finally:
        index.close()
    return 0
