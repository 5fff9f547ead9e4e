"""Calibration and validation images for the vision optimizer, kept apart, with provenance.

Defaults are real photos that installed packages ship (scikit-image, matplotlib, and the
Ultralytics and insightface wheels EdgeStudio installs for their pictures only). The
calibration set and the validation set are made from *different* photos: calibration views
and validation views are crops, flips and scales of their own source photos, so the gate
never judges a quantizer on the pictures it was calibrated on. A user's folder of images or
a video file (frames spread over its length) can replace either set.

A set that cannot calibrate or judge anything is refused with the reason: empty, every
picture one flat colour, pictures smaller than the model could use, or too few of them.

Pure functions on the calling thread (the optimizer's child process).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from edgestudio.core.errors import InputError
from edgestudio.core.packages import package_dir
from edgestudio.core.video import VIDEO_SUFFIXES

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")
MIN_IMAGES = 4  # fewer pictures cannot stand for what a camera sees
MIN_SIDE = 64  # pixels; smaller pictures carry too little detail for calibration
FLAT_RANGE = 2  # a picture whose every channel spans at most this many levels is one colour
MAX_SIDE = 1280  # larger pictures are scaled down when read (the models take 320-640)


@dataclass(frozen=True)
class SourcePhoto:
    """One real photo and where it comes from."""

    name: str
    image: np.ndarray  # BGR uint8
    provenance: str


@dataclass(frozen=True)
class ImageView:
    """One picture of a set: a view (crop, flip, scale) of a source photo."""

    name: str
    image: np.ndarray  # BGR uint8
    source: str


@dataclass(frozen=True)
class ImageSet:
    """A calibration or validation set, and what a report needs to reproduce it."""

    role: str  # "calibration" or "validation"
    views: tuple[ImageView, ...]
    sources: tuple[dict[str, str], ...]  # name, provenance, sha256 of the source pixels
    origin: str  # "packaged photos", a folder or a video path
    sha256: str = ""  # over every view's pixels, in order
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def images(self) -> list[np.ndarray]:
        return [view.image for view in self.views]

    def describe(self) -> dict[str, Any]:
        """For the report: counts, origin, sources with hashes, and the set's own hash."""
        return {
            "role": self.role,
            "count": len(self.views),
            "origin": self.origin,
            "sha256": self.sha256,
            "sources": list(self.sources),
            "notes": list(self.notes),
        }


def pixels_sha256(image: np.ndarray) -> str:
    digest = hashlib.sha256()
    digest.update(repr(image.shape).encode())
    digest.update(np.ascontiguousarray(image).tobytes())
    return digest.hexdigest()


def _set_sha256(views: Sequence[ImageView]) -> str:
    digest = hashlib.sha256()
    for view in views:
        digest.update(pixels_sha256(view.image).encode())
    return digest.hexdigest()


def _bgr(rgb: np.ndarray) -> np.ndarray:
    if rgb.ndim == 2:
        return cv2.cvtColor(rgb, cv2.COLOR_GRAY2BGR)
    return cv2.cvtColor(rgb[..., :3], cv2.COLOR_RGB2BGR)


def _skimage(name: str) -> Callable[[], np.ndarray]:
    def load() -> np.ndarray:
        import skimage.data

        image = getattr(skimage.data, name)()
        return _bgr(image[0] if isinstance(image, tuple) else image)

    return load


def _package_file(package: str, *parts: str) -> Callable[[], np.ndarray]:
    def load() -> np.ndarray:
        folder = package_dir(package)
        if folder is None:
            raise FileNotFoundError(f"{package} is not installed")
        image = cv2.imread(str(folder.joinpath(*parts)), cv2.IMREAD_COLOR)
        if image is None:
            raise FileNotFoundError(f"{package}/{'/'.join(parts)} is missing")
        return image

    return load


def _matplotlib_sample(name: str) -> Callable[[], np.ndarray]:
    def load() -> np.ndarray:
        import matplotlib.cbook

        path = matplotlib.cbook.get_sample_data(name, asfileobj=False)
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            raise FileNotFoundError(name)
        return image

    return load


SK = "scikit-image skimage.data (BSD-3-Clause; public-domain or CC0 photos)"
UL = "ultralytics wheel, assets/ (AGPL-3.0 package; photos as shipped)"
IF = "insightface wheel, data/images/ (MIT)"
# Calibration and validation draw on different photos; both hold people, animals and objects.
CALIBRATION_PHOTOS: tuple[tuple[str, Callable[[], np.ndarray], str], ...] = (
    ("zidane", _package_file("ultralytics", "assets", "zidane.jpg"), UL),
    ("astronaut", _skimage("astronaut"), SK),
    ("chelsea", _skimage("chelsea"), SK),
    ("rocket", _skimage("rocket"), SK),
    ("camera", _skimage("camera"), SK),
    ("tom-hanks", _package_file("insightface", "data", "images", "Tom_Hanks_54745.png"), IF),
    ("mask-black", _package_file("insightface", "data", "images", "mask_black.jpg"), IF),
    ("mask-green", _package_file("insightface", "data", "images", "mask_green.jpg"), IF),
    ("immunohistochemistry", _skimage("immunohistochemistry"), SK),
)
VALIDATION_PHOTOS: tuple[tuple[str, Callable[[], np.ndarray], str], ...] = (
    ("bus", _package_file("ultralytics", "assets", "bus.jpg"), UL),
    ("group-t1", _package_file("insightface", "data", "images", "t1.jpg"), IF),
    ("coffee", _skimage("coffee"), SK),
    ("grace-hopper", _matplotlib_sample("grace_hopper.jpg"), "matplotlib sample data (public domain)"),
    ("motorcycle", _skimage("stereo_motorcycle"), SK),
    ("mask-white", _package_file("insightface", "data", "images", "mask_white.jpg"), IF),
)


def load_packaged(
    photos: Sequence[tuple[str, Callable[[], np.ndarray], str]],
) -> tuple[list[SourcePhoto], list[str]]:
    """The photos of ``photos`` that are installed, and a note for each that is not."""
    found, notes = [], []
    for name, load, provenance in photos:
        try:
            found.append(SourcePhoto(name, _fit(load()), provenance))
        except (FileNotFoundError, OSError, ImportError, ValueError) as exc:
            notes.append(f"{name}: not available ({exc})")
    return found, notes


def _fit(image: np.ndarray) -> np.ndarray:
    """Scale a picture down so its longer side is at most MAX_SIDE."""
    height, width = image.shape[:2]
    longest = max(height, width)
    if longest <= MAX_SIDE:
        return image
    ratio = MAX_SIDE / longest
    return cv2.resize(image, (round(width * ratio), round(height * ratio)), interpolation=cv2.INTER_AREA)


def views_of(photos: Sequence[SourcePhoto], count: int, seed: int) -> list[ImageView]:
    """``count`` views spread evenly over ``photos``: the photo itself, its mirror image,
    then crops of 60-90 % at seeded positions (some mirrored) and scalings of 50-80 %."""
    if not photos or count <= 0:
        return []
    rng = np.random.default_rng(seed)
    views: list[ImageView] = []
    for index in range(count):
        photo = photos[index % len(photos)]
        round_ = index // len(photos)
        image = photo.image
        if round_ == 0:
            kind, view = "full", image
        elif round_ == 1:
            kind, view = "flip", cv2.flip(image, 1)
        elif round_ % 2 == 0:
            height, width = image.shape[:2]
            fraction = float(rng.uniform(0.6, 0.9))
            crop_h, crop_w = max(MIN_SIDE, int(height * fraction)), max(MIN_SIDE, int(width * fraction))
            top = int(rng.integers(0, max(1, height - crop_h + 1)))
            left = int(rng.integers(0, max(1, width - crop_w + 1)))
            view = image[top : top + crop_h, left : left + crop_w]
            if rng.random() < 0.5:
                view = cv2.flip(view, 1)
            kind = f"crop{round(fraction * 100)}"
        else:
            factor = float(rng.uniform(0.5, 0.8))
            height, width = image.shape[:2]
            size = (max(MIN_SIDE, round(width * factor)), max(MIN_SIDE, round(height * factor)))
            view = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
            kind = f"scale{round(factor * 100)}"
        views.append(ImageView(f"{photo.name}-{kind}-{index}", np.ascontiguousarray(view), photo.name))
    return views


def _source_records(photos: Sequence[SourcePhoto]) -> tuple[dict[str, str], ...]:
    return tuple(
        {"name": p.name, "provenance": p.provenance, "sha256": pixels_sha256(p.image)} for p in photos
    )


PhotoList = Sequence[tuple[str, Callable[[], np.ndarray], str]]
MPL = "matplotlib sample data (public domain)"
# Photos with faces for the face detector's optimizer (each set from its own photos).
FACE_CALIBRATION_PHOTOS: tuple[tuple[str, Callable[[], np.ndarray], str], ...] = (
    ("astronaut", _skimage("astronaut"), SK),
    ("zidane", _package_file("ultralytics", "assets", "zidane.jpg"), UL),
    ("tom-hanks", _package_file("insightface", "data", "images", "Tom_Hanks_54745.png"), IF),
    ("mask-black", _package_file("insightface", "data", "images", "mask_black.jpg"), IF),
    ("mask-green", _package_file("insightface", "data", "images", "mask_green.jpg"), IF),
    ("mask-blue", _package_file("insightface", "data", "images", "mask_blue.jpg"), IF),
)
FACE_VALIDATION_PHOTOS: tuple[tuple[str, Callable[[], np.ndarray], str], ...] = (
    ("group-t1", _package_file("insightface", "data", "images", "t1.jpg"), IF),
    ("grace-hopper", _matplotlib_sample("grace_hopper.jpg"), MPL),
    ("mask-white", _package_file("insightface", "data", "images", "mask_white.jpg"), IF),
    ("bus", _package_file("ultralytics", "assets", "bus.jpg"), UL),
)


def packaged_set(role: str, count: int, photos_list: PhotoList | None = None) -> ImageSet:
    """The default calibration or validation set (``role``) of ``count`` views, from
    ``photos_list`` when given (the face detector's photos with faces)."""
    if photos_list is None:
        photos_list = CALIBRATION_PHOTOS if role == "calibration" else VALIDATION_PHOTOS
    photos, notes = load_packaged(photos_list)
    views = views_of(photos, count, seed=1 if role == "calibration" else 2)
    image_set = ImageSet(
        role, tuple(views), _source_records(photos), "packaged photos", _set_sha256(views), tuple(notes)
    )
    return check_set(image_set)


def read_folder(folder: Path) -> list[SourcePhoto]:
    """Every readable picture in ``folder`` (not its subfolders), by name."""
    photos = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
            continue
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            log.warning("skipping %s: not a readable picture", path)
            continue
        photos.append(SourcePhoto(path.name, _fit(image), f"user file {path}"))
    return photos


def read_video(path: Path, count: int) -> list[SourcePhoto]:
    """``count`` frames spread evenly over the video ``path`` (all of them if it is shorter)."""
    capture = cv2.VideoCapture(str(path))
    try:
        if not capture.isOpened():
            raise InputError(f"{path.name} could not be opened as a video.", "Use an MP4, AVI or MKV file.")
        total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        wanted = set(np.linspace(0, max(total - 1, 0), num=max(count, 1)).round().astype(int).tolist())
        photos, index = [], 0
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            if index in wanted or total <= 0:
                photos.append(
                    SourcePhoto(f"{path.stem}-frame{index}", _fit(frame), f"frame {index} of {path}")
                )
            index += 1
            if total <= 0 and len(photos) >= count:
                break
        return photos
    finally:
        capture.release()


def user_set(role: str, location: str | Path, count: int) -> ImageSet:
    """A set from the user's folder of pictures or a video file. With more pictures than
    ``count`` an even spread is taken; with fewer, each is used once (views are not made
    from a user's pictures: they are what the camera really sees)."""
    path = Path(location).expanduser()
    if path.is_dir():
        photos = read_folder(path)
    elif path.is_file() and path.suffix.lower() in VIDEO_SUFFIXES:
        photos = read_video(path, count)
    elif path.exists():
        raise InputError(
            f"{path.name} is neither a folder of pictures nor a video.",
            "Choose a folder of JPEG or PNG pictures, or a video file.",
        )
    else:
        raise InputError(f"{path} does not exist.", "Choose a folder of pictures or a video file.")
    if len(photos) > count:
        keep = np.linspace(0, len(photos) - 1, num=count).round().astype(int)
        photos = [photos[i] for i in keep]
    views = [ImageView(p.name, p.image, p.name) for p in photos]
    return check_set(ImageSet(role, tuple(views), _source_records(photos), str(path), _set_sha256(views)))


def check_set(image_set: ImageSet, min_images: int = MIN_IMAGES) -> ImageSet:
    """Return ``image_set`` if it can calibrate or judge a model; raise InputError saying why
    not (empty, every picture one flat colour, pictures too small, too few pictures)."""
    role, views = image_set.role, image_set.views
    where = image_set.origin
    if not views:
        raise InputError(
            f"The {role} set from {where} holds no pictures.",
            "Choose a folder with JPEG or PNG photos of what the camera will see.",
        )
    small = [v.name for v in views if min(v.image.shape[:2]) < MIN_SIDE]
    if len(small) == len(views):
        raise InputError(
            f"Every picture of the {role} set is smaller than {MIN_SIDE} pixels on a side.",
            "Use photos at least as large as the model's input (typically 320-640 pixels).",
        )
    flat = [v.name for v in views if _is_flat(v.image)]
    if len(flat) == len(views):
        raise InputError(
            f"Every picture of the {role} set is one flat colour: it shows the model nothing.",
            "Use real photos of the scenes the model will see.",
        )
    usable = len(views) - len(set(small) | set(flat))
    if usable < min_images:
        raise InputError(
            f"The {role} set has {usable} usable pictures; at least {min_images} are needed.",
            "Add more photos of the scenes the model will see (24-48 work well).",
        )
    if small or flat:
        kept = tuple(v for v in views if v.name not in set(small) | set(flat))
        notes = (*image_set.notes, f"left out {len(views) - len(kept)} flat or tiny pictures")
        return ImageSet(role, kept, image_set.sources, where, _set_sha256(kept), notes)
    return image_set


def _is_flat(image: np.ndarray) -> bool:
    pixels = image.reshape(-1, image.shape[-1]) if image.ndim == 3 else image.reshape(-1, 1)
    return bool(np.all(np.ptp(pixels, axis=0) <= FLAT_RANGE))


def image_set(
    role: str, location: str | Path | None, count: int, photos_list: PhotoList | None = None
) -> ImageSet:
    """The user's set at ``location`` if one is given, otherwise the packaged default (from
    ``photos_list`` when given)."""
    if location:
        return user_set(role, location, count)
    return packaged_set(role, count, photos_list)
