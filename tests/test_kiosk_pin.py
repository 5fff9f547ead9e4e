"""The admin PIN: the face gallery's PIN, rate-limited with a growing delay and a lockout that
survive a restart, every attempt in the gallery's audit log; and the root-only reset."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from edgestudio.core.pin_guard import PinPolicy, PinRateLimiter
from edgestudio.tasks.faces.admin_pin import GUARD_FILE, AdminPin, erase_gallery_and_pin
from edgestudio.tasks.faces.gallery import Gallery


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_delay_grows_then_locks_out_and_persists_across_restarts(tmp_path: Path) -> None:
    clock = Clock()
    policy = PinPolicy(base_delay_s=1, max_failures=4, lockout_s=60, max_lockout_s=100)
    limiter = PinRateLimiter(tmp_path / "guard.json", policy, clock)
    assert limiter.status().may_try
    waits = [limiter.record_failure().wait_s for _ in range(3)]
    assert waits == [1, 2, 4]
    status = limiter.record_failure()
    assert status.locked_out and status.wait_s == 60
    # A restart (a new limiter on the same file) keeps the lockout.
    clock.now += 30
    restarted = PinRateLimiter(tmp_path / "guard.json", policy, clock)
    assert restarted.status().locked_out and restarted.status().wait_s == 30
    # The next lockout in a row doubles, capped.
    clock.now += 30
    for _ in range(4):
        status = restarted.record_failure()
        clock.now += status.wait_s if not status.locked_out else 0
    assert status.locked_out and status.wait_s == 100
    restarted.record_success()
    assert PinRateLimiter(tmp_path / "guard.json", policy, clock).status().may_try


def test_damaged_state_file_locks_out_instead_of_opening(tmp_path: Path) -> None:
    (tmp_path / "guard.json").write_text("{not json")
    clock = Clock()
    limiter = PinRateLimiter(tmp_path / "guard.json", PinPolicy(lockout_s=300), clock)
    assert limiter.status().locked_out and limiter.status().wait_s == 300


def test_admin_pin_is_the_gallery_pin_and_every_attempt_is_audited(tmp_path: Path) -> None:
    gallery = Gallery(tmp_path / "faces.db")
    gallery.set_pin("amber-falcon-2468")
    gallery.enroll("Ada", np.ones((1, 128), np.float32))
    gallery.close()

    admin = AdminPin(tmp_path, PinPolicy(base_delay_s=0.2, max_failures=3, lockout_s=600))
    assert admin.has_pin
    wrong = admin.check("1111")
    assert not wrong.accepted and "Wrong PIN" in wrong.message
    refused = admin.check("amber-falcon-2468")  # still inside the delay: not even checked
    assert not refused.accepted and "wait" in refused.message.lower()
    admin.limiter._state.not_before = 0  # the delay has passed
    assert admin.check("amber-falcon-2468").accepted
    assert not admin.gallery.unlocked, "checking the PIN must not leave the gallery unlocked"
    for _ in range(3):
        admin.limiter._state.not_before = 0
        result = admin.check("0000")
    assert result.status.locked_out and "locked" in result.message
    admin.close()

    # Restart: still locked out; the right PIN is refused until the lockout ends.
    again = AdminPin(tmp_path)
    assert again.status().locked_out
    assert not again.check("amber-falcon-2468").accepted
    actions = [e.action for e in again.gallery.audit_entries()]
    assert actions.count("admin-pin-wrong") == 4
    assert actions.count("admin-pin-refused") == 2
    assert actions.count("admin-pin-accepted") == 1
    assert again.gallery.verify_audit() is None
    again.close()


def test_first_pin_set_from_the_kiosk_protects_the_gallery(tmp_path: Path) -> None:
    admin = AdminPin(tmp_path)
    assert not admin.has_pin
    admin.set_pin("quiet-river-1357")
    admin.close()
    gallery = Gallery(tmp_path / "faces.db")
    gallery.unlock("quiet-river-1357")  # the same secret
    gallery.close()


def test_reset_erases_the_gallery_and_records_it(tmp_path: Path) -> None:
    gallery = Gallery(tmp_path / "faces.db")
    gallery.set_pin("amber-falcon-2468")
    gallery.enroll("Ada", np.ones((2, 128), np.float32), photos=[b"\xff\xd8secret-photo"])
    gallery.close()
    (tmp_path / GUARD_FILE).write_text(json.dumps({"failures": 0, "lockouts": 3, "not_before": 9e12}))

    erase_gallery_and_pin(tmp_path, "root via kiosk reset-pin")

    fresh = Gallery(tmp_path / "faces.db")
    assert not fresh.has_pin and fresh.people() == []
    entries = fresh.audit_entries()
    assert [e.action for e in entries] == ["pin-reset"]
    assert entries[0].subject == "root via kiosk reset-pin"
    fresh.close()
    assert b"secret-photo" not in (tmp_path / "faces.db").read_bytes()
    assert AdminPin(tmp_path).status().may_try  # the lockout went with the old PIN


def test_a_fresh_gallery_cannot_be_claimed_from_a_kiosk_screen(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """The Faces tab is one of a kiosk's default tabs: on a kiosk without an admin PIN it
    offers neither choosing one nor importing a gallery under a new one, and says how the
    administrator sets it; outside kiosk mode the first PIN is chosen there as before."""
    from edgestudio.ui.main_window import MainWindow
    from edgestudio.ui.tab_protocol import set_admin_controls_visible

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    try:
        set_admin_controls_visible(window, False)  # what kiosk mode does
        window.tabs.setCurrentWidget(window.faces_tab)
        gate = window.faces_tab.gate
        qtbot.waitUntil(gate.isVisible, timeout=10_000)
        assert not gate.button.isVisible() and not gate.import_button.isVisible() and not gate.pin.isVisible()
        assert "kiosk set-pin" in gate.explain.text()
        set_admin_controls_visible(window, True)  # the administrator left kiosk mode
        window.tabs.setCurrentWidget(window.detect_tab)
        window.tabs.setCurrentWidget(window.faces_tab)
        assert gate.button.isVisible() and gate.import_button.isVisible() and gate.pin.isVisible()
    finally:
        window.shutdown()
