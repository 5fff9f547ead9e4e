"""Checks of command-line values, so a bad value is refused in words before any work starts,
and writes of output images that never claim a file that is not there. Main thread."""

from __future__ import annotations

import argparse
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from edgestudio.core.atomic import atomic_write_bytes
from edgestudio.core.errors import InputError

if TYPE_CHECKING:
    import numpy as np

    from edgestudio.context import AppContext

SAVE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff")


def unit_interval(text: str) -> float:
    """argparse ``type``: a finite number greater than 0 and at most 1 (thresholds)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a threshold: give a number greater than 0 and at most 1, such as 0.4"
        )
    return value


def check_device(ctx: AppContext, backend_id: str, device: str) -> None:
    """Refuse a device the backend does not have, naming the devices it has."""
    status = ctx.registry.probe(backend_id)
    if not status.available:
        return  # loading says why the backend cannot run
    known = [d.id for d in status.devices]
    families = {d.split(".")[0].lower() for d in known}
    if device in known or device.split(".")[0].lower() in families:
        return
    have = ", ".join(f"{d.id} ({'available' if d.available else 'not here'})" for d in status.devices)
    raise InputError(f"{status.name} has no device called '{device}'.", f"Its devices: {have}.")


@dataclass(frozen=True)
class SaveTarget:
    """Where ``detect --save`` writes: one file, or a folder with one file per image."""

    path: Path
    is_folder: bool

    @classmethod
    def parse(cls, text: str, images: int) -> SaveTarget:
        """Check the target before any work: a known image type and an existing parent folder."""
        path = Path(text).expanduser()
        if path.is_dir() or images > 1 or not path.suffix:
            if path.exists() and not path.is_dir():
                raise InputError(
                    f"{path} is a file; with several images --save needs a folder.",
                    "Give a folder name (it is created when missing).",
                )
            return cls(path, True)
        if path.suffix.lower() not in SAVE_SUFFIXES:
            raise InputError(
                f"{path.name}: unsupported image type '{path.suffix}'.",
                "Use .png or .jpg (also .bmp, .webp, .tif).",
            )
        if not path.parent.is_dir():
            raise InputError(
                f"The folder {path.parent} does not exist, so {path.name} cannot be saved there.",
                "Create the folder first, or give another path.",
            )
        return cls(path, False)

    def file_for(self, image: Path) -> Path:
        return self.path / f"{image.stem}_detections.png" if self.is_folder else self.path


def write_image(path: Path, bgr: np.ndarray) -> None:
    """Encode and write an image completely or not at all; StorageError/InputError say why."""
    import cv2

    ok, data = cv2.imencode(path.suffix.lower() or ".png", bgr)
    if not ok:
        raise InputError(f"{path.name} could not be encoded as {path.suffix} by OpenCV.", "Use .png or .jpg.")
    atomic_write_bytes(path, data.tobytes())
    umask = os.umask(0)  # the atomic write creates 0600; give the usual rw-r--r-- of a new file
    os.umask(umask)
    path.chmod(0o666 & ~umask)
