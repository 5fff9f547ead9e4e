"""Command-line values are refused in words before any work, and ``detect --save`` never
claims a file it did not write (issue 12, points 5 and 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from edgestudio.cli import main


@pytest.fixture(autouse=True)
def _isolated(ctx) -> None:  # type: ignore[no-untyped-def]
    """Every test gets its own EDGESTUDIO_HOME (the ``ctx`` fixture sets it)."""


@pytest.mark.parametrize("option", [["--conf", "nan"], ["--conf", "5"], ["--conf", "0"], ["--iou", "2"]])
def test_thresholds_must_be_finite_numbers_in_the_unit_interval(
    option: list[str], bus_jpg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["detect", str(bus_jpg), *option])
    assert exited.value.code == 2
    assert "greater than 0 and at most 1" in capsys.readouterr().err


def test_save_into_a_missing_folder_fails_and_claims_nothing(
    bus_jpg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nonexistent" / "dir" / "out.png"
    assert main(["detect", str(bus_jpg), "--save", str(target), "--json"]) != 0
    captured = capsys.readouterr()
    assert "does not exist" in captured.out and '"saved"' not in captured.out
    assert not target.exists()


def test_save_with_an_unknown_image_type_is_refused(
    bus_jpg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["detect", str(bus_jpg), "--save", str(tmp_path / "out.foo")]) != 0
    assert "unsupported image type" in capsys.readouterr().err
    assert not list(tmp_path.glob("out*"))


def test_save_writes_a_real_image_and_says_where(
    bus_jpg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import cv2

    target = tmp_path / "out.jpg"
    assert main(["detect", str(bus_jpg), "--save", str(target), "--json"]) == 0
    assert str(target) in capsys.readouterr().out
    assert cv2.imread(str(target)) is not None


@pytest.mark.parametrize("backend", [[], ["--backend", "onnxruntime"]])
def test_an_unknown_device_names_the_devices_the_backend_has(
    backend: list[str], bus_jpg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["detect", str(bus_jpg), *backend, "--device", "bogus"]) != 0
    err = capsys.readouterr().err
    assert "no device called 'bogus'" in err and "Its devices:" in err


def test_a_folder_given_as_an_image_says_it_is_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["detect", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().out
