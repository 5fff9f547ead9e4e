"""SessionSlot: the one InferenceSession a tab holds at a time.

Every tab used to carry the same dozen lines: reuse the session while its settings (the
key: model, runtime, device, options) are unchanged, close it when they change or the tab
shuts down, and drop it when its load failed so the next attempt starts afresh. The slot
does exactly that and nothing else; the tab keeps its widgets and its signal handlers.

GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from edgestudio.workers.session import InferenceSession, ProcessorFactory


class SessionSlot:
    """Holds at most one session, keyed by the settings it was built with."""

    def __init__(self, wire: Callable[[InferenceSession], None], name: str = "session") -> None:
        """``wire`` connects a new session's signals to the tab before it loads."""
        self._wire = wire
        self._name = name
        self._session: InferenceSession | None = None
        self._key: Hashable = None

    @property
    def session(self) -> InferenceSession | None:
        return self._session

    @property
    def key(self) -> Hashable:
        return self._key

    def holds(self, key: Hashable) -> bool:
        """Whether the slot holds a session built for ``key`` (loaded or still loading)."""
        return self._session is not None and self._key == key

    def is_ready(self, key: Hashable) -> bool:
        """Whether the slot holds a loaded session built for ``key``."""
        return self.holds(key) and self._session is not None and self._session.info is not None

    def ensure(self, key: Hashable, factory: ProcessorFactory) -> tuple[InferenceSession, bool]:
        """The session for ``key``: the held one when the key matches, else a new one (the old
        one is closed first) that is wired and asked to load. Returns (session, created)."""
        if self._session is not None and self._key == key:
            return self._session, False
        self.close()
        session = InferenceSession(factory, name=self._name)
        self._wire(session)
        self._session, self._key = session, key
        session.load()
        return session, True

    def drop_if_not_loaded(self) -> bool:
        """Close the session when its load failed (call from the ``failed`` handler).

        Returns True when a session was dropped, so the next ``ensure`` loads afresh."""
        session = self._session
        if session is None or session.info is not None or session.loading:
            return False
        self.close()
        return True

    def close(self) -> None:
        """Close the held session (cancels pending work, waits for its thread) and forget it."""
        session, self._session, self._key = self._session, None, None
        if session is not None:
            session.close()
            session.deleteLater()
