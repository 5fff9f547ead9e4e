"""The chat planner: llama.cpp quant types built with llama.cpp's own quantizer, gated on
perplexity against the source and timed in tokens/s interleaved with it.

A float GGUF (F32/F16/BF16) is a lossless source: every quant type is offered. A quantized
source (the packaged SmolLM2 ships as Q4_1 only) is offered only behind the gate
(``Candidate.gated``): re-quantizing a quantized model stacks a second rounding on the
first. :func:`make_working_copy` writes an F16 copy of such a model (its weights exactly as
quantized, rounded to F16 once), which is a clean source for the quantizer.

Every method runs on the calling thread (the optimizer's child process, the CLI, a test).
"""

from __future__ import annotations

import logging
import statistics
import time
from pathlib import Path

from edgestudio.core.artifact import FORMAT_GGUF
from edgestudio.core.errors import Cancelled, InputError
from edgestudio.core.hardware import HardwareProfile, chat_threads, probe_hardware
from edgestudio.core.messages import Text
from edgestudio.core.model_store import ModelEntry
from edgestudio.core.paths import resources_dir
from edgestudio.core.types import TASK_CHAT
from edgestudio.optimize import gguf_tools
from edgestudio.optimize.converters.runtimes import runtime_id
from edgestudio.optimize.plan_tools import (
    cached_build,
    hardware_record,
    interleaved_ratio,
    now_iso,
    package_versions,
    pick_fastest,
    recipe_key,
    source_record,
)
from edgestudio.optimize.planners import EventSink, PlanContext, PlanOptions, emit_result, emit_stage
from edgestudio.optimize.types import Candidate, CandidateResult, GateResult, OptimizeReport, SpeedResult

log = logging.getLogger(__name__)

TASK = "chat"
DEFAULT_PERPLEXITY_GATE = 0.05  # a candidate's perplexity may exceed the source's by 5 %
DEFAULT_TEXT = resources_dir() / "text" / "perplexity-en.txt"
SPEED_PROMPT = "The history of the printing press begins"
SPEED_TOKENS = 48
SPEED_ROUNDS = 3
PERPLEXITY_WITHIN = "perplexity {ppl:.3f} vs the source's {source:.3f} ({increase:+.1%}), within {limit:.0%}"
PERPLEXITY_OVER = "perplexity {ppl:.3f} vs the source's {source:.3f} ({increase:+.1%}), more than {limit:.0%}"
REQUANTIZE_WARNING = (
    "The source is already quantized ({source}): quantizing it again stacks a second rounding on "
    "the first and loses accuracy. Offered only behind the gate; an F16 working copy "
    "(--working-copy) is a cleaner source."
)


def baseline_id() -> str:
    return "llamacpp-source-cpu"


def _candidate_id(quant: str) -> str:
    return f"llamacpp-{quant.lower().replace('_', '-')}-cpu"


def read_text(location: str) -> tuple[str, Path]:
    """The held-apart text: a .txt file, a folder of .txt files, or the packaged sample."""
    path = Path(location).expanduser() if location else DEFAULT_TEXT
    if path.is_dir():
        files = sorted(path.glob("*.txt"))
        if not files:
            raise InputError(
                f"{path} holds no .txt file to score perplexity on.", "Give a folder of plain-text files."
            )
        return "\n\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files), path
    if not path.is_file():
        raise InputError(f"The text {path} does not exist.", "Give a plain-text file or a folder of them.")
    return path.read_text(encoding="utf-8", errors="replace"), path


def make_working_copy(source: Path, cache_dir: Path, work_dir: Path) -> tuple[Path, bool]:
    """An F16 copy of a quantized GGUF in the cache (built once per source); returns its path
    and whether it was cached. Takes seconds to a minute; any thread."""
    from edgestudio.core.artifact import file_sha256

    key = recipe_key(
        file_sha256(source), {"op": "f16-working-copy", "gguf": package_versions(["gguf"])["gguf"]}
    )
    name = f"{source.stem.split('.')[0]}.F16.gguf"
    return cached_build(
        cache_dir, work_dir, key, name, lambda target: gguf_tools.make_f16_working_copy(source, target)
    )


class ChatPlanner:
    """Plans and runs the chat optimization (see the module docstring)."""

    task = TASK

    def candidates(self, ctx: PlanContext, source: ModelEntry, profile: HardwareProfile) -> list[Candidate]:
        """The source on llama.cpp (the baseline) and one candidate per quant type."""
        file_type = gguf_tools.gguf_file_type(source.path)
        backend = runtime_id(ctx.registry, TASK_CHAT, FORMAT_GGUF)
        lossless = file_type in gguf_tools.FLOAT_TYPES
        found = [
            Candidate(
                id=baseline_id(),
                task=TASK,
                label=Text("Source ({type}), llama.cpp, CPU", type=file_type),
                backend=backend,
                device="cpu",
                format="gguf",
                precision=file_type.lower(),
                baseline=True,
            )
        ]
        for quant in gguf_tools.QUANT_TYPES:
            same = quant == file_type
            found.append(
                Candidate(
                    id=_candidate_id(quant),
                    task=TASK,
                    label=Text("{quant} from {type}, llama.cpp, CPU", quant=quant, type=file_type),
                    backend=backend,
                    device="cpu",
                    format="gguf",
                    precision=quant.lower(),
                    recipe={
                        "quantizer": "llama_model_quantize",
                        "quant_type": quant,
                        "source_type": file_type,
                    },
                    available=not same,
                    reason="the source already is this type"
                    if same
                    else ("" if lossless else Text(REQUANTIZE_WARNING, source=file_type)),
                    gated=not lossless,
                )
            )
        return found

    def run(
        self,
        ctx: PlanContext,
        source: ModelEntry,
        candidates: list[Candidate],
        options: PlanOptions,
        channel: EventSink,
    ) -> OptimizeReport:
        """Build, gate and time each selected candidate; emits ``stage`` and ``result`` events.

        Options: ``gate`` (relative perplexity increase allowed, default 0.05), ``validation``
        (the text), ``only`` (candidate ids; a gated candidate runs only when named here or
        when ``extra["allow_requantize"]`` is true), ``benchmark_rounds``, and in ``extra``:
        ``text_chars`` (score only the text's first N characters), ``speed_tokens``.
        """
        started = time.perf_counter()
        started_at = now_iso()
        profile = probe_hardware()
        threads = chat_threads(profile)
        limit = DEFAULT_PERPLEXITY_GATE if options.gate is None else float(options.gate)
        text, text_path = read_text(options.validation)
        text_chars = int(options.extra.get("text_chars", 0) or 0)
        if text_chars:
            text = text[:text_chars]
        rounds = options.benchmark_rounds or SPEED_ROUNDS
        speed_tokens = int(options.extra.get("speed_tokens", SPEED_TOKENS))
        allow_gated = bool(options.extra.get("allow_requantize", False))
        chosen = [c for c in candidates if not c.baseline and (not options.only or c.id in options.only)]
        total = max(1, len(chosen)) + 1

        emit_stage(channel, "gate", baseline_id(), 0.0, "Scoring the source's perplexity")
        reference = gguf_tools.perplexity(source.path, text, threads=threads)
        results: list[CandidateResult] = []
        source_rates: list[float] = []  # the source's rounds, interleaved with every candidate's
        for index, candidate in enumerate(chosen, start=1):
            result = self._run_one(
                ctx,
                source,
                candidate,
                reference.value,
                limit,
                text,
                threads,
                speed_tokens,
                rounds,
                allow_gated or candidate.id in options.only,
                options.use_cache,
                channel,
                index / total,
                source_rates,
            )
            results.append(result)
            emit_result(channel, result)
        base = next((c for c in candidates if c.baseline), None)
        if base is not None:
            if not source_rates:  # no candidate was timed: time the source alone
                source_rates = self._speed_alone(source.path, threads, speed_tokens, rounds)
            baseline = CandidateResult(
                candidate=base,
                status="passed",
                message="The original model.",
                artifact=str(source.path),
                gate=GateResult(True, {"perplexity": round(reference.value, 4)}, {}, "the reference"),
                speed=SpeedResult(0.0, 0.0, round(statistics.median(source_rates), 2), "tokens/s", 1.0),
            )
            results.insert(0, baseline)
            emit_result(channel, baseline)
        pick, reason = pick_fastest(results, "tokens/s")
        return OptimizeReport(
            task=TASK,
            source=source_record(source, quantization=gguf_tools.gguf_file_type(source.path)),
            hardware=hardware_record(profile),
            versions=package_versions(["llama_cpp_python", "gguf"]),
            data={
                "perplexity_text": str(text_path),
                "text_sha256": _sha256_text(text),
                "text_characters": len(text),
                "tokens_scored": reference.tokens,
                "gate": f"perplexity at most {limit:.0%} above the source's",
                "speed": f"{speed_tokens} generated tokens, {rounds} interleaved rounds, {threads} threads",
            },
            results=results,
            pick=pick,
            pick_reason=reason,
            started_at=started_at,
            seconds=round(time.perf_counter() - started, 1),
        )

    # --- one candidate -----------------------------------------------------------------

    def _run_one(
        self,
        ctx: PlanContext,
        source: ModelEntry,
        candidate: Candidate,
        reference_ppl: float,
        limit: float,
        text: str,
        threads: int,
        speed_tokens: int,
        rounds: int,
        confirmed: bool,
        use_cache: bool,
        channel: EventSink,
        fraction: float,
        source_rates: list[float],
    ) -> CandidateResult:
        if not candidate.available:
            return CandidateResult(candidate, "unavailable", candidate.reason)
        if candidate.gated and not confirmed:
            return CandidateResult(
                candidate, "skipped", candidate.reason + " Confirm it (allow re-quantizing) to build it."
            )
        quant = str(candidate.recipe["quant_type"])
        emit_stage(
            channel,
            "quantize",
            candidate.id,
            fraction,
            Text("Quantizing to {quant} with llama.cpp", quant=quant),
        )
        key = recipe_key(
            source.sha256, {**candidate.recipe, "llama_cpp": package_versions(["llama_cpp_python"])}
        )
        if not use_cache:
            key += f"-{int(time.time())}"
        built_at = time.perf_counter()
        try:
            artifact, cached = cached_build(
                ctx.cache_dir,
                ctx.work_dir,
                key,
                f"{source.path.stem.split('.')[0]}.{quant}.gguf",
                lambda target: gguf_tools.quantize_gguf(source.path, target, quant, threads),
            )
        except Cancelled:
            raise
        except Exception as exc:  # a failed build is one candidate's result, not the run's
            log.warning("building %s failed: %s", candidate.id, exc)
            return CandidateResult(candidate, "failed-build", f"The build failed: {exc}")
        build_s = time.perf_counter() - built_at
        emit_stage(channel, "gate", candidate.id, fraction, Text("Scoring {quant}'s perplexity", quant=quant))
        ppl = gguf_tools.perplexity(artifact, text, threads=threads).value
        increase = ppl / reference_ppl - 1.0
        passed = increase <= limit
        gate = GateResult(
            passed,
            {
                "perplexity": round(ppl, 4),
                "source_perplexity": round(reference_ppl, 4),
                "increase": round(increase, 4),
            },
            {"increase": limit},
            Text(
                PERPLEXITY_WITHIN if passed else PERPLEXITY_OVER,
                ppl=ppl,
                source=reference_ppl,
                increase=increase,
                limit=limit,
            ),
        )
        emit_stage(
            channel,
            "benchmark",
            candidate.id,
            fraction,
            Text("Timing {quant} against the source", quant=quant),
        )
        speed = self._speed_against(source.path, artifact, threads, speed_tokens, rounds, source_rates)
        return CandidateResult(
            candidate,
            "passed" if passed else "failed-gate",
            gate.reason,
            artifact=str(artifact),
            gate=gate,
            speed=speed,
            settings={"threads": threads},
            build_s=round(build_s, 2),
            cached=cached,
        )

    @staticmethod
    def _speed_alone(model: Path, threads: int, tokens: int, rounds: int) -> list[float]:
        llm = gguf_tools.load_for_speed(model, threads)
        try:
            gguf_tools.decode_speed(llm, SPEED_PROMPT, 4)  # warm-up
            return [gguf_tools.decode_speed(llm, SPEED_PROMPT, tokens) for _ in range(rounds)]
        finally:
            llm.close()

    @staticmethod
    def _speed_against(
        source: Path, candidate: Path, threads: int, tokens: int, rounds: int, source_rates: list[float]
    ) -> SpeedResult:
        """Tokens/s of ``candidate`` and the source, rounds interleaved (S C S C ... S); the
        source's rounds are added to ``source_rates``."""
        base_llm = gguf_tools.load_for_speed(source, threads)
        loaded = time.perf_counter()
        cand_llm = gguf_tools.load_for_speed(candidate, threads)
        load_ms = (time.perf_counter() - loaded) * 1e3
        try:
            for llm in (base_llm, cand_llm):
                gguf_tools.decode_speed(llm, SPEED_PROMPT, 4)
            base: list[float] = [gguf_tools.decode_speed(base_llm, SPEED_PROMPT, tokens)]
            cand: list[float] = []
            for _ in range(rounds):
                cand.append(gguf_tools.decode_speed(cand_llm, SPEED_PROMPT, tokens))
                base.append(gguf_tools.decode_speed(base_llm, SPEED_PROMPT, tokens))
        finally:
            base_llm.close()
            cand_llm.close()
        source_rates.extend(base)
        per_token = sorted(1e3 / r for r in cand if r > 0)
        p95 = per_token[min(len(per_token) - 1, round(0.95 * (len(per_token) - 1)))] if per_token else 0.0
        return SpeedResult(
            latency_p50_ms=round(statistics.median(per_token), 2) if per_token else 0.0,
            latency_p95_ms=round(p95, 2),
            throughput=round(statistics.median(cand), 2),
            throughput_unit="tokens/s",
            speedup=round(interleaved_ratio(base, cand), 3),
            load_ms=round(load_ms, 1),
            energy_reason="energy per token is not measured for chat candidates",
        )


def _sha256_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()
