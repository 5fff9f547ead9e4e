"""A frame's model input is made on the capture thread, ahead of its inference.

Real detector, real video file, real CaptureThread and InferenceSession; the only fake is a
preparer that raises, to show a failure there costs nothing but the head start."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path

import cv2
import numpy as np

from edgestudio.core.types import DetectionResult, Frame
from edgestudio.core.video import SourceSpec
from edgestudio.tasks.detection.detector import PreparedInput
from edgestudio.tasks.detection.pipeline import DetectionOptions, DetectionPipeline, build_detection_pipeline
from edgestudio.workers.capture import CaptureThread
from edgestudio.workers.mailbox import FrameMailbox
from edgestudio.workers.session import InferenceSession


def take_frames(mailbox: FrameMailbox[Frame], count: int) -> list[Frame]:
    frames: list[Frame] = []
    deadline = time.monotonic() + 30
    while len(frames) < count and time.monotonic() < deadline:
        frame = mailbox.take(0.5)
        if frame is not None:
            frames.append(frame)
    return frames


def test_the_capture_thread_prepares_each_frame_as_the_detector_would(
    registry, default_entry, street_video: Path
) -> None:
    pipeline = build_detection_pipeline(registry, default_entry, DetectionOptions("onnxruntime"))
    try:
        mailbox: FrameMailbox[Frame] = FrameMailbox()
        threads: set[int] = set()

        def preparer(image: np.ndarray) -> PreparedInput:
            threads.add(threading.get_ident())
            return pipeline.prepare_input(image)

        mailbox.input_preparer = preparer
        spec = SourceSpec("file", str(street_video), loop=False)
        capture = CaptureThread(spec, mailbox, pacing="on_demand")
        capture.start()
        frames = take_frames(mailbox, 5)
        assert capture.stop()
        assert len(frames) == 5
        assert threads == {capture.ident}
        for frame in frames:
            prepared = frame.prepared
            assert isinstance(prepared, PreparedInput) and prepared.ms > 0
            feeds, transform = pipeline.detector.prepare(frame.image)
            assert prepared.transform == transform
            for name, tensor in feeds.items():
                assert np.array_equal(prepared.feeds[name], tensor)
    finally:
        pipeline.close()


def test_a_preparer_that_fails_leaves_the_frame_to_the_consumer(street_video: Path) -> None:
    mailbox: FrameMailbox[Frame] = FrameMailbox()

    def broken(image: np.ndarray) -> None:
        raise ValueError("not this one")

    mailbox.input_preparer = broken
    errors: list[object] = []
    capture = CaptureThread(
        SourceSpec("file", str(street_video), loop=False), mailbox, pacing="on_demand", on_error=errors.append
    )
    capture.start()
    frames = take_frames(mailbox, 3)
    assert capture.stop()
    assert len(frames) == 3 and all(f.prepared is None for f in frames)
    assert errors == []


def test_a_prepared_input_is_used_only_by_the_model_it_was_made_for(registry, default_entry, bus_jpg) -> None:
    pipeline = build_detection_pipeline(registry, default_entry, DetectionOptions("onnxruntime"))
    try:
        image = cv2.imread(str(bus_jpg))
        plain = pipeline.process(Frame(image, 0, time.perf_counter(), 0.0))
        prepared = pipeline.prepare_input(image)
        ahead = pipeline.process(Frame(image, 0, time.perf_counter(), 0.0, prepared))
        assert ahead.detections == plain.detections
        assert ahead.times.pre_ms == prepared.ms  # spent on the other thread, reported as such
        assert "person" in {d.label for d in plain.detections}

        # Made for another input size (a model swapped while the capture thread ran): ignored.
        spec = pipeline.detector.spec
        other = dataclasses.replace(spec, input_width=spec.input_width // 2)
        blank = {spec.input_name: np.zeros((1, 3, 8, 8), np.float32)}
        stale = PreparedInput(other, blank, prepared.transform, 1.0)
        again = pipeline.process(Frame(image, 0, time.perf_counter(), 0.0, stale))
        assert again.detections == plain.detections
        assert again.times.pre_ms != 1.0
    finally:
        pipeline.close()


def test_a_stream_hands_its_preparer_to_the_capture_thread_and_takes_it_back(
    qtbot, registry, default_entry, street_video: Path
) -> None:
    options = DetectionOptions("onnxruntime")
    session = InferenceSession(
        lambda report: build_detection_pipeline(registry, default_entry, options, report), "test"
    )
    with qtbot.waitSignal(session.loaded, timeout=60_000):
        session.load()
    mailbox: FrameMailbox[Frame] = FrameMailbox()
    results: list[DetectionResult] = []
    session.result.connect(results.append)
    capture = CaptureThread(SourceSpec("file", str(street_video), loop=True), mailbox, pacing="on_demand")
    try:
        session.start_stream(mailbox)
        qtbot.waitUntil(lambda: mailbox.input_preparer is not None, timeout=10_000)
        preparer = mailbox.input_preparer
        assert isinstance(getattr(preparer, "__self__", None), DetectionPipeline)
        capture.start()
        qtbot.waitUntil(lambda: len(results) >= 5, timeout=60_000)
        assert {d.label for r in results for d in r.detections}  # real detections came back
        session.cancel()
        with qtbot.waitSignal(session.closed, timeout=10_000):
            session.close()
        assert mailbox.input_preparer is None
    finally:
        assert capture.stop()
        if session.is_running:
            session.close()
