"""The kiosk's admin PIN from the command line: ``kiosk set-pin`` (root, the PIN from standard
input), ``kiosk status`` (whether a PIN is set, never anything about it) and the question
``kiosk install`` asks. A kiosk never lets the PIN be chosen on its screen, where the first
passer-by could claim the device. Main thread."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from edgestudio.cli.common import Subparsers, cli_context, print_json
from edgestudio.core.errors import EdgeStudioError, InputError

GALLERY = "faces.db"


def _data_dir(args: argparse.Namespace) -> Path:
    from edgestudio.cli.kiosk import kiosk_data_dir

    if not hasattr(args, "data_dir"):
        args.data_dir = None
    return kiosk_data_dir(args)


def read_new_pin(stream: Any = None) -> str:
    """The new PIN: asked twice on a terminal, else the first line of standard input."""
    stream = stream or sys.stdin
    if stream is not None and stream.isatty():
        first = getpass.getpass("Admin PIN (at least 6 digits, or a passphrase): ")
        if getpass.getpass("Repeat it: ") != first:
            raise InputError("The two PINs differ; nothing was set.")
        return first
    line = stream.readline() if stream is not None else ""
    pin = line.rstrip("\r\n")
    if not pin:
        raise InputError(
            "No PIN came on standard input.", "Example: echo 'PIN' | sudo edgestudio kiosk set-pin"
        )
    return pin


def _hand_back(folder: Path) -> None:
    """Give what root created in the kiosk's data folder back to the folder's owner."""
    owner = folder.stat()
    for file in folder.iterdir():
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if file.is_file() and file.stat().st_uid != owner.st_uid:
                os.chown(file, owner.st_uid, owner.st_gid)


def set_pin(data_dir: Path, pin: str, operator: str) -> None:
    """Set the never-set admin PIN of the gallery in ``data_dir`` (with this machine's device
    key where there is one); raises when one is set already or the PIN is too weak."""
    from edgestudio.tasks.faces.admin_pin import AdminPin

    ctx = cli_context()
    data_dir.mkdir(parents=True, exist_ok=True)
    admin = AdminPin(data_dir, device=ctx.device_key())
    try:
        if admin.has_pin:
            raise InputError(
                "An admin PIN is already set; it was not changed.",
                "Change it in the admin drawer, or reset a lost one with: sudo edgestudio kiosk reset-pin",
            )
        admin.set_pin(pin)
        admin.record("kiosk-pin-set", f"{operator} via the command line")
    finally:
        admin.close()
        _hand_back(data_dir)


def pin_is_set(data_dir: Path) -> bool:
    """Whether the gallery in ``data_dir`` has an admin PIN (nothing is created to find out)."""
    from edgestudio.tasks.faces.gallery import Gallery

    if not (data_dir / GALLERY).is_file():
        return False
    gallery = Gallery(data_dir / GALLERY)
    try:
        return bool(gallery.has_pin)
    finally:
        gallery.close()
        _hand_back(data_dir)


def _operator() -> str:
    return os.environ.get("SUDO_USER") or getpass.getuser()


def cmd_kiosk_set_pin(args: argparse.Namespace) -> int:
    if os.geteuid() != 0 and not args.data_dir:
        raise InputError(
            "Only root sets the kiosk's admin PIN.",
            "Run: echo 'PIN' | sudo edgestudio kiosk set-pin --user KIOSK-USER",
        )
    data_dir = _data_dir(args)
    set_pin(data_dir, read_new_pin(), _operator())
    print(f"The admin PIN is set for {data_dir}; it unlocks the kiosk's admin drawer.")
    return 0


def cmd_kiosk_status(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    report = {"data_dir": str(data_dir), "pin_set": pin_is_set(data_dir)}
    if args.json:
        print_json(report)
    elif report["pin_set"]:
        print(f"Admin PIN: set ({data_dir}).")
    else:
        print(
            f"Admin PIN: not set ({data_dir}). Set it with: sudo edgestudio kiosk set-pin --user KIOSK-USER"
        )
    return 0


def offer_pin_at_install(args: argparse.Namespace, user_name: str) -> None:
    """``kiosk install``: set the admin PIN now when it is not set, asked on a terminal or
    read from standard input with ``--pin-stdin``; otherwise say how to set it later."""
    from edgestudio.cli.kiosk import kiosk_data_dir

    data_dir = kiosk_data_dir(argparse.Namespace(data_dir=None, user=user_name))
    if pin_is_set(data_dir):
        print("The admin PIN is already set.")
        return
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if not (args.pin_stdin or interactive):
        print("No admin PIN is set: the kiosk's drawer stays shut until it is. Set it with")
        print(f"  echo 'PIN' | sudo edgestudio kiosk set-pin --user {user_name}")
        return
    try:
        set_pin(data_dir, read_new_pin(), _operator())
    except EdgeStudioError as exc:
        print(f"The admin PIN was not set: {exc.message} Set it later with 'sudo edgestudio kiosk set-pin'.")
        return
    print("The admin PIN is set.")


def register(kiosk_sub: Subparsers) -> None:
    """Add ``kiosk set-pin`` and ``kiosk status``."""
    set_pin_parser = kiosk_sub.add_parser(
        "set-pin", help="root only: set the admin PIN, read from standard input (never on the kiosk's screen)"
    )
    status = kiosk_sub.add_parser("status", help="whether the kiosk's admin PIN is set")
    for parser in (set_pin_parser, status):
        parser.add_argument("--user", help="the kiosk's user")
        parser.add_argument("--data-dir", help="EdgeStudio's data folder, if not the user's default")
    status.add_argument("--json", action="store_true")
    set_pin_parser.set_defaults(func=cmd_kiosk_set_pin)
    status.set_defaults(func=cmd_kiosk_status)
