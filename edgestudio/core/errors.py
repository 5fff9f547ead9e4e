"""One error hierarchy, with messages written for the person at the kiosk.

Every error carries a short ``message`` (what went wrong, in plain words) and an optional
``hint`` (what to do about it). Workers catch exceptions at one boundary and turn them into
:class:`ErrorInfo` for the ``failed`` signal, so the GUI never shows a traceback.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass


class EdgeStudioError(Exception):
    """Base class of every error EdgeStudio raises on purpose."""

    title = "Something went wrong"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class ModelLoadError(EdgeStudioError):
    title = "The model could not be loaded"


class ModelFormatError(ModelLoadError):
    title = "This file is not a model EdgeStudio can use"


class BackendUnavailable(EdgeStudioError):
    title = "This runtime is not available"


class InferenceError(EdgeStudioError):
    title = "The model failed while running"


class ConversionError(EdgeStudioError):
    title = "The model could not be converted"


class SourceError(EdgeStudioError):
    title = "The video source could not be used"


class MediaError(SourceError):
    """An audio or video file that cannot be used: not media, no audio track, damaged."""

    title = "The file could not be read"


class ConfigError(EdgeStudioError):
    title = "The settings could not be read"


class StorageError(EdgeStudioError):
    title = "Data could not be saved"


class ModelAlreadyStored(EdgeStudioError):
    """A model whose content is already in the model store; ``model_id`` names that entry."""

    title = "This model is already in the store"

    def __init__(self, message: str, hint: str = "", model_id: str = "") -> None:
        super().__init__(message, hint)
        self.model_id = model_id


class StorageFullError(StorageError):
    """The disk holding the data folder is full; the write was undone, nothing changed."""

    title = "The disk is full"


class StorageReadOnlyError(StorageError):
    """The data folder (or a database in it) cannot be written; nothing was changed."""

    title = "The data folder is read-only"


class StorageDamagedError(StorageError):
    """A database file is not a database or is malformed (the only case called damaged)."""

    title = "A data file is damaged"


class InputError(EdgeStudioError):
    """A command-line value or a file given by the user cannot be used."""

    title = "This input cannot be used"


class Cancelled(EdgeStudioError):
    title = "Cancelled"

    def __init__(self, message: str = "The operation was cancelled.", hint: str = "") -> None:
        super().__init__(message, hint)


@dataclass(frozen=True)
class ErrorInfo:
    """A picklable, thread-safe description of a failure, for signals and JSON output."""

    title: str
    message: str
    hint: str
    kind: str
    details: str = ""

    @classmethod
    def from_exception(cls, exc: BaseException) -> ErrorInfo:
        """Describe ``exc``; unexpected exceptions keep their traceback in ``details``."""
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        if isinstance(exc, EdgeStudioError):
            return cls(exc.title, exc.message, exc.hint, type(exc).__name__, details)
        return cls(
            "Unexpected error",
            f"{type(exc).__name__}: {exc}",
            "The details are in the log file.",
            type(exc).__name__,
            details,
        )

    def text(self) -> str:
        """The message and hint as one readable paragraph."""
        return f"{self.message} {self.hint}".strip()
