"""Rate limiting of admin PIN attempts: a growing delay after each wrong PIN and a lockout
after a few, persisted to disk so that restarting the app does not reset them.

Qt-free; used from one thread at a time (the GUI thread in the kiosk, the main thread in
the CLI). The state file is tiny JSON written atomically, so a kill mid-write keeps the
previous state.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from edgestudio.core.atomic import atomic_write_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PinPolicy:
    """How hard wrong PINs are punished.

    After the n-th wrong PIN in a row the next attempt waits ``base_delay_s * 2**(n-1)``
    seconds; the ``max_failures``-th wrong PIN locks attempts out for ``lockout_s``, doubled
    for every lockout in a row since the last right PIN, at most ``max_lockout_s``.
    """

    base_delay_s: float = 1.0
    max_failures: int = 5
    lockout_s: float = 300.0
    max_lockout_s: float = 3600.0


@dataclass
class _GuardState:
    failures: int = 0  # wrong PINs in a row since the last lockout or right PIN
    lockouts: int = 0  # lockouts in a row since the last right PIN
    not_before: float = 0.0  # wall-clock time before which no attempt is taken


@dataclass(frozen=True)
class GuardStatus:
    """What the PIN screen shows: how long to wait and whether that wait is a lockout."""

    wait_s: float
    locked_out: bool
    failures: int

    @property
    def may_try(self) -> bool:
        return self.wait_s <= 0


class PinRateLimiter:
    """Counts wrong PINs and says when the next attempt may be made.

    ``clock`` returns wall-clock seconds (``time.time``): the delay must survive a restart,
    which a monotonic clock does not.
    """

    def __init__(
        self, state_file: Path, policy: PinPolicy | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self.state_file = state_file
        self.policy = policy or PinPolicy()
        self._clock = clock
        self._state = self._read()

    def _read(self) -> _GuardState:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            return _GuardState(int(data["failures"]), int(data["lockouts"]), float(data["not_before"]))
        except FileNotFoundError:
            return _GuardState()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # A damaged file must not open the door: treat it as one full lockout.
            log.warning("PIN guard state %s unreadable (%s); locking out once", self.state_file, exc)
            state = _GuardState(0, 1, self._clock() + self.policy.lockout_s)
            self._state = state
            self._write()
            return state

    def _write(self) -> None:
        atomic_write_text(self.state_file, json.dumps(asdict(self._state)))

    def status(self) -> GuardStatus:
        """The current wait; called before every attempt and by the screen's countdown."""
        wait = max(0.0, self._state.not_before - self._clock())
        locked = wait > 0 and self._state.failures == 0 and self._state.lockouts > 0
        return GuardStatus(wait, locked, self._state.failures)

    def record_failure(self) -> GuardStatus:
        """A wrong PIN: grow the delay, or lock out after ``max_failures`` in a row."""
        state, policy = self._state, self.policy
        state.failures += 1
        if state.failures >= policy.max_failures:
            state.lockouts += 1
            state.failures = 0
            wait = min(policy.lockout_s * 2 ** (state.lockouts - 1), policy.max_lockout_s)
        else:
            wait = policy.base_delay_s * 2 ** (state.failures - 1)
        state.not_before = self._clock() + wait
        self._write()
        return self.status()

    def record_success(self) -> None:
        """The right PIN: forget every earlier failure."""
        self._state = _GuardState()
        self._write()

    def reset(self) -> None:
        """Forget everything (used by the root-only PIN reset)."""
        self.record_success()
