"""Guards the PySide6 pin: 6.12.0's Signal.emit() leaked a reference to True on every call,
which aborts the interpreter after enough signals (every frame emits several)."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object, int)


def test_signal_emit_keeps_refcounts(qapp) -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.fired.connect(lambda _obj, value: received.append(value))
    before = sys.getrefcount(True)
    for index in range(2000):
        emitter.fired.emit(None, index)
    assert len(received) == 2000
    assert abs(sys.getrefcount(True) - before) < 50
