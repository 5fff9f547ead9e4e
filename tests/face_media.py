"""Real photos of different people, from installed packages: Eileen Collins (scikit-image's
astronaut), Grace Hopper (matplotlib), Tom Hanks and a six-person group (insightface's data,
installed --no-deps for its images only)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from edgestudio.core.packages import package_dir


def _insightface_image(name: str) -> np.ndarray:
    folder = package_dir("insightface")
    if folder is None:
        raise FileNotFoundError("insightface (images only) is not installed: run scripts/install.sh --dev")
    image = cv2.imread(str(folder / "data" / "images" / name))
    assert image is not None
    return image


def eileen() -> np.ndarray:
    import skimage.data

    return cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)


def grace() -> np.ndarray:
    import matplotlib.cbook

    return cv2.imread(str(matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)))


def tom() -> np.ndarray:
    return cv2.resize(_insightface_image("Tom_Hanks_54745.png"), (224, 224))


def group() -> np.ndarray:
    return _insightface_image("t1.jpg")


def group_faces() -> list[np.ndarray]:
    """The six people of the group photo, each cropped with a margin (fixed boxes)."""
    faces = [(463, 270, 571, 415), (902, 60, 1010, 201), (745, 348, 847, 481),
             (60, 266, 167, 389), (1134, 272, 1225, 399), (273, 153, 371, 267)]  # fmt: skip
    image = group()
    crops = []
    for x1, y1, x2, y2 in faces:
        mx, my = (x2 - x1) * 0.3, (y2 - y1) * 0.3
        crops.append(image[max(0, int(y1 - my)) : int(y2 + my), max(0, int(x1 - mx)) : int(x2 + mx)].copy())
    return crops


def recognition_scene() -> np.ndarray:
    """Grace, Eileen and a stranger side by side (for live recognition views)."""
    tiles = [cv2.resize(img, (300, 340)) for img in (grace(), eileen(), cv2.resize(tom(), (300, 300)))]
    return np.hstack(tiles)


def no_face() -> np.ndarray:
    import skimage.data

    return cv2.cvtColor(skimage.data.coffee(), cv2.COLOR_RGB2BGR)


def altered(image: np.ndarray) -> dict[str, np.ndarray]:
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 25])
    assert ok
    return {
        "flipped": cv2.flip(image, 1),
        "rescaled": cv2.resize(image, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA),
        "recompressed": cv2.imdecode(jpeg, cv2.IMREAD_COLOR),
    }


def write_video(
    path: Path, segments: list[tuple[np.ndarray, int]], size: tuple[int, int] = (640, 480)
) -> Path:
    """Each (image, frames) segment letterboxed into the frame, with a slow zoom so frames differ."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 15, size)
    for image, count in segments:
        for i in range(count):
            zoom = 1.0 + 0.15 * i / max(1, count)
            scale = min(size[0] / image.shape[1], size[1] / image.shape[0]) * 0.8 * zoom
            resized = cv2.resize(image, None, fx=scale, fy=scale)
            canvas = np.full((size[1], size[0], 3), 40, np.uint8)
            h, w = min(resized.shape[0], size[1]), min(resized.shape[1], size[0])
            y, x = (size[1] - h) // 2, (size[0] - w) // 2
            canvas[y : y + h, x : x + w] = resized[:h, :w]
            writer.write(canvas)
    writer.release()
    return path
