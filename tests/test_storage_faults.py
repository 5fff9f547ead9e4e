"""Storage faults on real file systems: a read-only tmpfs and a tiny tmpfs that fills up.

Mounting needs root (CI runs as root); elsewhere these tests are skipped with the reason.
Every command and the GUI start give a clear message and no traceback, no intact database
is ever called damaged (a really corrupt file is), and no partial files are left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from edgestudio.core.errors import StorageDamagedError, StorageError, StorageFullError, StorageReadOnlyError
from edgestudio.core.storage import Database, probe_storage
from edgestudio.tasks.chat.history import ChatHistory, Message
from edgestudio.tasks.faces.gallery import Gallery

PIN = "amber-falcon-2468"
MIGRATIONS = ["CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB NOT NULL)"]


def _mount(target: Path, options: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'mount failed'}); CI runs as root")


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextlib.contextmanager
def tmpfs(target: Path, size: str, read_only: bool = False) -> Iterator[Path]:
    _mount(target, f"size={size},mode=0755" + (",ro" if read_only else ""))
    try:
        yield target
    finally:
        _umount(target)


def remount_read_only(target: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of ``folder`` up, then free ``leave`` bytes of it."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


def partial_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith((".part", ".tmp")) or ".write-probe-" in p.name]


@pytest.fixture
def ro_mount(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "ro", "1m", read_only=True) as target:
        yield target


@pytest.fixture
def tiny_mount(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "tiny", "2m") as target:
        yield target


# -- the storage probe and the Database ------------------------------------------------------
def test_probe_tells_read_only_full_and_writable_apart(
    ro_mount: Path, tiny_mount: Path, tmp_path: Path
) -> None:
    assert probe_storage(ro_mount / "EdgeStudio").status == "read-only"
    assert probe_storage(tmp_path / "fine").status == "writable"
    fill(tiny_mount)
    full = probe_storage(tiny_mount / "data")
    assert full.status == "full"
    assert "full" in full.message() and "nothing is saved" in full.message()


def test_full_disk_during_a_write_says_nothing_changed_and_keeps_the_database(tiny_mount: Path) -> None:
    db = Database(tiny_mount / "notes.db", MIGRATIONS)
    with db.transaction() as conn:
        conn.execute("INSERT INTO notes (body) VALUES (?)", (b"kept",))
    fill(tiny_mount, leave=48 * 1024)
    with pytest.raises(StorageFullError, match="nothing was changed") as caught, db.transaction() as conn:
        for _ in range(20):
            conn.execute("INSERT INTO notes (body) VALUES (?)", (os.urandom(16 * 1024),))
    assert "rollback" not in str(caught.value).lower()
    assert not db.conn.in_transaction
    assert [bytes(r[0]) for r in db.conn.execute("SELECT body FROM notes")] == [b"kept"]
    assert db.integrity_ok()
    db.close()


def test_a_corrupt_file_is_called_damaged_and_a_read_only_one_is_not(tmp_path: Path, ro_mount: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(os.urandom(8192))
    with pytest.raises(StorageDamagedError, match="damaged"):
        Database(bad, MIGRATIONS)
    with pytest.raises(StorageReadOnlyError, match="nothing was changed") as caught:
        Database(ro_mount / "new.db", MIGRATIONS)
    assert "damaged" not in str(caught.value)


def test_a_new_database_that_cannot_be_set_up_leaves_no_file(tiny_mount: Path) -> None:
    fill(tiny_mount, leave=2048)
    with pytest.raises(StorageFullError):
        Database(tiny_mount / "fresh.db", MIGRATIONS)
    assert not list(tiny_mount.glob("fresh.db*"))


# -- the face gallery ------------------------------------------------------------------------
def _seed_gallery(path: Path) -> None:
    gallery = Gallery(path)
    gallery.set_pin(PIN)
    gallery.enroll("Ada", np.random.default_rng(1).normal(size=(2, 128)).astype(np.float32), [b"photo"])
    gallery.close()


def test_intact_gallery_on_a_read_only_disk_is_listed_not_called_damaged(tmp_path: Path) -> None:
    target = tmp_path / "galleryfs"
    with tmpfs(target, "2m"):
        _seed_gallery(target / "faces.db")
        remount_read_only(target)
        gallery = Gallery(target / "faces.db")
        gallery.unlock(PIN)
        assert [p.name for p in gallery.people()] == ["Ada"]
        assert not gallery.writable
        with pytest.raises(StorageReadOnlyError, match="nothing was changed"):
            gallery.enroll("Bob", np.ones((1, 128), np.float32))
        assert gallery.log("recognize", "Ada") is False
        gallery.close()


def test_enrolling_on_a_full_disk_says_so_and_keeps_everyone(tiny_mount: Path) -> None:
    path = tiny_mount / "faces.db"
    _seed_gallery(path)
    gallery = Gallery(path)
    gallery.unlock(PIN)
    fill(tiny_mount, leave=48 * 1024)
    photos = [os.urandom(30_000) for _ in range(5)]
    with pytest.raises(StorageFullError, match="nothing was changed"):
        gallery.enroll("Bob", np.ones((5, 128), np.float32), photos, "consent")
    assert [p.name for p in gallery.people()] == ["Ada"]
    gallery.close()
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- chat and transcript history keep working, unsaved ---------------------------------------
def test_chat_history_on_a_read_only_disk_works_in_memory_and_says_so(ro_mount: Path) -> None:
    history = ChatHistory(ro_mount / "chat.db")
    assert not history.saved and isinstance(history.problem, StorageReadOnlyError)
    conv = history.create("Hello")
    history.add_message(conv.id, Message("user", "hi"))
    assert [m.content for m in history.messages(conv.id)] == ["hi"]
    history.close()


def test_chat_message_on_a_disk_that_fills_up_moves_to_memory_without_changing_the_file(
    tiny_mount: Path,
) -> None:
    path = tiny_mount / "chat.db"
    history = ChatHistory(path)
    conv = history.create("Kept")
    history.add_message(conv.id, Message("user", "saved before the disk filled"))
    fill(tiny_mount, leave=16 * 1024)
    history.add_message(conv.id, Message("assistant", "x" * 200_000))
    assert not history.saved and isinstance(history.problem, StorageFullError)
    assert len(history.messages(conv.id)) == 2
    history.close()
    on_disk = sqlite3.connect(path)
    assert on_disk.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 1
    assert on_disk.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- every command, as a user runs it --------------------------------------------------------
def _run(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "edgestudio", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDGESTUDIO_", "XDG_"))}
    env["HOME"] = str(tmp_path / "home")
    env.update(extra)
    return env


@pytest.mark.parametrize("layout", ["xdg", "home"])
def test_every_command_on_a_read_only_data_folder_says_so_without_a_traceback(
    ro_mount: Path, tmp_path: Path, bus_jpg: Path, layout: str
) -> None:
    from tests import speech_media

    extra = {"XDG_DATA_HOME": str(ro_mount)} if layout == "xdg" else {"EDGESTUDIO_HOME": str(ro_mount)}
    env = _env(tmp_path, EDGESTUDIO_FACES_PIN=PIN, **extra)
    readings = speech_media.librivox()
    speech = readings[0][0] if readings else None
    commands = [
        ["models", "list"],
        ["detect", str(bus_jpg)],
        ["faces", "list"],
        ["faces", "enroll", "Ada", str(bus_jpg)],
        ["chat", "--prompt", "Say hi.", "--max-tokens", "4"],
        ["doctor"],
    ]
    if speech is not None:
        commands.append(["transcribe", str(speech)])
    for command in commands:
        done = _run(command, env)
        output = done.stdout + done.stderr
        assert "Traceback" not in output, (command, output[-2000:])
        assert "read-only" in done.stderr, (command, done.stderr[-800:])
        assert "damaged" not in output, command
        if command[:2] in (["faces", "list"], ["faces", "enroll"]):
            assert done.returncode != 0 and "nothing was changed" in done.stderr, (command, done.stderr)
        else:
            assert done.returncode == 0, (command, output[-2000:])
    assert not partial_files(ro_mount)


def test_faces_enroll_on_a_full_disk_is_clear_and_leaves_no_partial_files(
    tiny_mount: Path, tmp_path: Path
) -> None:
    from tests import face_media

    photo = tmp_path / "eileen.png"
    import cv2

    cv2.imwrite(str(photo), face_media.eileen())
    env = _env(tmp_path, EDGESTUDIO_HOME=str(tiny_mount / "es"), EDGESTUDIO_FACES_PIN=PIN)
    assert _run(["faces", "list"], env).returncode == 0  # creates the gallery and its PIN
    fill(tiny_mount, leave=48 * 1024)
    done = _run(["faces", "enroll", "Eileen", str(photo)], env)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "rollback" not in done.stderr
    assert "full" in done.stderr and "nothing was changed" in done.stderr
    assert "damaged" not in done.stderr
    assert not partial_files(tiny_mount)


# -- the GUI ---------------------------------------------------------------------------------
def test_gui_starts_with_a_read_only_data_folder_and_shows_the_banner(
    qtbot, ro_mount: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QLabel

    from edgestudio.context import AppContext
    from edgestudio.core.paths import AppPaths
    from edgestudio.ui.main_window import MainWindow
    from edgestudio.ui.widgets.storage_banner import StorageBanner, show_storage_state

    monkeypatch.delenv("EDGESTUDIO_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(ro_mount))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    ctx = AppContext.create(AppPaths.default())
    assert ctx.storage.status == "read-only"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    banner = show_storage_state(window, ctx.storage)
    window.show()
    assert isinstance(banner, StorageBanner) and banner.isVisible()
    assert "read-only" in banner.label.text() and "Nothing is saved" in banner.label.text()
    note = window.statusBar().findChild(QLabel, "storage-status")
    assert note is not None and "read-only" in note.text()
    assert not window.chat_tab.history.saved
    window.shutdown()


# -- damaged files -----------------------------------------------------------------------------
def _corrupt(path: Path) -> bytes:
    data = os.urandom(16384)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def test_a_damaged_gallery_opens_empty_and_read_only_and_the_file_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "faces.db"
    data = _corrupt(path)
    gallery = Gallery(path)
    assert gallery.damaged and isinstance(gallery.problem, StorageDamagedError)
    assert not gallery.writable and not gallery.has_pin and gallery.people() == []
    with pytest.raises(StorageDamagedError, match="damaged; nothing was changed"):
        gallery.set_pin(PIN)
    gallery.close()
    assert path.read_bytes() == data and sorted(p.name for p in tmp_path.iterdir()) == ["faces.db"]


def test_set_aside_renames_the_database_with_its_side_files(tmp_path: Path) -> None:
    from edgestudio.core.storage import set_aside

    path = tmp_path / "chat.db"
    contents = {suffix: os.urandom(100) for suffix in ("", "-wal", "-shm")}
    for suffix, data in contents.items():
        Path(f"{path}{suffix}").write_bytes(data)
    kept = set_aside(path)
    assert kept.name.startswith("chat.db.damaged-") and not path.exists()
    for suffix, data in contents.items():
        assert Path(f"{kept}{suffix}").read_bytes() == data
    path.write_bytes(b"again")
    second = set_aside(path)  # the same second: a new name, nothing overwritten
    assert second != kept and kept.read_bytes() == contents[""] and second.read_bytes() == b"again"


def test_a_damaged_gallery_is_set_aside_and_a_new_one_started_with_an_audit_entry(tmp_path: Path) -> None:
    from edgestudio.tasks.faces.gallery import start_new_gallery

    path = tmp_path / "faces.db"
    data = _corrupt(path)
    gallery, kept = start_new_gallery(Gallery(path))
    assert kept.read_bytes() == data and kept.name.startswith("faces.db.damaged-")
    assert not gallery.damaged and gallery.writable and not gallery.has_pin
    entries = gallery.audit_entries()
    assert [e.action for e in entries] == ["gallery-started"] and kept.name in entries[0].detail
    gallery.set_pin(PIN)
    gallery.close()
    _seed = Gallery(path)
    with pytest.raises(StorageError, match="not damaged"):
        start_new_gallery(_seed)  # an intact gallery is never set aside
    _seed.close()
    assert path.exists()


def test_a_damaged_chat_history_is_set_aside_and_chat_works(tmp_path: Path) -> None:
    path = tmp_path / "chat.db"
    data = _corrupt(path)
    history = ChatHistory(path)
    assert history.saved and history.problem is None
    kept = history.db.set_aside_as
    assert kept is not None and kept.read_bytes() == data and kept.name in history.db.notice
    conversation = history.create("after the damage")
    history.add_message(conversation.id, Message("user", "hello"))
    history.db.close()
    again = ChatHistory(path)
    assert [m.content for m in again.messages(conversation.id)] == ["hello"] and again.db.set_aside_as is None
    again.db.close()


def test_gui_with_a_damaged_gallery_opens_and_offers_to_start_a_new_one(
    qtbot, ctx, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from edgestudio.ui.faces_tab import DAMAGED_PAGE, GATE_PAGE
    from edgestudio.ui.main_window import MainWindow

    gallery_path = ctx.paths.data_dir / "faces.db"
    data = _corrupt(gallery_path)
    _corrupt(ctx.paths.data_dir / "chat.db")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    faces = window.faces_tab
    assert faces.stack.currentIndex() == DAMAGED_PAGE
    assert str(gallery_path) in faces.damaged_page.explain.text()
    assert any("chat.db was damaged" in w for w in ctx.warnings)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    faces.damaged_page.button.click()
    assert faces.stack.currentIndex() == DAMAGED_PAGE and gallery_path.read_bytes() == data
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    faces.damaged_page.button.click()
    kept = list(gallery_path.parent.glob("faces.db.damaged-*"))
    assert [k.read_bytes() for k in kept] == [data]
    assert faces.stack.currentIndex() == GATE_PAGE and not faces.gallery.has_pin
    faces.gate.pin.setText(PIN)
    faces.gate.repeat.setText(PIN)
    faces.gate.button.click()
    assert faces.stack.currentIndex() == 1 and faces.gallery.has_pin
    assert [e.action for e in faces.gallery.audit_entries()][:2] == ["gallery-started", "pin-set"]
    window.shutdown()


def test_gui_never_shows_an_intact_gallery_as_damaged(qtbot, ctx) -> None:
    from edgestudio.ui.faces_tab import GATE_PAGE, FacesTab

    _seed_gallery(ctx.paths.data_dir / "faces.db")
    tab = FacesTab(ctx)
    qtbot.addWidget(tab)
    assert tab.stack.currentIndex() == GATE_PAGE and not tab.gallery.damaged
    tab.shutdown()


def test_cli_says_the_gallery_is_damaged_and_sets_it_aside_with_yes(ctx) -> None:
    env = {**os.environ, "EDGESTUDIO_FACES_PIN": PIN}  # ctx set EDGESTUDIO_HOME
    run = [sys.executable, "-m", "edgestudio"]
    gallery_path = ctx.paths.data_dir / "faces.db"
    data = _corrupt(gallery_path)
    listed = subprocess.run([*run, "faces", "list"], env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode != 0 and "Traceback" not in listed.stderr
    assert "damaged" in listed.stderr and "faces reset --set-aside-damaged" in listed.stderr
    unconfirmed = subprocess.run(
        [*run, "faces", "reset", "--set-aside-damaged"], env=env, capture_output=True, text=True, timeout=120
    )
    assert unconfirmed.returncode != 0 and "--yes" in unconfirmed.stderr and gallery_path.read_bytes() == data
    reset = subprocess.run(
        [*run, "faces", "reset", "--set-aside-damaged", "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert reset.returncode == 0, reset.stderr
    assert [k.read_bytes() for k in gallery_path.parent.glob("faces.db.damaged-*")] == [data]
    listed = subprocess.run([*run, "faces", "list"], env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    again = subprocess.run(
        [*run, "faces", "reset", "--set-aside-damaged", "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode != 0 and "not damaged" in again.stderr
