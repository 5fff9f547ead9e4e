"""Real test media from installed packages: photos and videos made from them.

Photos: scikit-image's astronaut and coffee, Ultralytics' bus.jpg and zidane.jpg (the
ultralytics wheel is installed with --no-deps for its assets only, by scripts/install.sh).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from edgestudio.core.packages import package_dir


def ultralytics_asset(name: str) -> Path:
    folder = package_dir("ultralytics")
    if folder is None:
        raise FileNotFoundError("ultralytics (assets only) is not installed: run scripts/install.sh --dev")
    path = folder / "assets" / name
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def skimage_photo(name: str) -> np.ndarray:
    import skimage.data

    rgb = getattr(skimage.data, name)()
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def write_photo(image: np.ndarray, path: Path) -> Path:
    cv2.imwrite(str(path), image)
    return path


def street_photos() -> list[np.ndarray]:
    """Real photos with persons in them."""
    return [
        cv2.imread(str(ultralytics_asset("bus.jpg"))),
        cv2.imread(str(ultralytics_asset("zidane.jpg"))),
        skimage_photo("astronaut"),
    ]


def make_video(path: Path, seconds: float = 4.0, fps: int = 30, size: tuple[int, int] = (640, 480)) -> Path:
    """A clip that pans slowly across real photos, one photo per segment."""
    width, height = size
    photos = street_photos()
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    if not writer.isOpened():
        raise RuntimeError("OpenCV cannot write MP4 here")
    total = int(seconds * fps)
    per_photo = max(1, total // len(photos))
    for index in range(total):
        photo = photos[min(index // per_photo, len(photos) - 1)]
        h, w = photo.shape[:2]
        scale = max(width / w, height / h) * 1.15
        resized = cv2.resize(photo, (round(w * scale), round(h * scale)))
        t = (index % per_photo) / per_photo
        x = round((resized.shape[1] - width) * t)
        y = round((resized.shape[0] - height) * (1 - t))
        writer.write(np.ascontiguousarray(resized[y : y + height, x : x + width]))
    writer.release()
    return path
