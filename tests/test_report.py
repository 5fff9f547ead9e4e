"""The optimizer report: JSON with hardware, versions and hashes, and one self-contained HTML
page with its plots, opened in headless Chromium when it is installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from edgestudio.core.hardware import probe_hardware
from edgestudio.optimize.plan_tools import hardware_record, package_versions
from edgestudio.optimize.report import render_html, write_report
from edgestudio.optimize.types import Candidate, CandidateResult, GateResult, OptimizeReport, SpeedResult


def _report() -> OptimizeReport:
    def result(cid: str, status: str, ppl: float, speedup: float, baseline: bool = False) -> CandidateResult:
        candidate = Candidate(
            cid, "chat", cid.upper(), "llamacpp", "cpu", "gguf", cid, {"quant_type": cid}, baseline=baseline
        )
        gate = GateResult(status == "passed", {"perplexity": ppl}, {"increase": 0.05}, f"perplexity {ppl}")
        speed = SpeedResult(10.0, 12.0, 40.0 * speedup, "tokens/s", speedup)
        return CandidateResult(candidate, status, gate.reason, f"/cache/{cid}.gguf", gate, speed)

    return OptimizeReport(
        task="chat",
        source={"id": "smol", "name": "SmolLM2 <F16>", "format": "gguf", "sha256": "ab" * 32},
        hardware=hardware_record(probe_hardware()),
        versions=package_versions(["gguf"]),
        data={"perplexity_text": "perplexity-en.txt", "text_sha256": "cd" * 32},
        results=[
            result("f16", "passed", 13.8, 1.0, baseline=True),
            result("q8_0", "passed", 14.1, 1.6),
            result("q2_k", "failed-gate", 25.1, 2.4),
            CandidateResult(
                Candidate(
                    "cuda", "chat", "GPU", "llamacpp", "gpu", "gguf", "f16", available=False, reason="no GPU"
                ),
                "unavailable",
                "no GPU",
            ),
        ],
        pick="q8_0",
        pick_reason="Q8_0 is the fastest that passed.",
        started_at="2025-01-01T00:00:00",
        seconds=12.5,
    )


def test_json_carries_hardware_versions_and_hashes(tmp_path: Path) -> None:
    report = _report()
    json_path, html_path = write_report(report, tmp_path / "report")
    data = json.loads(json_path.read_text())
    assert data["hardware"]["cpu_model"] and data["hardware"]["logical_cores"] >= 1
    assert data["versions"]["edgestudio"] and data["versions"]["gguf"] != "not installed"
    assert data["source"]["sha256"] == "ab" * 32 and data["data"]["text_sha256"] == "cd" * 32
    assert [r["deployable"] for r in data["results"]] == [True, True, False, False]
    assert OptimizeReport.from_dict(data).to_dict() == json.loads(json.dumps(report.to_dict()))
    assert html_path.is_file()


def test_html_is_self_contained_with_two_plots() -> None:
    page = render_html(_report())
    assert page.count("<svg") == 2
    assert "SmolLM2 &lt;F16&gt;" in page  # escaped
    assert 'href="http' not in page and "url(http" not in page and "<script" not in page
    assert "src=" not in page and "<link" not in page
    assert "Q8_0 is the fastest that passed." in page and "no GPU" in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_the_page_renders_in_headless_chromium(tmp_path: Path) -> None:
    _json, html_path = write_report(_report(), tmp_path)
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1280,1600",
            f"--screenshot={shot}",
            html_path.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.is_file() and shot.stat().st_size > 20_000
