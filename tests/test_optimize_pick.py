"""The optimizer's pick when speeds tie (issue 19, item 4): candidates within the measured
timing spread (at least 3 %) of each other cannot be told apart by speed, so the more
accurate one wins and the reason says so, in English and in Chinese."""

from __future__ import annotations

import random

import pytest

from edgestudio.optimize.bench import Timings
from edgestudio.optimize.detect_plan import TIE_SPREAD, pick
from edgestudio.optimize.types import Candidate, CandidateResult, GateResult, SpeedResult
from edgestudio.ui import i18n
from tests.test_i18n import chinese, compiled_translations  # noqa: F401 - fixtures


def result(
    cid: str, label: str, speedup: float, map50: float, f1: float, spread: float = 0.0
) -> CandidateResult:
    candidate = Candidate(cid, "detect", label, "openvino", "CPU", "openvino-ir", "int8")
    gate = GateResult(True, {"map50": map50, "f1": f1}, {"map50": 0.97}, "passed")
    speed = SpeedResult(10.0, 11.0, 100.0, "frames/s", speedup, spread=spread)
    return CandidateResult(
        candidate, "passed", artifact="x", gate=gate, speed=speed, settings={"confidence": 0.4}
    )


# The run from the issue: NNCF INT8 was picked at 1.568x over OpenVINO FP16 weights at 1.564x.
NNCF = result("openvino-nncf-int8-cpu", "OpenVINO INT8 (NNCF), CPU", 1.568, 0.986, 0.897)
FP16 = result("openvino-fp16-cpu", "OpenVINO IR FP16 weights, CPU", 1.564, 1.0, 1.0)


def test_within_the_spread_the_more_accurate_candidate_wins() -> None:
    pick_id, reason = pick([NNCF, FP16])
    assert pick_id == FP16.candidate.id
    assert "within the timing spread (3%) of OpenVINO INT8 (NNCF), CPU (1.57x)" in reason
    assert "more accurate (mAP@0.5 1.000 and F1 1.000 against 0.986 and 0.897)" in reason


def test_a_clear_speed_difference_still_wins() -> None:
    slower = result("openvino-fp16-cpu", "FP16", 1.40, 1.0, 1.0)  # 11 % slower than 1.568x
    pick_id, reason = pick([NNCF, slower])
    assert pick_id == NNCF.candidate.id and "timing spread" not in reason


def test_a_wider_measured_spread_widens_the_tie() -> None:
    noisy = result("openvino-nncf-int8-cpu", "NNCF", 1.568, 0.986, 0.897, spread=0.08)
    slower = result("openvino-fp16-cpu", "FP16", 1.47, 1.0, 1.0)  # 6 % slower: within 8 %
    pick_id, reason = pick([noisy, slower])
    assert pick_id == slower.candidate.id and "(8%)" in reason


def test_the_pick_is_never_less_accurate_than_a_candidate_within_3_percent_of_its_speed() -> None:
    rng = random.Random(7)
    for _ in range(300):
        results = [
            result(
                f"c{i}",
                f"C{i}",
                rng.uniform(1.01, 2.0),
                round(rng.uniform(0.97, 1.0), 3),
                rng.uniform(0.8, 1),
            )
            for i in range(rng.randint(2, 6))
        ]
        pick_id, _ = pick(results)
        chosen = next(r for r in results if r.candidate.id == pick_id)
        for other in results:
            assert other.speed is not None and chosen.speed is not None and other.gate and chosen.gate
            close = abs(other.speed.speedup - chosen.speed.speedup) <= chosen.speed.speedup * TIE_SPREAD
            if close:
                mine, theirs = chosen.gate.metrics, other.gate.metrics
                assert (mine["map50"], mine["f1"]) >= (theirs["map50"], theirs["f1"])


@pytest.mark.parametrize(("samples", "expected"), [((10.0, 10.0, 10.0, 10.0), 0.0), ((9, 10, 10, 11), 0.025)])
def test_the_timing_spread_is_half_the_interquartile_range_over_the_median(
    samples: tuple[float, ...], expected: float
) -> None:
    assert Timings(tuple(float(s) for s in samples)).spread == pytest.approx(expected)


def test_the_tie_reason_speaks_chinese(chinese) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _, reason = pick([NNCF, FP16])
    shown = i18n.tr_message(reason)
    assert "计时波动" in shown and "更准确" in shown and "1.000" in shown, shown
