"""What people see of the gallery's protection (issue 22): the PIN policy and its reasons in
English and Chinese; the ``faces`` commands (status, export, import, list) in real processes
with a device key sealed by systemd-creds under a host key of the test's own; and the
``faces`` commands, the Faces tab and the kiosk's admin PIN on a machine without the device
key: the message, and no traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from edgestudio.core.device_key import CREDENTIAL_NAME, DeviceKey, DeviceKeyState, DeviceKeyStore
from edgestudio.core.pin_guard import PinPolicy
from edgestudio.tasks.faces.admin_pin import AdminPin
from edgestudio.tasks.faces.gallery import Gallery
from edgestudio.tasks.faces.pin_policy import pin_refusal

BOUND = "bound to another device; restore it from an export"
KEY = DeviceKeyState(DeviceKey(b"d" * 32, "test key"))
NOBODY = 65534  # the owner of a kiosk user's data folder, as root sees it


@pytest.mark.parametrize(
    ("pin", "bound", "reason"),
    [
        ("000000", True, "repeats one digit"),
        ("123456", True, "run of consecutive digits"),
        ("987654", True, "run of consecutive digits"),
        ("890123", True, "run of consecutive digits"),
        ("121212", True, "repeats a short pattern"),
        ("123123", True, "repeats a short pattern"),
        ("112233", True, "most common"),
        ("1212121", True, "only two different digits"),
        ("48291", True, "at least 6 digits; this one has 5"),
        ("482916", False, "no device key"),
        ("correct horse", True, None),
        ("short pass", False, "at least 12 characters; this one has 10"),
        ("aaaaaaaaaaaaa", False, "repeats one or two characters"),
        (" 482916", True, "start or end with a space"),
        ("482916", True, None),
        ("a long passphrase", False, None),
    ],
)
def test_pin_policy(pin: str, bound: bool, reason: str | None) -> None:
    refusal = pin_refusal(pin, device_bound=bound)
    if reason is None:
        assert refusal is None
    else:
        assert refusal is not None and reason in refusal


def test_pin_refusals_are_translated(qapp) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.ui import i18n

    ts = Path(__file__).resolve().parent.parent / "edgestudio" / "i18n" / "edgestudio_zh_CN.ts"
    qm = i18n.translation_file("zh_CN")
    if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
        subprocess.run(
            ["bash", str(ts.parents[2] / "scripts" / "i18n.sh"), "release"], check=True, timeout=120
        )

    refusals = [
        pin_refusal(pin, device_bound=bound)
        for pin, bound in (
            ("000000", True),
            ("123456", True),
            ("121212", True),
            ("1", True),
            ("482916", False),
        )
    ]
    assert i18n.install_translators(qapp, "zh_CN").language == "zh_CN"
    try:
        for refusal in refusals:
            assert refusal is not None
            chinese = i18n.tr_message(refusal)
            assert chinese != str(refusal) and re.search(r"[\u4e00-\u9fff]", chinese), refusal
        assert re.search(
            r"[\u4e00-\u9fff]",
            i18n.tr_message("This gallery is bound to another device; restore it from an export."),
        )
    finally:
        i18n.install_translators(qapp, "en")


def run(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("EDGESTUDIO_") and k != "CREDENTIALS_DIRECTORY"
    }
    return subprocess.run(
        [sys.executable, "-m", "edgestudio", *args],
        env={**clean, "EDGESTUDIO_HOME": str(home), **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def bound_gallery(home: Path, pin: str = "482916") -> None:
    gallery = Gallery(home / "data" / "faces.db", device=KEY)
    gallery.set_pin(pin)
    gallery.enroll("Ada", np.ones((1, 128), np.float32))
    gallery.close()


def test_faces_commands_without_the_device_key_say_why_without_a_traceback(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bound_gallery(home)
    env = {
        "EDGESTUDIO_KIOSK__DEVICE_KEY_FILE": str(tmp_path / "no-such-key"),
        "EDGESTUDIO_FACES_PIN": "482916",
    }
    for command in (["list"], ["delete", "Ada"], ["export", str(tmp_path / "out"), "--recovery-code"]):
        done = run(home, "faces", *command, env=env)
        assert done.returncode == 2, done
        assert BOUND in done.stderr and "no device key has been sealed" in done.stderr
        assert "Traceback" not in done.stderr
    status = run(home, "faces", "status", "--json", env=env)
    report = json.loads(status.stdout)
    assert (
        report["binding"] == "device"
        and report["device_key"] == ""
        and "no-such-key" in report["no_device_key_reason"]
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(
    shutil.which("systemd-creds") is None or os.geteuid() != 0,
    reason="sealing with the host key needs systemd-creds (systemd >= 250) and root; CI runs as root",
)
def test_cli_seals_a_device_key_exports_and_imports_on_another_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machines = {}
    for name in ("old", "new"):
        secret = tmp_path / name / "credential.secret"
        secret.parent.mkdir()
        subprocess.run(
            ["systemd-creds", "setup"],
            env={**os.environ, "SYSTEMD_CREDENTIAL_SECRET": str(secret)},
            check=True,
            capture_output=True,
        )
        machines[name] = {
            "SYSTEMD_CREDENTIAL_SECRET": str(secret),
            "EDGESTUDIO_KIOSK__DEVICE_KEY_FILE": str(tmp_path / name / CREDENTIAL_NAME),
        }
    old_home, new_home = tmp_path / "old" / "home", tmp_path / "new" / "home"
    sealed = run(
        old_home,
        "kiosk",
        "device-key",
        "--with-key",
        "host",
        "--device-key-file",
        str(tmp_path / "old" / CREDENTIAL_NAME),
        env=machines["old"],
    )
    assert sealed.returncode == 0 and "Sealed a new device key" in sealed.stdout, sealed.stderr
    weak = run(old_home, "faces", "--pin", "123456", "list", env=machines["old"])
    assert weak.returncode == 2 and "run of consecutive digits" in weak.stderr
    first = run(old_home, "faces", "--pin", "482916", "list", env=machines["old"])
    assert first.returncode == 0, first.stderr
    monkeypatch.setenv("SYSTEMD_CREDENTIAL_SECRET", machines["old"]["SYSTEMD_CREDENTIAL_SECRET"])
    gallery = Gallery(
        old_home / "data" / "faces.db", device=DeviceKeyStore(tmp_path / "old" / CREDENTIAL_NAME).load()
    )
    gallery.unlock("482916")
    gallery.enroll("Ada", np.ones((1, 128), np.float32), photos=[b"ada-photo"])
    gallery.close()
    status = json.loads(run(old_home, "faces", "status", "--json", env=machines["old"]).stdout)
    assert status["binding"] == "device" and status["device_key_id"]

    exported = run(
        old_home,
        "faces",
        "--pin",
        "482916",
        "export",
        str(tmp_path / "move.edgestudio"),
        "--recovery-code",
        env=machines["old"],
    )
    assert exported.returncode == 0, exported.stderr
    code = re.search(r"Recovery code .*: (\S+)", exported.stdout)
    assert code is not None

    # The data folder copied to the new machine: refused with the reason, even with the right PIN.
    shutil.copytree(old_home, tmp_path / "copy")
    run(
        new_home,
        "kiosk",
        "device-key",
        "--with-key",
        "host",
        "--device-key-file",
        str(tmp_path / "new" / CREDENTIAL_NAME),
        env=machines["new"],
    )
    copied = run(tmp_path / "copy", "faces", "--pin", "482916", "list", env=machines["new"])
    assert copied.returncode == 2 and BOUND in copied.stderr and "Traceback" not in copied.stderr

    secret_file = tmp_path / "code.txt"
    secret_file.write_text(code.group(1))
    # Root imports into the kiosk user's data folder; the files are handed back to that user.
    kiosk_data = new_home / "data"
    kiosk_data.mkdir(parents=True)
    os.chown(kiosk_data, NOBODY, NOBODY)
    imported = run(
        tmp_path,
        "faces",
        "--pin",
        "735190",
        "import",
        str(tmp_path / "move.edgestudio"),
        "--passphrase-file",
        str(secret_file),
        "--data-dir",
        str(kiosk_data),
        env=machines["new"],
    )
    assert imported.returncode == 0 and "Imported 1 people" in imported.stdout, imported.stderr
    assert (kiosk_data / "faces.db").stat().st_uid == NOBODY
    listed = run(new_home, "faces", "--pin", "735190", "list", env=machines["new"])
    assert listed.returncode == 0 and "Ada: 1 templates" in listed.stdout, listed.stderr
    monkeypatch.setenv("SYSTEMD_CREDENTIAL_SECRET", machines["new"]["SYSTEMD_CREDENTIAL_SECRET"])
    gallery = Gallery(
        kiosk_data / "faces.db", device=DeviceKeyStore(tmp_path / "new" / CREDENTIAL_NAME).load()
    )
    gallery.unlock("735190")
    actions = [e.action for e in gallery.audit_entries()]
    assert actions[0] == "pin-set" and "import" in actions and gallery.verify_audit() is None
    gallery.close()


def test_faces_tab_without_the_device_key_shows_the_message(qtbot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.ui.faces_tab import FacesTab

    ctx.device_keys = DeviceKeyStore(tmp_path / "no-such-key")
    ctx._device_state = None
    bound_gallery(Path(os.environ["EDGESTUDIO_HOME"]))
    tab = FacesTab(ctx)
    qtbot.addWidget(tab)
    tab.gate.pin.setText("482916")
    tab.gate.button.click()
    assert tab.stack.currentIndex() == 0 and not tab.gallery.unlocked
    assert BOUND in tab.gate.error.text() and "no device key" in tab.gate.error.text().lower()
    tab.shutdown()


def test_faces_tab_without_a_device_key_asks_for_a_passphrase(qtbot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from edgestudio.ui.faces_tab import FacesTab

    ctx.device_keys = DeviceKeyStore(tmp_path / "no-such-key")
    ctx._device_state = None
    tab = FacesTab(ctx)
    qtbot.addWidget(tab)
    assert "no device key" in tab.gate.explain.text() and "12 characters" in tab.gate.explain.text()
    for widget in (tab.gate.pin, tab.gate.repeat):
        widget.setText("482916")
    tab.gate.button.click()
    assert tab.stack.currentIndex() == 0 and "passphrase of at least 12" in tab.gate.error.text()
    for widget in (tab.gate.pin, tab.gate.repeat):
        widget.setText("amber-falcon-2468")
    tab.gate.button.click()
    assert tab.stack.currentIndex() == 1 and tab.gallery.binding == "pin"
    tab.shutdown()


def test_admin_pin_on_a_gallery_bound_elsewhere_is_not_counted_as_wrong(tmp_path: Path) -> None:
    bound_gallery(tmp_path)
    admin = AdminPin(tmp_path / "data", PinPolicy(base_delay_s=60), DeviceKeyState(None, "no key here"))
    check = admin.check("482916")
    assert not check.accepted and BOUND in check.message and check.status.may_try
    assert "no key here" in check.message, "the reason there is no device key is shown"
    assert admin.gallery.audit_entries()[-1].action == "admin-pin-refused"
    admin.close()
