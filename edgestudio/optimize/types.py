"""What the optimizer plans, measures and reports: shared by every task's planner, the
child process that runs a plan, the CLI and the wizard (which reads them back from JSON).

Plain frozen dataclasses with ``to_dict``/``from_dict``: they cross a process boundary as
JSON lines (see ``optimize/run.py``) and are written into the reproducible report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from edgestudio.core.messages import from_wire, to_wire

# Tasks the optimizer serves, as the CLI spells them (`--task`).
OPTIMIZE_TASKS = ("detect", "faces", "asr", "chat")
TEXT_SUFFIX = "_text"  # "<field>_text": a sentence's template and parameters, for the GUI


def _with_texts(data: dict[str, Any], obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """``data`` plus, for each field in ``names`` holding a ``Text``, its template and
    parameters under ``<field>_text``, so the wizard can show it in its language."""
    for name in names:
        wire = to_wire(getattr(obj, name))
        if wire is not None:
            data[name + TEXT_SUFFIX] = wire
    return data


def _texts_back(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """``data`` with each field in ``names`` rebuilt as a ``Text`` where it came with one, and
    the ``<field>_text`` entries removed."""
    out = {k: v for k, v in data.items() if not k.endswith(TEXT_SUFFIX)}
    for name in names:
        if name in out:
            out[name] = from_wire(str(out[name]), data.get(name + TEXT_SUFFIX))
    return out


@dataclass(frozen=True)
class Candidate:
    """One way to run the source model: format x precision x runtime x device.

    ``available`` is False when it cannot run here; ``reason`` then says why and
    ``install_hint`` how to get it. ``recipe`` holds what builds it (quantizer settings,
    converter options), so results are cached by source hash + recipe."""

    id: str  # stable, readable: "openvino-nncf-int8-cpu"
    task: str
    label: str  # for people: "OpenVINO INT8 (NNCF, mixed preset), CPU"
    backend: str
    device: str
    format: str
    precision: str  # "fp32", "fp16", "bf16", "int8", "q4_k_m", "int8_float32", ...
    recipe: dict[str, Any] = field(default_factory=dict)
    available: bool = True
    reason: str = ""
    install_hint: str = ""
    baseline: bool = False  # the original model on its reference runtime
    gated: bool = False  # shown only behind a confirmation (e.g. re-quantizing a quantized GGUF)
    input_size: int = 0  # vision: the square input size it runs at (0 = not a vision candidate)

    TEXTS = ("label", "reason")

    def to_dict(self) -> dict[str, Any]:
        return _with_texts(asdict(self), self, self.TEXTS)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in _texts_back(data, cls.TEXTS).items() if k in names})


@dataclass(frozen=True)
class GateResult:
    """The accuracy gate's verdict for one candidate against the original model."""

    passed: bool
    metrics: dict[str, float]  # e.g. {"map50": 0.981, "f1": 0.93} or {"wer": 0.061}
    limits: dict[str, float]  # the thresholds the metrics were held to
    reason: str  # in words: "mAP@0.5 0.981 >= 0.97" or why it failed
    evidence: str = ""  # how much the verdict rests on: objects, pictures, interval (gate_evidence)

    TEXTS = ("reason", "evidence")

    def to_dict(self) -> dict[str, Any]:
        return _with_texts(asdict(self), self, self.TEXTS)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GateResult:
        return cls(**_texts_back(data, cls.TEXTS))


@dataclass(frozen=True)
class SpeedResult:
    """On-device measurements, interleaved with the original in the same run."""

    latency_p50_ms: float
    latency_p95_ms: float
    throughput: float  # items per second (frames, tokens, seconds of audio)
    throughput_unit: str
    speedup: float  # against the baseline measured in the same run
    load_ms: float = 0.0
    peak_memory_mb: float = 0.0
    energy_mj: float | None = None  # per inference, where the board exposes power
    energy_reason: str = ""  # why energy is not measurable here
    parallel_throughput: float | None = None  # with N parallel requests
    top_layers: list[dict[str, Any]] = field(default_factory=list)  # ten costliest, if profiled
    spread: float = 0.0  # latency's run-to-run spread relative to its median (bench.Timings.spread)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CandidateResult:
    """Everything learnt about one candidate; ``artifact`` is the built model's folder or file."""

    candidate: Candidate
    status: str  # "passed", "failed-gate", "failed-build", "unavailable", "skipped", "cancelled"
    message: str = ""
    artifact: str = ""
    gate: GateResult | None = None
    speed: SpeedResult | None = None
    settings: dict[str, Any] = field(default_factory=dict)  # deployed with it (re-fitted threshold)
    build_s: float = 0.0
    cached: bool = False
    float_layers: list[str] = field(default_factory=list)  # layers a quantized form kept in float
    repairs: str = ""  # the id of the candidate that failed the gate and this one repairs

    @property
    def deployable(self) -> bool:
        return self.status == "passed" and bool(self.artifact)

    TEXTS = ("message",)

    def to_dict(self) -> dict[str, Any]:
        data = _with_texts(asdict(self), self, self.TEXTS)
        data["candidate"] = self.candidate.to_dict()
        if self.gate is not None:
            data["gate"] = self.gate.to_dict()
        data["deployable"] = self.deployable
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CandidateResult:
        gate = data.get("gate")
        speed = data.get("speed")
        return cls(
            candidate=Candidate.from_dict(data["candidate"]),
            status=str(data["status"]),
            message=_texts_back(data, cls.TEXTS).get("message", ""),
            artifact=str(data.get("artifact", "")),
            gate=GateResult.from_dict(gate) if gate else None,
            speed=SpeedResult(**speed) if speed else None,
            settings=dict(data.get("settings", {})),
            build_s=float(data.get("build_s", 0.0)),
            cached=bool(data.get("cached", False)),
            float_layers=[str(n) for n in data.get("float_layers", [])],
            repairs=str(data.get("repairs", "")),
        )


@dataclass(frozen=True)
class OptimizeReport:
    """One optimizer run: what was tried on which hardware and data, and the pick."""

    task: str
    source: dict[str, Any]  # model id, name, format, sha256
    hardware: dict[str, Any]
    versions: dict[str, str]  # runtime and tool versions
    data: dict[str, Any]  # calibration/validation sets: sources, counts, sha256
    results: list[CandidateResult]
    pick: str = ""  # candidate id recommended, "" when none passed
    pick_reason: str = ""
    started_at: str = ""
    seconds: float = 0.0

    TEXTS = ("pick_reason",)

    def to_dict(self) -> dict[str, Any]:
        data = _with_texts(asdict(self), self, self.TEXTS)
        data["results"] = [r.to_dict() for r in self.results]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OptimizeReport:
        names = {f.name for f in fields(cls)} - {"results"}
        values = {k: v for k, v in _texts_back(data, cls.TEXTS).items() if k in names}
        return cls(results=[CandidateResult.from_dict(r) for r in data.get("results", [])], **values)
