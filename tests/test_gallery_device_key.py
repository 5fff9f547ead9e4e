"""The face gallery bound to its device (issue 22): the device key sealed for real with
``systemd-creds`` under a host key of the test's own (``SYSTEMD_CREDENTIAL_SECRET``) and under
a software TPM2 (swtpm); a copied gallery under another host key refuses the right PIN and
says why; the export for a move and its import into a fresh data folder; the upgrade of a
version-1 gallery, including a kill -9 of a real child process in the middle of it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from edgestudio.core.device_key import (
    CREDENTIAL_NAME,
    DeviceKey,
    DeviceKeyError,
    DeviceKeyState,
    DeviceKeyStore,
)
from edgestudio.tasks.faces.crypto import Cipher, KdfParams, WrongPin, derive_key, new_params
from edgestudio.tasks.faces.gallery import Gallery
from edgestudio.tasks.faces.gallery_export import export_gallery, import_gallery
from edgestudio.tasks.faces.gallery_keys import BoundElsewhere
from edgestudio.tasks.faces.pin_policy import WeakPin

PIN = "482916"
BOUND = "bound to another device; restore it from an export"
needs_creds = pytest.mark.skipif(
    shutil.which("systemd-creds") is None or os.geteuid() != 0,
    reason="sealing with the host key needs systemd-creds (systemd >= 250) and root; CI runs as root",
)


def host_key(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A host key of this test's own, used by every systemd-creds call from now on."""
    secret = folder / "credential.secret"
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SYSTEMD_CREDENTIAL_SECRET": str(secret)}
    subprocess.run(["systemd-creds", "setup"], env=env, check=True, capture_output=True)
    monkeypatch.setenv("SYSTEMD_CREDENTIAL_SECRET", str(secret))
    return secret


def device(seed: bytes = b"a") -> DeviceKeyState:
    return DeviceKeyState(DeviceKey(seed * 32, f"test key {seed!r}"))


def enroll_ada(gallery: Gallery) -> None:
    gallery.enroll("Ada", np.arange(256, dtype=np.float32).reshape(2, 128), photos=[b"\xff\xd8ada-photo"])


@needs_creds
def test_host_key_seals_the_device_key_and_a_copy_under_another_host_key_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host_key(tmp_path / "machine-a", monkeypatch)
    store = DeviceKeyStore(tmp_path / "machine-a" / "credstore" / CREDENTIAL_NAME)
    sealed = store.seal_new("auto")  # what kiosk install uses: TPM2 + host key, else the host key
    assert store.sealed_file.stat().st_mode & 0o777 == 0o600
    assert sealed.secret not in store.sealed_file.read_bytes()
    state = store.load()
    assert state.key is not None and state.key.secret == sealed.secret, state.reason
    with pytest.raises(DeviceKeyError, match="already sealed"):
        store.seal_new("host")

    data = tmp_path / "data"
    data.mkdir()
    gallery = Gallery(data / "faces.db", device=state)
    gallery.set_pin(PIN)
    enroll_ada(gallery)
    assert gallery.binding == "device"
    gallery.close()
    again = Gallery(data / "faces.db", device=store.load())
    again.unlock(PIN)
    assert again.photos(again.find("Ada").id) == [b"\xff\xd8ada-photo"]
    again.close()

    # The stolen card: the data folder and the sealed key copied to a machine with another host key.
    stolen = tmp_path / "stolen"
    shutil.copytree(data, stolen / "data")
    shutil.copy(store.sealed_file, stolen / CREDENTIAL_NAME)
    host_key(tmp_path / "machine-b", monkeypatch)
    there = DeviceKeyStore(stolen / CREDENTIAL_NAME).load()
    assert there.key is None and "cannot be unsealed here" in there.reason
    copy = Gallery(stolen / "data" / "faces.db", device=there)
    with pytest.raises(BoundElsewhere) as refused:
        copy.unlock(PIN)
    assert BOUND in refused.value.message and "no device key here" in refused.value.hint.lower()
    # Machine B's own device key is another key: the same message.
    other = DeviceKeyStore(tmp_path / "machine-b" / CREDENTIAL_NAME)
    other.seal_new("host")
    copy.device = other.load()
    with pytest.raises(BoundElsewhere, match="bound to another device"):
        copy.unlock(PIN)
    assert not copy.unlocked
    copy.close()


def test_the_service_credential_is_read_from_credentials_directory(tmp_path: Path) -> None:
    """What LoadCredentialEncrypted= hands the service: the plain key in $CREDENTIALS_DIRECTORY,
    readable by the service's user; it wins over the sealed file."""
    handed = tmp_path / "credentials"
    handed.mkdir()
    (handed / CREDENTIAL_NAME).write_bytes(b"k" * 32)
    store = DeviceKeyStore.from_environment(tmp_path / "absent", {"CREDENTIALS_DIRECTORY": str(handed)})
    state = store.load()
    assert state.key is not None and state.key.secret == b"k" * 32
    (handed / CREDENTIAL_NAME).write_bytes(b"short")
    assert "not a device key" in store.load().reason
    none = DeviceKeyStore.from_environment(tmp_path / "absent", {}).load()
    assert none.key is None and "no device key has been sealed" in none.reason


class SoftwareTpm:
    """A swtpm process speaking the TPM2 protocol on a Unix socket (state in its own folder)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True)
        self.socket = folder / "tpm.sock"
        self.process = subprocess.Popen(
            [
                "swtpm", "socket", "--tpm2", "--tpmstate", f"dir={folder}",
                "--server", f"type=unixio,path={self.socket}",
                "--ctrl", f"type=unixio,path={self.socket}.ctrl",
                "--flags", "not-need-init,startup-clear",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not Path(f"{self.socket}.ctrl").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"swtpm did not start: {self.process.stderr.read() if self.process.stderr else ''}"
                )
            time.sleep(0.05)

    @property
    def device(self) -> str:
        return f"swtpm:path={self.socket}"

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


def clear_tpm(device: str) -> None:
    """With tpm2-pytss: check the TPM answers (PCR 7, the Secure Boot state systemd-creds binds
    to by default, reads as zeros on a software TPM) and clear it through the lockout hierarchy."""
    tpm2_pytss = pytest.importorskip("tpm2_pytss", reason="tpm2-pytss is installed by the dev extra")
    from tpm2_pytss.constants import ESYS_TR

    with tpm2_pytss.ESAPI(device) as tpm:
        _, _, digests = tpm.pcr_read(tpm2_pytss.TPML_PCR_SELECTION.parse("sha256:7"))
        assert bytes(digests[0]) == bytes(32)
        tpm.clear(ESYS_TR.LOCKOUT)


@needs_creds
@pytest.mark.skipif(shutil.which("swtpm") is None, reason="needs swtpm (apt install swtpm swtpm-tools)")
@pytest.mark.skipif(
    shutil.which("tpm2_getrandom") is None, reason="needs tpm2-tools (apt install tpm2-tools)"
)
def test_tpm2_seals_the_device_key_on_a_software_tpm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    host_key(tmp_path / "host", monkeypatch)
    tpm = SoftwareTpm(tmp_path / "tpm-a")
    try:
        # tpm2-tools talks to the same TPM: it answers as a TPM2.
        random = subprocess.run(
            ["tpm2_getrandom", "--hex", "8"],
            env={**os.environ, "TPM2TOOLS_TCTI": tpm.device},
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert random.returncode == 0 and len(random.stdout.strip()) == 16, random.stderr
        monkeypatch.setenv("SYSTEMD_TPM2_DEVICE", tpm.device)
        store = DeviceKeyStore(tmp_path / "credstore" / CREDENTIAL_NAME)
        sealed = store.seal_new("host+tpm2", tpm.device)
        assert store.unseal().secret == sealed.secret
        gallery = Gallery(tmp_path / "faces.db", device=store.load())
        gallery.set_pin(PIN)
        enroll_ada(gallery)
        gallery.close()
        clear_tpm(tpm.device)
        # A cleared TPM (new owner seed, as after a reset in the firmware) cannot unseal it.
        with pytest.raises(DeviceKeyError, match="cannot be unsealed here"):
            store.unseal()
    finally:
        tpm.stop()
    # The same host key with another TPM (the disk moved to another board) cannot unseal it.
    other = SoftwareTpm(tmp_path / "tpm-b")
    try:
        monkeypatch.setenv("SYSTEMD_TPM2_DEVICE", other.device)
        with pytest.raises(DeviceKeyError, match="cannot be unsealed here"):
            store.unseal()
        gallery = Gallery(tmp_path / "faces.db", device=store.load())
        with pytest.raises(BoundElsewhere, match="bound to another device"):
            gallery.unlock(PIN)
        gallery.close()
    finally:
        other.stop()


def test_export_and_import_on_a_fresh_data_folder(tmp_path: Path) -> None:
    old = Gallery(tmp_path / "old" / "faces.db", device=device(b"a"))
    old.set_pin(PIN)
    enroll_ada(old)
    with pytest.raises(WeakPin, match="at least 12 characters"):
        export_gallery(old, tmp_path / "move.edgestudio", "short pass")
    summary = export_gallery(old, tmp_path / "move.edgestudio")  # a generated recovery code
    assert summary.people == 1 and len(summary.recovery_code) == 29
    raw = (tmp_path / "move.edgestudio").read_bytes()
    assert b"Ada" not in raw and b"ada-photo" not in raw, "the export must be encrypted whole"
    assert [e.action for e in old.audit_entries()][-1] == "export-for-move"
    old.close()

    fresh = tmp_path / "new"
    fresh.mkdir()
    new_device = device(b"b")
    with pytest.raises(WrongPin, match="cannot be opened with this passphrase"):
        import_gallery(
            tmp_path / "move.edgestudio", "WRONG-CODE-1234567", fresh / "faces.db", "715903", new_device
        )
    with pytest.raises(WeakPin, match="run of consecutive digits"):
        import_gallery(
            tmp_path / "move.edgestudio", summary.recovery_code, fresh / "faces.db", "123456", new_device
        )
    assert not (fresh / "faces.db").exists(), "a refused import changes nothing"
    typed = summary.recovery_code.replace("-", " ").lower()  # typed loosely
    assert import_gallery(tmp_path / "move.edgestudio", typed, fresh / "faces.db", "715903", new_device) == 1
    gallery = Gallery(fresh / "faces.db", device=new_device)
    gallery.unlock("715903")
    assert gallery.binding == "device"
    assert gallery.photos(gallery.find("Ada").id) == [b"\xff\xd8ada-photo"]
    assert len(gallery.templates_of(gallery.find("Ada").id)) == 2
    assert [e.action for e in gallery.audit_entries()] == ["pin-set", "enroll", "import"]
    assert gallery.verify_audit() is None
    gallery.close()
    # The old device's key does not open the imported gallery; a second import is refused.
    with pytest.raises(BoundElsewhere):
        Gallery(fresh / "faces.db", device=device(b"a")).unlock("715903")
    with pytest.raises(Exception, match="already a face gallery"):
        import_gallery(tmp_path / "move.edgestudio", typed, fresh / "faces.db", "715903", new_device)


def make_version_1_gallery(path: Path, pin: str, photos: int = 1, photo_bytes: int = 16) -> None:
    """A gallery as versions before issue 22 wrote it: rows sealed with the PIN's scrypt key."""
    gallery = Gallery(path)
    params = new_params()
    cipher = Cipher(derive_key(pin, params))
    nonce, verifier = cipher.seal(b"edgestudio-face-gallery-v1", "verifier")
    kdf = json.dumps({"salt": params.salt.hex(), "n": params.n, "r": params.r, "p": params.p}).encode()
    rng = np.random.default_rng(7)
    with gallery.db.transaction() as conn:
        conn.execute("INSERT INTO meta VALUES ('kdf', ?)", (kdf,))
        conn.execute("INSERT INTO meta VALUES ('verifier', ?)", (nonce + verifier,))
        conn.execute("INSERT INTO persons (id, name, created) VALUES (1, 'Ada', 0)")
        sealed = cipher.seal(np.ones(128, np.float32).tobytes(), "templates:1")
        conn.execute("INSERT INTO templates (person_id, nonce, data, created) VALUES (1, ?, ?, 0)", sealed)
        for _ in range(photos):
            sealed = cipher.seal(rng.bytes(photo_bytes), "photos:1")
            conn.execute("INSERT INTO photos (person_id, nonce, data, created) VALUES (1, ?, ?, 0)", sealed)
    gallery.close()


def test_a_version_1_gallery_is_rewrapped_once_on_first_unlock(tmp_path: Path) -> None:
    path = tmp_path / "faces.db"
    make_version_1_gallery(path, "2468", photos=3)  # an old 4-digit PIN still opens it
    gallery = Gallery(path, device=device())
    assert gallery.binding == "v1"
    with pytest.raises(WrongPin):
        gallery.unlock("1111")
    assert gallery.binding == "v1"
    old_key = Cipher(derive_key("2468", KdfParams(json_salt(gallery))))
    gallery.unlock("2468")
    assert gallery.binding == "device" and len(gallery.photos(1)) == 3
    row = gallery.db.conn.execute("SELECT nonce, data FROM photos LIMIT 1").fetchone()
    with pytest.raises(WrongPin):
        old_key.open(row["nonce"], row["data"], "photos:1")  # nothing is sealed with the PIN's key now
    gallery.lock()
    gallery.unlock("2468")
    gallery.close()
    again = Gallery(path, device=device())
    again.unlock("2468")
    migrated = [e for e in again.audit_entries() if e.action == "gallery-migrated"]
    assert len(migrated) == 1 and "3 photos re-sealed" in migrated[0].detail
    assert again.verify_audit() is None
    again.close()


def json_salt(gallery: Gallery) -> bytes:
    return bytes.fromhex(json.loads(gallery._meta("kdf") or b"{}")["salt"])


MIGRATE_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from edgestudio.core.device_key import DeviceKey, DeviceKeyState
    from edgestudio.tasks.faces import crypto
    from edgestudio.tasks.faces.gallery import Gallery

    seals = 0
    real_seal = crypto.Cipher.seal

    def seal_then_stall(self, data, context):  # fault injection: stall deep inside the migration
        global seals
        seals += 1
        if seals == int(sys.argv[3]):
            print("stalled", flush=True)
            time.sleep(600)
        return real_seal(self, data, context)

    crypto.Cipher.seal = seal_then_stall
    gallery = Gallery(Path(sys.argv[1]), device=DeviceKeyState(DeviceKey(b"a" * 32, "test")))
    gallery.unlock(sys.argv[2])
    print("migrated", flush=True)
    """
)


def test_kill_9_during_the_migration_leaves_the_gallery_openable_with_the_pin(tmp_path: Path) -> None:
    path = tmp_path / "faces.db"
    # 300 photos of 40 KB: more than SQLite's page cache, so the migration spills into the WAL.
    make_version_1_gallery(path, "2468", photos=300, photo_bytes=40_000)
    child = subprocess.Popen(
        [sys.executable, "-c", MIGRATE_CHILD, str(path), "2468", "280"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "stalled", child.stderr.read() if child.stderr else ""
        wal = path.with_name("faces.db-wal")
        assert wal.exists() and wal.stat().st_size > 1_000_000, "the kill must land mid-write"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    gallery = Gallery(path, device=device())
    assert gallery.binding == "v1", "the interrupted migration left nothing half-done"
    gallery.unlock("2468")  # migrates now, whole
    assert gallery.binding == "device" and len(gallery.photos(1)) == 300
    assert [e.action for e in gallery.audit_entries()].count("gallery-migrated") == 1
    gallery.close()


def test_a_pin_only_gallery_is_bound_once_a_device_key_exists(tmp_path: Path) -> None:
    path = tmp_path / "faces.db"
    desktop = Gallery(path)
    with pytest.raises(WeakPin, match="no device key"):
        desktop.set_pin(PIN)  # digits alone are refused without a device key
    desktop.set_pin("amber-falcon-2468")
    enroll_ada(desktop)
    assert desktop.binding == "pin"
    desktop.close()
    kiosk = Gallery(path, device=device())
    kiosk.unlock("amber-falcon-2468")
    assert kiosk.binding == "device" and kiosk.audit_entries()[-1].action == "gallery-bound"
    kiosk.change_pin("amber-falcon-2468", "735190")
    kiosk.close()
    with pytest.raises(BoundElsewhere):
        Gallery(path).unlock("735190")
