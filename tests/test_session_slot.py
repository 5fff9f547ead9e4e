"""SessionSlot: keyed reuse, close on a new key, drop after a failed load, clean shutdown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from edgestudio.core.errors import ModelLoadError
from edgestudio.core.types import LoadedInfo
from edgestudio.workers.session import InferenceSession
from edgestudio.workers.session_slot import SessionSlot


class EchoProcessor:
    """A processor that answers its request doubled (session thread)."""

    def __init__(self, name: str) -> None:
        self.info = LoadedInfo(name, "test", "cpu", 0.0)
        self.closed = False

    def process(self, request: Any, cancelled: Callable[[], bool]) -> Any:
        return request * 2

    def configure(self, **settings: Any) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def failing_factory(report: Callable[[str], None]) -> EchoProcessor:
    raise ModelLoadError("The model file is damaged.")


def test_reuses_the_session_while_the_key_holds_and_replaces_it_when_it_changes(qtbot) -> None:
    wired: list[InferenceSession] = []
    slot = SessionSlot(wired.append, "test")
    try:
        _reuse_and_replace(qtbot, slot, wired)
    finally:
        slot.close()


def _reuse_and_replace(qtbot, slot: SessionSlot, wired: list[InferenceSession]) -> None:  # type: ignore[no-untyped-def]
    first, created = slot.ensure(("a", "cpu"), lambda report: EchoProcessor("a"))
    assert created and wired == [first]
    qtbot.waitUntil(lambda: first.info is not None, timeout=10_000)
    assert slot.is_ready(("a", "cpu"))
    again, created = slot.ensure(("a", "cpu"), lambda report: EchoProcessor("other"))
    assert again is first and not created
    with qtbot.waitSignal(first.result, timeout=10_000) as got:
        first.submit(21)
    assert got.args[0] == 42
    second, created = slot.ensure(("b", "cpu"), lambda report: EchoProcessor("b"))
    assert created and second is not first and wired == [first, second]
    assert not first.is_running, "the old session must be closed before the new one loads"
    qtbot.waitUntil(lambda: second.info is not None, timeout=10_000)
    slot.close()
    assert slot.session is None and not second.is_running


def test_a_failed_load_is_dropped_so_the_next_attempt_loads_again(qtbot) -> None:
    slot = SessionSlot(lambda session: None, "test")
    try:
        _drop_failed(qtbot, slot)
    finally:
        slot.close()


def _drop_failed(qtbot, slot: SessionSlot) -> None:  # type: ignore[no-untyped-def]
    broken, _ = slot.ensure("key", failing_factory)
    with qtbot.waitSignal(broken.failed, timeout=10_000) as failed:
        pass
    assert "damaged" in failed.args[0].message
    assert slot.drop_if_not_loaded()
    assert slot.session is None and not broken.is_running
    fixed, created = slot.ensure("key", lambda report: EchoProcessor("ok"))
    assert created and fixed is not broken
    qtbot.waitUntil(lambda: fixed.info is not None, timeout=10_000)
    assert not slot.drop_if_not_loaded(), "a loaded session is kept"
    slot.close()
