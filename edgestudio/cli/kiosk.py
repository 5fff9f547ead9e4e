"""Kiosk commands: install or remove the start-on-boot files, seal the device key, and reset a
lost admin PIN.

``kiosk install`` writes, from the templates in ``resources/kiosk/``: a systemd user unit
(``Type=notify``, ``WatchdogSec=``, ``Restart=always``) for desktop sessions, an XDG autostart
file that starts it, and, as root, a system unit running EdgeStudio alone under the ``cage``
Wayland compositor. It says what it wrote and what to enable. ``kiosk reset-pin`` (root only)
erases the face gallery after a typed confirmation: the old PIN's data cannot be read without
it anyway, and the new gallery's audit log records the reset. ``kiosk device-key`` (root only)
seals the key that binds the face gallery to this device (``core/device_key.py``); the cage
unit loads it with ``LoadCredentialEncrypted=``, and ``install`` as root seals it when absent.
"""

from __future__ import annotations

import argparse
import getpass
import os
import pwd
import string
import sys
from dataclasses import dataclass
from pathlib import Path

from edgestudio.cli.common import Subparsers
from edgestudio.core.errors import ConfigError, EdgeStudioError

MARKER = "Written by edgestudio kiosk install"
USER_UNIT = "edgestudio-kiosk.service"
AUTOSTART = "edgestudio-kiosk.desktop"
CAGE_UNIT = "edgestudio-cage.service"
CONFIRMATION = "ERASE"


class KioskSetupError(EdgeStudioError):
    title = "The kiosk could not be set up"


@dataclass(frozen=True)
class KioskFile:
    template: str
    path: Path
    owner: pwd.struct_passwd | None  # chown to this user (files under their home), or root


def _kiosk_user(name: str | None) -> pwd.struct_passwd:
    name = name or getpass.getuser()
    try:
        return pwd.getpwnam(name)
    except KeyError as exc:
        raise KioskSetupError(
            f"There is no user called {name!r} on this machine.",
            f"Create it first (sudo adduser {name}), or name an existing user with --user.",
        ) from exc


def _rooted(prefix: Path | None, path: Path) -> Path:
    return prefix / path.relative_to("/") if prefix else path


def default_executable() -> str:
    """What the units start: the bundle's program, the venv's script, or python -m."""
    if getattr(sys, "frozen", False):
        return sys.executable
    script = Path(sys.executable).with_name("edgestudio")
    if script.is_file():
        return str(script)
    return f"{sys.executable} -m edgestudio"


def kiosk_files(user: pwd.struct_passwd, prefix: Path | None, with_cage: bool) -> list[KioskFile]:
    """Where each template goes for ``user`` (under ``prefix`` when staging a package)."""
    home = Path(user.pw_dir)
    files = [
        KioskFile(USER_UNIT, _rooted(prefix, home / ".config/systemd/user" / USER_UNIT), user),
        KioskFile(AUTOSTART, _rooted(prefix, home / ".config/autostart" / AUTOSTART), user),
    ]
    if with_cage:
        files.append(KioskFile(CAGE_UNIT, _rooted(prefix, Path("/etc/systemd/system") / CAGE_UNIT), None))
    return files


def render(template: str, values: dict[str, str]) -> str:
    from edgestudio.core.paths import resources_dir

    text = (resources_dir() / "kiosk" / template).read_text(encoding="utf-8")
    return string.Template(text).substitute(values)


def cmd_kiosk_install(args: argparse.Namespace) -> int:
    user = _kiosk_user(args.user)
    prefix = Path(args.prefix) if args.prefix else None
    is_root = os.geteuid() == 0
    with_cage = is_root or prefix is not None
    values = {
        "exec": args.exec or default_executable(),
        "user": user.pw_name,
        "uid": str(user.pw_uid),
        "tty": args.tty,
        "watchdog_sec": str(args.watchdog_sec),
        "start_timeout_sec": str(args.start_timeout_sec),
        "device_key_file": str(_device_key_file(args)),
    }
    verb = "Would write" if args.dry_run else "Wrote"
    for file in kiosk_files(user, prefix, with_cage):
        text = render(file.template, values)
        if not args.dry_run:
            _write(file, text, chown=is_root and prefix is None)
        print(f"{verb} {file.path}")
    if not with_cage:
        print(f"Skipped {CAGE_UNIT} (a system unit): run as root to install the cage kiosk.")
        print("Without it the face gallery has no device key in the desktop session: the PIN alone")
        print("protects a copied disk (Debian 12's user units cannot use the host key).")
    elif prefix is None and not args.dry_run:
        _ensure_device_key(args)
    if prefix is None and not args.dry_run:
        from edgestudio.cli.kiosk_pin import offer_pin_at_install

        offer_pin_at_install(args, user.pw_name)
    else:
        print(f"The cage unit loads the device key {values['device_key_file']}: seal it on the")
        print("device with 'sudo edgestudio kiosk device-key' before starting the unit.")
    print("\nNext, for a desktop session with autologin (the autostart file starts the unit):")
    print(f"  sudo -u {user.pw_name} systemctl --user enable {USER_UNIT}")
    if with_cage:
        print("Or, for EdgeStudio alone on the screen without a desktop (apt install cage):")
        print(f"  sudo systemctl enable --now {CAGE_UNIT}")
    print("The site settings (tabs shown, admin corner...) go in /etc/xdg/EdgeStudio/config.toml, [kiosk].")
    return 0


def _write(file: KioskFile, text: str, chown: bool) -> None:
    try:
        file.path.parent.mkdir(parents=True, exist_ok=True)
        file.path.write_text(text, encoding="utf-8")
        if chown and file.owner is not None:
            home = Path(file.owner.pw_dir)
            # Hand every folder created under the home to its owner, then the file.
            for folder in [file.path, *file.path.parents]:
                if folder == home or home not in folder.parents:
                    break
                os.chown(folder, file.owner.pw_uid, file.owner.pw_gid)
    except PermissionError as exc:
        raise KioskSetupError(
            f"{file.path} could not be written: permission denied.",
            "Run the command as root (sudo), or stage the files with --prefix.",
        ) from exc


def cmd_kiosk_uninstall(args: argparse.Namespace) -> int:
    user = _kiosk_user(args.user)
    prefix = Path(args.prefix) if args.prefix else None
    removed = 0
    for file in kiosk_files(user, prefix, with_cage=True):
        try:
            text = file.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        except PermissionError as exc:
            raise KioskSetupError(
                f"{file.path} cannot be read: permission denied.", "Run it as root."
            ) from exc
        if MARKER not in text:
            print(f"Kept {file.path}: it was not written by edgestudio kiosk install.")
            continue
        if args.dry_run:
            print(f"Would remove {file.path}")
        else:
            file.path.unlink()
            print(f"Removed {file.path}")
        removed += 1
    if not removed:
        print("No kiosk files were installed for this user.")
    else:
        print(f"Disable what was running: sudo systemctl disable --now {CAGE_UNIT} (if used).")
    return 0


def kiosk_data_dir(args: argparse.Namespace) -> Path:
    """The data folder named by ``--data-dir``, else that of the kiosk ``--user``, else ours."""
    if args.data_dir:
        return Path(args.data_dir)
    if args.user:
        from edgestudio.core.paths import APP_NAME

        return Path(_kiosk_user(args.user).pw_dir) / ".local/share" / APP_NAME
    from edgestudio.core.paths import AppPaths

    return AppPaths.default().data_dir


def cmd_kiosk_reset_pin(args: argparse.Namespace) -> int:
    from edgestudio.tasks.faces.admin_pin import GALLERY_FILE, erase_gallery_and_pin

    if os.geteuid() != 0:
        raise KioskSetupError(
            "Only root can reset the admin PIN.",
            "Run: sudo edgestudio kiosk reset-pin --user KIOSK-USER",
        )
    data_dir = kiosk_data_dir(args)
    if not data_dir.is_dir():
        raise ConfigError(
            f"{data_dir} does not exist: there is no EdgeStudio data to reset.",
            "Name the kiosk user with --user, or the folder with --data-dir.",
        )
    print(f"This erases the face gallery in {data_dir / GALLERY_FILE}: every enrolled person,")
    print("template and photo. Without the old PIN they cannot be read, so they cannot be kept.")
    print("A new gallery starts without a PIN; set one with: sudo edgestudio kiosk set-pin --user KIOSK-USER")
    try:
        answer = input(f"Type {CONFIRMATION} to go on: ")
    except EOFError:
        answer = ""
    if answer.strip() != CONFIRMATION:
        print("Nothing was changed.")
        return 1
    operator = os.environ.get("SUDO_USER") or getpass.getuser()
    path = erase_gallery_and_pin(data_dir, f"{operator} (root) via kiosk reset-pin")
    print(f"The face gallery was erased; the reset is recorded in the audit log of {path}.")
    return 0


def _device_key_file(args: argparse.Namespace) -> Path:
    if getattr(args, "device_key_file", None):
        return Path(args.device_key_file)
    from edgestudio.core.config import KioskSettings

    return Path(KioskSettings().device_key_file)


def _ensure_device_key(args: argparse.Namespace) -> None:
    """At install as root: seal the device key unless one is already there."""
    from edgestudio.core.device_key import DeviceKeyError, DeviceKeyStore

    store = DeviceKeyStore(_device_key_file(args))
    if store.sealed_file.exists():
        print(f"Kept the device key already sealed in {store.sealed_file}.")
        return
    try:
        key = store.seal_new()
    except DeviceKeyError as exc:
        print(f"The device key could not be sealed: {exc.message} The cage unit will not start without it;")
        print("fix that and run 'sudo edgestudio kiosk device-key'.")
        return
    print(f"Sealed a new device key in {store.sealed_file} (fingerprint {key.key_id[:12]}).")


def cmd_kiosk_device_key(args: argparse.Namespace) -> int:
    """Seal a new device key with systemd-creds (root), or show the one there is."""
    from edgestudio.core.device_key import DeviceKeyStore, tpm2_present

    store = DeviceKeyStore(_device_key_file(args))
    if os.geteuid() != 0:
        raise KioskSetupError(
            "Only root can seal or unseal the device key.", "Run: sudo edgestudio kiosk device-key"
        )
    if store.sealed_file.exists():
        key = store.unseal()
        print(f"The device key in {store.sealed_file} unseals here (fingerprint {key.key_id[:12]}).")
        return 0
    key = store.seal_new(args.with_key, args.tpm2_device or "")
    sealed_with = args.with_key
    if args.with_key == "auto":
        sealed_with = "TPM2 and the host key" if tpm2_present() else "the host key (no TPM2 found)"
    print(
        f"Sealed a new device key in {store.sealed_file} with {sealed_with} (fingerprint {key.key_id[:12]})."
    )
    print(f"The cage unit ({CAGE_UNIT}) hands it to EdgeStudio with LoadCredentialEncrypted=.")
    return 0


def register(sub: Subparsers, bench_sub: Subparsers) -> None:
    """Add the ``kiosk`` command group to the parser."""
    kiosk = sub.add_parser("kiosk", help="start-on-boot kiosk files and PIN recovery")
    kiosk_sub = kiosk.add_subparsers(dest="kiosk_cmd", required=True)
    install = kiosk_sub.add_parser("install", help="write the systemd units and autostart file")
    uninstall = kiosk_sub.add_parser("uninstall", help="remove what install wrote")
    for parser in (install, uninstall):
        parser.add_argument("--user", help="the kiosk's user (default: you)")
        parser.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
        parser.add_argument("--prefix", help="stage the files under this folder (for packaging)")
    install.add_argument("--exec", help="the program the units start (default: this edgestudio)")
    install.add_argument("--watchdog-sec", type=int, default=30, help="systemd WatchdogSec (default 30)")
    install.add_argument(
        "--start-timeout-sec", type=int, default=180, help="time allowed for the models to load (default 180)"
    )
    install.add_argument("--tty", default="tty1", help="the console cage takes over (default tty1)")
    install.add_argument(
        "--pin-stdin", action="store_true", help="read the admin PIN to set from standard input"
    )
    install.set_defaults(func=cmd_kiosk_install)
    uninstall.set_defaults(func=cmd_kiosk_uninstall)
    reset = kiosk_sub.add_parser("reset-pin", help="root only: erase the face gallery to reset a lost PIN")
    reset.add_argument("--user", help="the kiosk's user, whose gallery is erased")
    reset.add_argument("--data-dir", help="EdgeStudio's data folder, if not the user's default")
    reset.set_defaults(func=cmd_kiosk_reset_pin)
    device_key = kiosk_sub.add_parser(
        "device-key", help="root only: seal the key that binds the face gallery to this device"
    )
    device_key.add_argument(
        "--with-key",
        choices=["auto", "host", "tpm2", "host+tpm2"],
        default="auto",
        help="what systemd-creds seals it with (auto: TPM2 and the host key where a TPM2 exists)",
    )
    device_key.add_argument("--tpm2-device", help="the TPM2 to use (systemd-creds --tpm2-device)")
    for parser in (install, device_key):
        parser.add_argument("--device-key-file", help="where the sealed device key is kept")
    device_key.set_defaults(func=cmd_kiosk_device_key)
    from edgestudio.cli.kiosk_pin import register as register_pin

    register_pin(kiosk_sub)
