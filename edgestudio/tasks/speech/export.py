"""Transcript exports: TXT, SRT, VTT and JSON (with word timestamps when present)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from edgestudio.backends.speech import Segment

FORMATS = ("txt", "srt", "vtt", "json")


def _stamp(seconds: float, separator: str) -> str:
    millis = round(max(0.0, seconds) * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def to_txt(segments: Sequence[Segment]) -> str:
    return "\n".join(s.text for s in segments) + "\n"


def to_srt(segments: Sequence[Segment]) -> str:
    blocks = [
        f"{i}\n{_stamp(s.start, ',')} --> {_stamp(s.end, ',')}\n{s.text}\n" for i, s in enumerate(segments, 1)
    ]
    return "\n".join(blocks)


def to_vtt(segments: Sequence[Segment]) -> str:
    blocks = [f"{_stamp(s.start, '.')} --> {_stamp(s.end, '.')}\n{s.text}\n" for s in segments]
    return "WEBVTT\n\n" + "\n".join(blocks)


def to_json(segments: Sequence[Segment], meta: dict[str, Any]) -> str:
    return json.dumps({**meta, "segments": [asdict(s) for s in segments]}, indent=2, ensure_ascii=False)


def export(segments: Sequence[Segment], fmt: str, meta: dict[str, Any] | None = None) -> str:
    if fmt == "txt":
        return to_txt(segments)
    if fmt == "srt":
        return to_srt(segments)
    if fmt == "vtt":
        return to_vtt(segments)
    if fmt == "json":
        return to_json(segments, meta or {})
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
