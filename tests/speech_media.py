"""Real speech for tests: Debian's LibriVox readings (pocketsphinx-testdata, with reference
transcripts) and sentences spoken by espeak-ng with several voices and rates."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
PARAGRAPH = (
    "The train leaves the station at seven in the morning. Passengers should arrive early, "
    "buy their tickets at the machine near the entrance, and wait on the second platform. "
    "Coffee and newspapers are sold in the small shop next to the waiting room."
)


def librivox() -> list[tuple[Path, str]]:
    """(wav, reference) pairs; fails loudly if the package is missing."""
    listing = LIBRIVOX / "transcription"
    if not listing.is_file():
        raise FileNotFoundError("pocketsphinx-testdata is not installed: run scripts/install.sh --dev")
    pairs = []
    for line in listing.read_text().splitlines():
        text, _, file_id = line.strip().rpartition("(")
        text = text.replace("<s>", "").replace("</s>", "").strip()
        pairs.append((LIBRIVOX / f"{file_id.rstrip(')')}.wav", text))
    return pairs


def espeak(text: str, path: Path, voice: str = "en-us", rate: int = 160) -> Path:
    if shutil.which("espeak-ng") is None:
        raise FileNotFoundError("espeak-ng is not installed: run scripts/install.sh --dev")
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(path), text], check=True)
    return path


WORDS = (
    "zero", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "eleven", "twelve",
)  # fmt: skip
NUMBERS = dict(enumerate(WORDS))


def normalise(text: str) -> str:
    text = text.lower().replace("mr.", "mister").replace("mrs.", "missus").replace("-", " ")
    text = re.sub(r"\b(\d{1,2})\b", lambda m: NUMBERS.get(int(m.group(1)), m.group(1)), text)
    return " ".join(re.sub(r"[^a-z' ]", " ", text).split())


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    return float(jiwer.wer(normalise(reference), normalise(hypothesis)))


def write_wav(path: Path, audio: np.ndarray, rate: int = 16_000) -> Path:
    import wave

    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    return path
