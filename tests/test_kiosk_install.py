"""``edgestudio kiosk install/uninstall/reset-pin`` in real processes: the files written are
units systemd accepts, uninstall removes only its own files, and the PIN reset is root-only,
needs the typed confirmation and is recorded in the new gallery's audit log."""

from __future__ import annotations

import getpass
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from edgestudio.tasks.faces.gallery import Gallery

USER = getpass.getuser()


def edgestudio(*args: str, stdin: str = "", env: dict[str, str] | None = None, **kwargs):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "edgestudio", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def home_of(prefix: Path) -> Path:
    return prefix / Path(os.path.expanduser(f"~{USER}")).relative_to("/")


def test_install_writes_units_systemd_accepts_and_uninstall_removes_them(tmp_path: Path) -> None:
    prefix = tmp_path / "stage"
    dry = edgestudio("kiosk", "install", "--prefix", str(prefix), "--dry-run", "--exec", "/bin/true")
    assert dry.returncode == 0, dry.stderr
    assert "Would write" in dry.stdout and not prefix.exists()

    done = edgestudio(
        "kiosk", "install", "--prefix", str(prefix), "--exec", "/bin/true", "--watchdog-sec", "20"
    )
    assert done.returncode == 0, done.stderr
    unit = home_of(prefix) / ".config/systemd/user/edgestudio-kiosk.service"
    autostart = home_of(prefix) / ".config/autostart/edgestudio-kiosk.desktop"
    cage = prefix / "etc/systemd/system/edgestudio-cage.service"
    for path in (unit, autostart, cage):
        assert f"Wrote {path}" in done.stdout
    text = unit.read_text()
    for line in ("Type=notify", "WatchdogSec=20", "Restart=always", "ExecStart=/bin/true gui --kiosk"):
        assert line in text.splitlines()
    cage_text = cage.read_text()
    assert "NotifyAccess=all" in cage_text and f"User={USER}" in cage_text
    assert "ExecStart=/usr/bin/cage -d -- /bin/true gui --kiosk" in cage_text
    # The face gallery's device key reaches the service through systemd, never as a root app.
    sealed = "/etc/credstore.encrypted/edgestudio-gallery-key"
    assert f"LoadCredentialEncrypted=edgestudio-gallery-key:{sealed}" in cage_text.splitlines()
    assert "kiosk device-key" in done.stdout
    assert "Exec=systemctl --user start edgestudio-kiosk.service" in autostart.read_text()

    if shutil.which("systemd-analyze"):
        checked = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        checked = subprocess.run(["systemd-analyze", "verify", str(cage)], capture_output=True, text=True)
        problems = [line for line in checked.stderr.splitlines() if "/usr/bin/cage" not in line]
        assert problems == [], "the cage unit has errors besides cage not being installed here"

    foreign = cage.with_name("edgestudio-cage.service")
    removed = edgestudio("kiosk", "uninstall", "--prefix", str(prefix))
    assert removed.returncode == 0 and not unit.exists() and not autostart.exists() and not cage.exists()
    foreign.write_text("[Service]\nExecStart=/bin/true\n")
    kept = edgestudio("kiosk", "uninstall", "--prefix", str(prefix))
    assert "Kept" in kept.stdout and foreign.exists(), "a file we did not write is never removed"


def make_gallery(data_dir: Path) -> None:
    gallery = Gallery(data_dir / "faces.db")
    gallery.set_pin("amber-falcon-2468")
    gallery.enroll("Ada", np.ones((1, 128), np.float32), photos=[b"\xff\xd8ada-photo"])
    gallery.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="the reset needs root; CI runs as root")
def test_reset_pin_needs_the_typed_confirmation_and_erases_the_gallery(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    make_gallery(data)
    refused = edgestudio("kiosk", "reset-pin", "--data-dir", str(data), stdin="yes\n")
    assert refused.returncode == 1 and "Nothing was changed" in refused.stdout
    assert Gallery(data / "faces.db").has_pin

    reset = edgestudio("kiosk", "reset-pin", "--data-dir", str(data), stdin="ERASE\n")
    assert reset.returncode == 0, reset.stderr
    gallery = Gallery(data / "faces.db")
    assert not gallery.has_pin and gallery.people() == []
    entries = gallery.audit_entries()
    assert [e.action for e in entries] == ["pin-reset"] and "reset-pin" in entries[0].subject
    gallery.close()
    assert b"ada-photo" not in (data / "faces.db").read_bytes()


def test_reset_pin_is_refused_to_other_users(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.cli import main

    data = tmp_path / "data"
    data.mkdir()
    make_gallery(data)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)  # an ordinary user
    monkeypatch.setattr("sys.stdin", io.StringIO("ERASE\n"))
    assert main(["kiosk", "reset-pin", "--data-dir", str(data)]) == 2
    assert "Only root can reset the admin PIN" in capsys.readouterr().err
    assert Gallery(data / "faces.db").has_pin
