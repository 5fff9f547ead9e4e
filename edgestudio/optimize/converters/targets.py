"""The target ids ``edgestudio convert --to`` takes, and the format each produces."""

from __future__ import annotations

from edgestudio.core.artifact import FORMAT_NCNN, FORMAT_OPENVINO_IR

TARGETS: dict[str, str] = {"ncnn": FORMAT_NCNN, "openvino": FORMAT_OPENVINO_IR}
