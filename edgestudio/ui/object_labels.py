"""Object class names in the GUI's language (GUI thread).

A detector's class names come from its model (COCO-80 for the default one) in English. The
COCO names are listed here for ``pyside6-lupdate`` so the Detect tab's boxes and counts speak
the GUI's language; a name with no translation (a user's own model's classes) is shown as
the model gives it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from edgestudio.ui.i18n import QT_TRANSLATE_NOOP

LABELS_CONTEXT = "ObjectLabels"

COCO_LABELS = (
    QT_TRANSLATE_NOOP("ObjectLabels", "person"),
    QT_TRANSLATE_NOOP("ObjectLabels", "bicycle"),
    QT_TRANSLATE_NOOP("ObjectLabels", "car"),
    QT_TRANSLATE_NOOP("ObjectLabels", "motorcycle"),
    QT_TRANSLATE_NOOP("ObjectLabels", "airplane"),
    QT_TRANSLATE_NOOP("ObjectLabels", "bus"),
    QT_TRANSLATE_NOOP("ObjectLabels", "train"),
    QT_TRANSLATE_NOOP("ObjectLabels", "truck"),
    QT_TRANSLATE_NOOP("ObjectLabels", "boat"),
    QT_TRANSLATE_NOOP("ObjectLabels", "traffic light"),
    QT_TRANSLATE_NOOP("ObjectLabels", "fire hydrant"),
    QT_TRANSLATE_NOOP("ObjectLabels", "stop sign"),
    QT_TRANSLATE_NOOP("ObjectLabels", "parking meter"),
    QT_TRANSLATE_NOOP("ObjectLabels", "bench"),
    QT_TRANSLATE_NOOP("ObjectLabels", "bird"),
    QT_TRANSLATE_NOOP("ObjectLabels", "cat"),
    QT_TRANSLATE_NOOP("ObjectLabels", "dog"),
    QT_TRANSLATE_NOOP("ObjectLabels", "horse"),
    QT_TRANSLATE_NOOP("ObjectLabels", "sheep"),
    QT_TRANSLATE_NOOP("ObjectLabels", "cow"),
    QT_TRANSLATE_NOOP("ObjectLabels", "elephant"),
    QT_TRANSLATE_NOOP("ObjectLabels", "bear"),
    QT_TRANSLATE_NOOP("ObjectLabels", "zebra"),
    QT_TRANSLATE_NOOP("ObjectLabels", "giraffe"),
    QT_TRANSLATE_NOOP("ObjectLabels", "backpack"),
    QT_TRANSLATE_NOOP("ObjectLabels", "umbrella"),
    QT_TRANSLATE_NOOP("ObjectLabels", "handbag"),
    QT_TRANSLATE_NOOP("ObjectLabels", "tie"),
    QT_TRANSLATE_NOOP("ObjectLabels", "suitcase"),
    QT_TRANSLATE_NOOP("ObjectLabels", "frisbee"),
    QT_TRANSLATE_NOOP("ObjectLabels", "skis"),
    QT_TRANSLATE_NOOP("ObjectLabels", "snowboard"),
    QT_TRANSLATE_NOOP("ObjectLabels", "sports ball"),
    QT_TRANSLATE_NOOP("ObjectLabels", "kite"),
    QT_TRANSLATE_NOOP("ObjectLabels", "baseball bat"),
    QT_TRANSLATE_NOOP("ObjectLabels", "baseball glove"),
    QT_TRANSLATE_NOOP("ObjectLabels", "skateboard"),
    QT_TRANSLATE_NOOP("ObjectLabels", "surfboard"),
    QT_TRANSLATE_NOOP("ObjectLabels", "tennis racket"),
    QT_TRANSLATE_NOOP("ObjectLabels", "bottle"),
    QT_TRANSLATE_NOOP("ObjectLabels", "wine glass"),
    QT_TRANSLATE_NOOP("ObjectLabels", "cup"),
    QT_TRANSLATE_NOOP("ObjectLabels", "fork"),
    QT_TRANSLATE_NOOP("ObjectLabels", "knife"),
    QT_TRANSLATE_NOOP("ObjectLabels", "spoon"),
    QT_TRANSLATE_NOOP("ObjectLabels", "bowl"),
    QT_TRANSLATE_NOOP("ObjectLabels", "banana"),
    QT_TRANSLATE_NOOP("ObjectLabels", "apple"),
    QT_TRANSLATE_NOOP("ObjectLabels", "sandwich"),
    QT_TRANSLATE_NOOP("ObjectLabels", "orange"),
    QT_TRANSLATE_NOOP("ObjectLabels", "broccoli"),
    QT_TRANSLATE_NOOP("ObjectLabels", "carrot"),
    QT_TRANSLATE_NOOP("ObjectLabels", "hot dog"),
    QT_TRANSLATE_NOOP("ObjectLabels", "pizza"),
    QT_TRANSLATE_NOOP("ObjectLabels", "donut"),
    QT_TRANSLATE_NOOP("ObjectLabels", "cake"),
    QT_TRANSLATE_NOOP("ObjectLabels", "chair"),
    QT_TRANSLATE_NOOP("ObjectLabels", "couch"),
    QT_TRANSLATE_NOOP("ObjectLabels", "potted plant"),
    QT_TRANSLATE_NOOP("ObjectLabels", "bed"),
    QT_TRANSLATE_NOOP("ObjectLabels", "dining table"),
    QT_TRANSLATE_NOOP("ObjectLabels", "toilet"),
    QT_TRANSLATE_NOOP("ObjectLabels", "tv"),
    QT_TRANSLATE_NOOP("ObjectLabels", "laptop"),
    QT_TRANSLATE_NOOP("ObjectLabels", "mouse"),
    QT_TRANSLATE_NOOP("ObjectLabels", "remote"),
    QT_TRANSLATE_NOOP("ObjectLabels", "keyboard"),
    QT_TRANSLATE_NOOP("ObjectLabels", "cell phone"),
    QT_TRANSLATE_NOOP("ObjectLabels", "microwave"),
    QT_TRANSLATE_NOOP("ObjectLabels", "oven"),
    QT_TRANSLATE_NOOP("ObjectLabels", "toaster"),
    QT_TRANSLATE_NOOP("ObjectLabels", "sink"),
    QT_TRANSLATE_NOOP("ObjectLabels", "refrigerator"),
    QT_TRANSLATE_NOOP("ObjectLabels", "book"),
    QT_TRANSLATE_NOOP("ObjectLabels", "clock"),
    QT_TRANSLATE_NOOP("ObjectLabels", "vase"),
    QT_TRANSLATE_NOOP("ObjectLabels", "scissors"),
    QT_TRANSLATE_NOOP("ObjectLabels", "teddy bear"),
    QT_TRANSLATE_NOOP("ObjectLabels", "hair drier"),
    QT_TRANSLATE_NOOP("ObjectLabels", "toothbrush"),
)


def object_label(name: str) -> str:
    """``name`` (a class name from a model) in the GUI's language, or as it is."""
    return QCoreApplication.translate(LABELS_CONTEXT, name) if name else name
