"""What libraries print while the optimizer works (ONNX Runtime's calibrator prints
"Collecting tensor data and making histogram ..." with ``print``; native code writes to file
descriptor 1) never reaches standard output, where ``optimize --json`` writes its document
and the child process its events: it goes to the log and, line by line, to the progress
stream as ``output`` events (``text``). Qt-free.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Iterator
from typing import IO

from edgestudio.optimize.planners import EventSink

log = logging.getLogger(__name__)
OUTPUT_EVENT = "output"
JOIN_TIMEOUT_S = 5.0


def _forward(pipe: IO[bytes], sink: EventSink) -> None:
    """The reader thread: each line to the log and to ``sink`` until the pipe is closed."""
    for raw in pipe:
        line = raw.decode("utf-8", errors="replace").rstrip()
        if line.strip():
            log.info("library output: %s", line)
            sink.emit(OUTPUT_EVENT, text=line)


@contextlib.contextmanager
def library_output_captured(sink: EventSink) -> Iterator[None]:
    """Main thread: for the duration, file descriptor 1 and ``sys.stdout`` write into a pipe
    that a reader thread empties into the log and ``sink`` (whose ``emit`` must accept calls
    from that thread); both are restored afterwards, after every line was forwarded."""
    with contextlib.suppress(ValueError, OSError):
        sys.stdout.flush()
    saved = os.dup(1)
    read_fd, write_fd = os.pipe()
    reader_pipe = os.fdopen(read_fd, "rb")
    writer = os.fdopen(os.dup(write_fd), "w", encoding="utf-8", buffering=1)
    os.dup2(write_fd, 1)
    os.close(write_fd)
    reader = threading.Thread(target=_forward, args=(reader_pipe, sink), name="library-output", daemon=True)
    reader.start()
    previous = sys.stdout
    sys.stdout = writer
    try:
        yield
    finally:
        sys.stdout = previous
        writer.close()
        os.dup2(saved, 1)  # the pipe's last writer here is gone: the reader sees its end
        os.close(saved)
        reader.join(JOIN_TIMEOUT_S)
        if reader.is_alive():  # a grandchild process still holds the pipe: let the thread end with it
            log.warning("library output: a child process still holds the output pipe")
        else:
            reader_pipe.close()
