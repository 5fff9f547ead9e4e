"""Gallery protection commands: ``faces status`` (what protects the gallery here), ``faces
export`` (for a move to a new device, sealed with a passphrase or a recovery code) and
``faces import`` (into a fresh data folder, bound to this device). Main thread.

On a kiosk the device key reaches only the kiosk service and root, so the admin runs these
with sudo and names the kiosk's user (``--user kiosk``) or data folder (``--data-dir``); what
root writes there is handed back to the folder's owner."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from edgestudio.cli.common import Subparsers, cli_context, print_json
from edgestudio.core.errors import InputError

if TYPE_CHECKING:
    from edgestudio.context import AppContext

PASSPHRASE_ENV = "EDGESTUDIO_EXPORT_PASSPHRASE"


def _passphrase(args: argparse.Namespace, confirm: bool) -> str:
    """The export passphrase from --passphrase-file, EDGESTUDIO_EXPORT_PASSPHRASE or a prompt."""
    if args.passphrase_file:
        try:
            return Path(args.passphrase_file).read_text(encoding="utf-8").strip("\n")
        except OSError as exc:
            raise InputError(f"{args.passphrase_file} cannot be read: {exc.strerror}.") from exc
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin or not sys.stdin.isatty():
        raise InputError(
            "The export passphrase is needed, and there is no terminal to ask for it.",
            f"Give it with --passphrase-file or {PASSPHRASE_ENV}"
            + (", or use --recovery-code." if confirm else "."),
        )
    first = getpass.getpass("Export passphrase: ")
    if confirm and getpass.getpass("Repeat it: ") != first:
        raise InputError("The two passphrases differ; nothing was exported.")
    return first


def protection_text(binding: str, has_key: bool, reason: str) -> str:
    """One sentence on what protects the gallery on this machine."""
    if binding == "device":
        return "Bound to this device: opening it needs the admin PIN and this device's key."
    where = "" if has_key else f" No device key here: {reason}."
    if binding in ("pin", ""):
        return (
            "Protected by the admin PIN alone: a copy of the data folder can be attacked with guesses "
            f"on another machine, so use a passphrase of at least 12 characters.{where}"
        )
    return (
        "From an older version: it is re-wrapped (bound to the device key, if any) when next "
        f"unlocked.{where}"
    )


def _gallery_file(args: argparse.Namespace, ctx: AppContext) -> Path:
    """The gallery of the kiosk user or data folder named, else this user's."""
    if getattr(args, "data_dir", None) or getattr(args, "user", None):
        from edgestudio.cli.kiosk import kiosk_data_dir

        folder = kiosk_data_dir(args)
        if not folder.is_dir():
            raise InputError(
                f"{folder} does not exist.", "Name the kiosk user with --user, or the folder with --data-dir."
            )
        return folder / "faces.db"
    return ctx.paths.data_dir / "faces.db"


def _hand_back(path: Path) -> None:
    """Give the gallery's files that root created back to the owner of their folder."""
    owner = path.parent.stat()
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if file.stat().st_uid != owner.st_uid:
                os.chown(file, owner.st_uid, owner.st_gid)


def cmd_faces_status(args: argparse.Namespace) -> int:
    from edgestudio.tasks.faces.gallery import Gallery

    ctx = cli_context()
    state = ctx.device_key()
    path = _gallery_file(args, ctx)
    gallery = Gallery(path, device=state)
    try:
        binding = gallery.binding
    finally:
        gallery.close()
        _hand_back(path)
    report = {
        "gallery": str(path),
        "binding": binding or "no PIN yet",
        "device_key": state.key.origin if state.key else "",
        "device_key_id": state.key.key_id if state.key else "",
        "no_device_key_reason": "" if state.key else state.reason,
        "protection": protection_text(binding, state.key is not None, state.reason),
    }
    if args.json:
        print_json(report)
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0


def cmd_faces_export(args: argparse.Namespace, pin: str) -> int:
    """Export the unlocked gallery for a move; prints the recovery code when one was made."""
    from edgestudio.tasks.faces.gallery import Gallery
    from edgestudio.tasks.faces.gallery_export import export_gallery

    ctx = cli_context()
    path = _gallery_file(args, ctx)
    gallery = Gallery(path, device=ctx.device_key())
    try:
        if not gallery.has_pin:
            raise InputError("There is no face gallery to export yet.")
        gallery.unlock(pin)
        passphrase = "" if args.recovery_code else _passphrase(args, confirm=True)
        summary = export_gallery(gallery, Path(args.file), passphrase)
    finally:
        gallery.close()
        _hand_back(path)
    print(f"Exported {summary.people} people to {summary.path}.")
    if summary.recovery_code:
        print(
            f"Recovery code (write it down; the export cannot be opened without it): {summary.recovery_code}"
        )
    print("Import it on the new device with: edgestudio faces import FILE")
    return 0


def cmd_faces_import(args: argparse.Namespace, pin: str) -> int:
    from edgestudio.tasks.faces.gallery_export import import_gallery

    ctx = cli_context()
    state = ctx.device_key()
    path = _gallery_file(args, ctx)
    people = import_gallery(Path(args.file), _passphrase(args, confirm=False), path, pin, state)
    _hand_back(path)
    print(f"Imported {people} people into {path}.")
    print(protection_text("device" if state.key else "pin", state.key is not None, state.reason))
    return 0


def register(faces_sub: Subparsers) -> None:
    """Add ``status``, ``export`` and ``import`` to the ``faces`` command group."""
    status = faces_sub.add_parser("status", help="what protects the gallery on this machine")
    status.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    export = faces_sub.add_parser(
        "export", help="write the gallery, sealed with a passphrase or recovery code, for a new device"
    )
    export.add_argument("file", help="the export file to write")
    export.add_argument(
        "--recovery-code", action="store_true", help="seal it with a generated recovery code instead"
    )
    imported = faces_sub.add_parser(
        "import", help="restore an export into a fresh data folder on this device"
    )
    imported.add_argument("file", help="the export file")
    for parser in (export, imported):
        parser.add_argument(
            "--passphrase-file", help=f"read the export passphrase from this file (or {PASSPHRASE_ENV})"
        )
    for parser in (status, export, imported):
        parser.add_argument("--user", help="as root: the gallery of this kiosk user")
        parser.add_argument("--data-dir", help="as root: the gallery in this EdgeStudio data folder")
