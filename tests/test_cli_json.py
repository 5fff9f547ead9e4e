"""Every ``--json`` command of the CLI prints only its JSON document on standard output (issue
19, item 5): the commands are listed from the argparse parser itself, so a new one fails here
until it is given cheap arguments below. Each runs as a real process (the shell's ``| jq``)
on real models and media, in one fresh EDGESTUDIO_HOME, and its whole standard output is
parsed with ``json.loads``. ``optimize`` runs ONNX Runtime's INT8 calibrator, which prints
"Collecting tensor data and making histogram ..." with ``print``: that line must reach the
progress stream on standard error instead."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import cv2
import pytest

from edgestudio.cli import build_parser
from tests import face_media, media, speech_media

PIN = "amber-falcon-2468"


def json_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[str]:
    """The command paths ("models list", "bench grid", "faces") that take ``--json``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from json_commands(sub, (*path, name))
    if any("--json" in action.option_strings for action in parser._actions):
        yield " ".join(path)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("json-media")
    photos = folder / "photos"
    photos.mkdir()
    bus = media.ultralytics_asset("bus.jpg")
    for index, image in enumerate(media.street_photos()):  # and mirrored: the 4 pictures needed
        cv2.imwrite(str(photos / f"street{index}.jpg"), image)
        cv2.imwrite(str(photos / f"street{index}-mirrored.jpg"), cv2.flip(image, 1))
    held_apart = folder / "validation"
    held_apart.mkdir()
    for name in ("grace", "tom", "group", "no_face"):  # not the astronaut: she is Eileen
        cv2.imwrite(str(held_apart / f"{name}.jpg"), getattr(face_media, name)())
    face = folder / "grace.png"
    cv2.imwrite(str(face), face_media.grace())
    face_media.write_video(folder / "grace.mp4", [(face_media.grace(), 4)])
    speech = speech_media.librivox()[0][0]
    note = folder / "opening-hours.md"
    note.write_text("# Opening hours\n\nThe pool opens at 7 in the morning and closes at 9 at night.\n")
    return {
        "bus": bus,
        "photos": photos,
        "validation": held_apart,
        "face": face,
        "speech": speech,
        "note": note,
        "dir": folder,
    }


def arguments(files: dict[str, Path]) -> dict[str, list[str]]:
    """Cheap arguments for each --json command, in the order they run (add, then remove)."""
    bus, photos, face = str(files["bus"]), str(files["photos"]), str(files["face"])
    return {
        "doctor": ["doctor"],
        "detect": ["detect", bus],
        "bench detect": ["bench", "detect", "--source", bus, "--frames", "2", "--rounds", "2",
                         "--latency-seconds", "1"],
        "bench faces": ["bench", "faces", "--source", str(files["dir"] / "grace.mp4"), "--frames", "2"],
        "bench asr": ["bench", "asr", "--files", str(files["speech"]), "--rounds", "1"],
        "bench chat": ["bench", "chat", "--max-tokens", "4", "--rounds", "2", "--warmup", "0"],
        "bench docs": ["bench", "docs", "--passages", "40", "--pages", "4"],
        "bench grid": ["bench", "grid", "--task", "detect", "--sizes", "320", "--backends", "onnxruntime",
                       "--precisions", "fp32", "--frames", "2", "--views", "1", "--validation", photos],
        "models": ["models"],
        "models list": ["models", "list"],
        "models add": ["models", "add", str(files["dir"] / "detector.onnx"), "--name", "json-test"],
        "models export": ["models", "export", "centernet-coco", "--triton", str(files["dir"] / "triton")],
        "models convert": ["models", "convert", "centernet-coco", "--to", "openvino"],
        "models rollback": ["models", "rollback", "--task", "detect"],
        "models remove": ["models", "remove", "json-test"],
        "faces": ["faces", "--pin", PIN, "list"],
        "faces list": ["faces", "--pin", PIN, "list"],
        "faces identify": ["faces", "--pin", PIN, "identify", face],
        "faces status": ["faces", "status"],
        "kiosk status": ["kiosk", "status"],
        "transcribe": ["transcribe", str(files["speech"])],
        "chat": ["chat", "--prompt", "Say hi.", "--max-tokens", "4", "--seed", "1"],
        "docs add": ["docs", "add", str(files["note"])],
        "docs list": ["docs", "list"],
        "docs refresh": ["docs", "refresh"],
        "docs remove": ["docs", "remove", files["note"].name],
        "serve": ["serve", "--detect", "centernet-coco", "--http-port", "0", "--grpc-port", "0",
                  "--metrics-port", "0", "--check"],
        "bench fallback": ["bench", "fallback", "--source", bus, "--cycles", "1"],
        "bench serve": ["bench", "serve", "--source", bus, "--streams", "1", "--seconds", "1",
                        "--form", "jpeg"],
        "optimize": ["optimize", "--task", "detect", "--only", "onnxruntime-int8-cpu", "--calibration",
                     photos, "--validation", str(files["validation"]), "--rounds", "1", "--no-cache"],
    }  # fmt: skip


def test_every_json_command_prints_only_its_document(files: dict[str, Path], tmp_path: Path) -> None:
    commands = arguments(files)
    listed = set(json_commands(build_parser()))
    assert listed == set(commands), f"give these --json commands cheap arguments: {listed ^ set(commands)}"
    env = {**os.environ, "EDGESTUDIO_HOME": str(tmp_path / "home")}
    env.pop("CREDENTIALS_DIRECTORY", None)
    store = subprocess.run(
        [sys.executable, "-m", "edgestudio", "models", "list", "--json"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    detector = next(m for m in json.loads(store.stdout) if m["id"] == "centernet-coco")
    (files["dir"] / "detector.onnx").write_bytes(Path(detector["path"]).read_bytes())
    failures = []
    for name, argv in commands.items():
        ran = subprocess.run(
            [sys.executable, "-m", "edgestudio", *argv, "--json"],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        try:
            document = json.loads(ran.stdout)
        except json.JSONDecodeError as exc:
            failures.append(f"{name}: {exc}: {ran.stdout[:300]!r} (stderr {ran.stderr[-300:]!r})")
            continue
        assert isinstance(document, (dict, list)), name
        if name == "optimize":
            assert "Collecting tensor data" in ran.stderr, "the calibrator's print reaches the progress"
            assert any(r["id"] == "onnxruntime-int8-cpu" for r in document["candidates"]), document.keys()
    assert not failures, "\n".join(failures)


def test_bench_faces_on_a_still_photo_says_why_in_json(
    files: dict[str, Path],
    ctx,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    """It stopped with a bare AssertionError and a traceback (found by the test above)."""
    from edgestudio.cli import main

    assert main(["bench", "faces", "--source", str(files["face"]), "--frames", "2", "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert "gave no frame to time" in error["message"] and "video" in error["hint"]


def test_detect_on_a_site_server_names_the_runtime_and_the_fallback_reason(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """``detect --server URL --json`` (issue 17): "remote" answered with no fallback reason; a
    server that is gone: the local model answered and the JSON says why; a bad address: an
    error document."""
    import socket

    from tests.site_server_fixtures import start_test_server

    env = {**os.environ, "EDGESTUDIO_HOME": str(tmp_path / "home")}
    env.pop("CREDENTIALS_DIRECTORY", None)

    def detect(url: str, *more: str) -> tuple[int, dict[str, object]]:
        ran = subprocess.run(
            [sys.executable, "-m", "edgestudio", "detect", str(files["bus"]), "--server", url, "--json",
             *more],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        return ran.returncode, json.loads(ran.stdout)

    def found(document: dict[str, object]) -> list[tuple[str, float]]:
        return [(d["label"], d["score"]) for d in document["results"][0]["detections"]]  # type: ignore[index]

    server = start_test_server(tmp_path / "site")
    try:
        code, served = detect(server.grpc_url)
        jpeg_code, thin = detect(server.grpc_url, "--form", "jpeg")  # JPEG in, detections out
    finally:
        server.stop()
    assert code == 0 and served["backend"] == "remote" and served["runtime"] == "remote", served
    assert served["fallback_reason"] == "" and served["results"][0]["runtime"] == "remote"  # type: ignore[index]
    assert served["form"] == "tensors" and len(found(served)) >= 4
    assert jpeg_code == 0 and thin["form"] == "jpeg" and thin["runtime"] == "remote", thin
    assert thin["fallback_reason"] == "" and thin["results"][0]["runtime"] == "remote"  # type: ignore[index]
    # the server ran the whole pipeline on the JPEG: the same objects, scores within JPEG's loss
    assert [label for label, _ in found(thin)] == [label for label, _ in found(served)]
    assert all(abs(a - b) < 0.05 for (_, a), (_, b) in zip(found(thin), found(served), strict=True))
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        gone = f"grpc://127.0.0.1:{sock.getsockname()[1]}"
    code, local = detect(gone)
    assert code == 0 and local["runtime"] not in ("", "remote"), local
    assert str(local["fallback_reason"]).startswith("server unreachable"), local
    assert local["results"][0]["runtime"] == local["runtime"]  # type: ignore[index]
    code, bad = detect("ftp://server")
    assert code == 2 and "is not a site server address" in bad["error"]["message"]  # type: ignore[index]
