"""What the video view paints over a frame for each task's results (GUI thread)."""

from __future__ import annotations

from collections.abc import Sequence

from edgestudio.core.types import Detection
from edgestudio.tasks.detection.draw import class_color
from edgestudio.tasks.faces.gallery import UNKNOWN
from edgestudio.tasks.faces.recognize import RecognizedFace
from edgestudio.ui.i18n import format_number
from edgestudio.ui.object_labels import object_label
from edgestudio.ui.widgets.video_view import Overlay

ACCEPTED_COLOUR = (60, 190, 80)  # R, G, B: a known face, an accepted enrollment capture
REFUSED_COLOUR = (220, 60, 60)  # an unknown face, a refused capture


def detection_overlays(detections: Sequence[Detection]) -> list[Overlay]:
    """Boxes for the view: "label score" in the GUI's language, a stable colour per class."""
    overlays = []
    for det in detections:
        blue, green, red = class_color(det.class_id)
        label = f"{object_label(det.label)} {format_number(det.score, 2)}"
        overlays.append(Overlay(det.box, label, (red, green, blue)))
    return overlays


def face_overlays(faces: Sequence[RecognizedFace], unknown: str) -> list[Overlay]:
    """Boxes for the view: a known person's name (in any script) and score on green, ``unknown``
    on red."""
    return [
        Overlay(face.box, f"{face.name} {format_number(face.score, 2)}", ACCEPTED_COLOUR)
        if face.name != UNKNOWN
        else Overlay(face.box, unknown, REFUSED_COLOUR)
        for face in faces
    ]
