"""Child functions for the ProcessJob tests; each runs in a child process under the launcher
``edgestudio.core.process_child`` as ``tests.process_children:NAME``."""

from __future__ import annotations

import ctypes
import subprocess
import sys
import time

from edgestudio.core.process_child import ChildChannel


def count_to_three(channel: ChildChannel, argv: list[str]) -> int:
    """Three progress reports, then a result; a stray print must not break the events."""
    print("a library printing to stdout")
    for step in range(1, 4):
        channel.progress(step / 3, f"step {step}")
        time.sleep(0.05)
    channel.finished(total=3, argv=argv)
    return 0


def echo(channel: ChildChannel, argv: list[str]) -> int:
    """A warm worker: answers every command until the parent closes it."""
    channel.emit("ready")
    for command in channel.commands():
        channel.finished(echo=command.get("text", ""))
    return 0


def with_grandchild(channel: ChildChannel, argv: list[str]) -> int:
    """Start a grandchild (a plain subprocess, no launcher), report both pids, then work on."""
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    channel.emit("spawned", grandchild=grandchild.pid)
    while True:
        time.sleep(0.1)


def crash(channel: ChildChannel, argv: list[str]) -> int:
    """Say something on stderr, then crash natively (a read from address 0)."""
    channel.progress(0.5, "half way")
    sys.stderr.write("decoding frame 1234 of the test stream\n")
    sys.stderr.flush()
    ctypes.string_at(0)
    return 0


def sleep_forever(channel: ChildChannel, argv: list[str]) -> int:
    """Work that never ends on its own (the watchdog test)."""
    while True:
        time.sleep(0.1)


def refuse_a_file(channel: ChildChannel, argv: list[str]) -> int:
    """Fails the way the speech worker does on a bad file: an EdgeStudioError with a Text."""
    from edgestudio.core.errors import SourceError
    from edgestudio.core.messages import Text

    raise SourceError(Text("{name} is not an audio or video file EdgeStudio can read.", name="song.mp3"))
