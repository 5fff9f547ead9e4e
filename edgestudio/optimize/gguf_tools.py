"""GGUF building blocks for the chat optimizer: an F16 working copy of a quantized model,
llama.cpp's own quantizer, perplexity on a held-apart text, and tokens/s.

Every function writes into a path the caller chose inside a work folder (never into the
model store) and runs on whichever thread or process calls it; the optimizer calls them in
its child process. llama.cpp and the ``gguf`` package are imported inside the functions.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from edgestudio.core.errors import Cancelled, ConversionError, InputError

log = logging.getLogger(__name__)

# llama.cpp quant types the optimizer offers, best quality first, with llama.cpp's ftype name.
QUANT_TYPES: dict[str, str] = {
    "Q8_0": "LLAMA_FTYPE_MOSTLY_Q8_0",
    "Q6_K": "LLAMA_FTYPE_MOSTLY_Q6_K",
    "Q5_K_M": "LLAMA_FTYPE_MOSTLY_Q5_K_M",
    "Q4_K_M": "LLAMA_FTYPE_MOSTLY_Q4_K_M",
    "Q3_K_M": "LLAMA_FTYPE_MOSTLY_Q3_K_M",
    "Q2_K": "LLAMA_FTYPE_MOSTLY_Q2_K",
}
FLOAT_TYPES = ("F32", "F16", "BF16")
FILE_TYPE_KEY = "general.file_type"
MOSTLY_F16 = 1  # llama_ftype LLAMA_FTYPE_MOSTLY_F16


def gguf_file_type(path: Path) -> str:
    """The GGUF's quantization as llama.cpp names it ("Q4_1", "F16", ...)."""
    from gguf import GGUFReader, LlamaFileType

    reader = GGUFReader(str(path))
    field = reader.fields.get(FILE_TYPE_KEY)
    if field is not None:
        with contextlib.suppress(ValueError):
            name = LlamaFileType(int(field.contents())).name
            return name.removeprefix("MOSTLY_").removeprefix("ALL_")
    types = {t.tensor_type.name for t in reader.tensors if len(t.shape) > 1}
    return types.pop() if len(types) == 1 else "mixed"


def is_float_gguf(path: Path) -> bool:
    """True when the weights are unquantized (F32, F16 or BF16): a lossless source."""
    return gguf_file_type(path) in FLOAT_TYPES


def make_f16_working_copy(source: Path, target: Path) -> Path:
    """Write ``target``: ``source`` with every quantized tensor dequantized to F16 and all its
    metadata copied (``general.file_type`` becomes F16).

    The F16 copy holds the source's quantized weights (rounded to F16 once), so quantizing it
    again does not compound two quantizers' errors the way re-quantizing the file itself does.
    Written to ``target.part`` and renamed into place: a kill leaves no half file. Any thread.
    """
    from gguf import GGMLQuantizationType, GGUFReader, GGUFValueType, GGUFWriter
    from gguf.quants import dequantize

    reader = GGUFReader(str(source))
    arch_field = reader.fields.get("general.architecture")
    if arch_field is None:
        raise ConversionError(f"{source.name} has no general.architecture: it is not a llama.cpp model.")
    partial = target.with_name(target.name + ".part")
    writer = GGUFWriter(str(partial), str(arch_field.contents()), endianess=reader.endianess)
    try:
        for field in reader.fields.values():
            if field.name.startswith("GGUF.") or field.name == "general.architecture":
                continue  # written by the writer itself
            if field.name == FILE_TYPE_KEY:
                writer.add_uint32(FILE_TYPE_KEY, MOSTLY_F16)
                continue
            value_type = field.types[0]
            sub_type = field.types[-1] if value_type == GGUFValueType.ARRAY else None
            writer.add_key_value(field.name, field.contents(), value_type, sub_type=sub_type)
        float_types = (GGMLQuantizationType.F32, GGMLQuantizationType.F16)
        for tensor in reader.tensors:
            if tensor.tensor_type in float_types:
                data = np.asarray(tensor.data)
            else:
                data = dequantize(tensor.data, tensor.tensor_type).astype(np.float16)
            writer.add_tensor(tensor.name, data)  # shape in numpy order, as the reader gives it
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            writer.close()
        partial.unlink(missing_ok=True)
        raise
    return target


def quantize_gguf(source: Path, target: Path, quant_type: str, threads: int = 0) -> Path:
    """Quantize ``source`` to ``quant_type`` with llama.cpp's own quantizer into ``target``.

    A quantized source is re-quantized (``allow_requantize``): the caller offers that only
    behind the gate. Written to ``target.part`` first. Blocks for seconds to minutes.
    """
    import llama_cpp

    # llama.cpp logs every tensor it converts; keep only its errors (llama-cpp-python's logger)
    logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)
    if quant_type not in QUANT_TYPES:
        raise InputError(
            f"'{quant_type}' is not a quant type the optimizer builds.",
            f"Use one of {', '.join(QUANT_TYPES)}.",
        )
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = int(getattr(llama_cpp, QUANT_TYPES[quant_type]))
    params.nthread = int(threads)
    params.allow_requantize = True
    partial = target.with_name(target.name + ".part")
    with _native_stderr_to_log(f"quantizing {source.name} to {quant_type}"):
        code = llama_cpp.llama_model_quantize(
            str(source).encode("utf-8"), str(partial).encode("utf-8"), params
        )
    if code != 0 or not partial.is_file():
        partial.unlink(missing_ok=True)
        raise ConversionError(
            f"llama.cpp could not quantize {source.name} to {quant_type} (code {code}).",
            "The log file has llama.cpp's messages; the source may be damaged.",
        )
    os.replace(partial, target)
    return target


@contextlib.contextmanager
def _native_stderr_to_log(what: str) -> Iterator[None]:
    """Catch what native code prints on fd 2 (llama.cpp's per-tensor fallback warnings) and
    log a summary instead of flooding the terminal or the child's stderr tail."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            lines = sink.read().decode("utf-8", errors="replace").splitlines()
    fallbacks = sum("falling back" in line for line in lines)
    if fallbacks:
        log.info(
            "%s: %d tensors fell back to another type (shape not divisible by the block)", what, fallbacks
        )
    for line in lines:
        if "error" in line.lower():
            log.warning("%s: %s", what, line)


@dataclass(frozen=True)
class Perplexity:
    """Perplexity of a model on a text: exp(mean negative log-likelihood per token)."""

    value: float
    tokens: int  # tokens scored
    windows: int


def _load(path: Path, n_ctx: int, threads: int, logits_all: bool) -> Any:
    from llama_cpp import Llama

    return Llama(
        model_path=str(path),
        n_ctx=n_ctx,
        n_batch=n_ctx,
        n_threads=threads or None,
        n_threads_batch=threads or None,
        logits_all=logits_all,
        verbose=False,
    )


def _log_softmax_at(logits: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """log p(target) per row of ``logits`` (rows x vocab), computed stably."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1))
    return shifted[np.arange(len(targets)), targets] - log_norm


def perplexity(
    model: Path,
    text: str,
    *,
    n_ctx: int = 512,
    threads: int = 0,
    cancelled: Callable[[], bool] = lambda: False,
) -> Perplexity:
    """Perplexity of ``model`` on ``text`` in non-overlapping windows of ``n_ctx`` tokens,
    scoring the second half of each window (each scored token sees at least n_ctx/2 tokens
    of context, as llama.cpp's perplexity tool does). Any thread; raises Cancelled."""
    llm = _load(model, n_ctx, threads, logits_all=True)
    try:
        tokens = llm.tokenize(text.encode("utf-8"), add_bos=False)
        prefix = llm.tokenize(b"", add_bos=True)  # [BOS] when the model wants one, else []
        span = n_ctx - len(prefix)
        if len(tokens) < 16:
            raise InputError("The perplexity text is too short to score.", "Use a text of a few paragraphs.")
        nll: list[np.ndarray] = []
        windows = 0
        for start in range(0, max(1, len(tokens) - span // 2), span):
            if cancelled():
                raise Cancelled()
            chunk = tokens[start : start + span]
            if len(chunk) < 8:
                break
            llm.reset()
            llm.eval([*prefix, *chunk])
            # the logits at input position p predict the token at p + 1
            logits = np.asarray(llm.scores[: len(prefix) + len(chunk)], dtype=np.float32)
            first = max(1, len(chunk) // 2 if start else 0)  # the first token has no context
            rows = logits[len(prefix) + first - 1 : len(prefix) + len(chunk) - 1]
            targets = np.asarray(chunk[first:], dtype=np.int64)
            nll.append(-_log_softmax_at(rows, targets))
            windows += 1
        scored = np.concatenate(nll)
        return Perplexity(float(np.exp(scored.mean())), int(scored.size), windows)
    finally:
        llm.close()


def decode_speed(llm: Any, prompt: str, tokens: int) -> float:
    """Tokens per second of greedy generation of ``tokens`` tokens after ``prompt`` (the time
    from the first generated token to the last, so prompt processing is not counted)."""
    llm.reset()
    first = 0.0
    count = 0
    for _ in llm.create_completion(prompt, max_tokens=tokens, temperature=0.0, stream=True, seed=1):
        count += 1
        if count == 1:
            first = time.perf_counter()
    end = time.perf_counter()
    return (count - 1) / (end - first) if count > 1 and end > first else 0.0


def load_for_speed(model: Path, threads: int = 0) -> Any:
    """A llama.cpp model loaded for :func:`decode_speed` (close it with ``.close()``)."""
    return _load(model, 512, threads, logits_all=False)
