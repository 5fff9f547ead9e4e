#!/usr/bin/env bash
# Save screenshots of every view, taken in a real window under Xvfb, into the folder given
# (default: screenshots/). Needs the test install (scripts/install.sh --dev) for its media.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-screenshots}")"
mkdir -p "$out"
py=.venv/bin/python
$py -c "from pathlib import Path; from tests.media import make_video; make_video(Path('$out/street.mp4'))"
$py - "$out" <<'PY'
import sys
from pathlib import Path
import numpy as np
from faster_whisper import decode_audio
from edgestudio.benchmarks.asr import write_wav
from tests.speech_media import PARAGRAPH, espeak, librivox
out = Path(sys.argv[1])
parts = [decode_audio(str(wav)) for wav, _ in librivox()]
parts.append(decode_audio(str(espeak(PARAGRAPH, out / "paragraph.wav"))))
write_wav(out / "speech.wav", np.concatenate(parts))
espeak("Good morning. Please show me the way to the train station.", out / "phrase.wav", rate=150)
PY
shoot() { xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/edgestudio screenshots "$out" "$@"; }
# Without a sound server first: the no-microphone state, and every other view.
XDG_RUNTIME_DIR="$out/no-pulse" shoot --source "$out/street.mp4" --audio "$out/speech.wav"
# Then a PulseAudio null sink as microphone, fed with speech, for the live view.
export XDG_RUNTIME_DIR="$out/pulse"
mkdir -p "$XDG_RUNTIME_DIR"
pulseaudio -D --exit-idle-time=-1 -n --load=module-native-protocol-unix \
    --load="module-null-sink sink_name=edgemic" --load=module-always-sink
pactl set-default-source edgemic.monitor
(for _ in $(seq 20); do paplay --device=edgemic "$out/phrase.wav"; sleep 0.7; done) &
player=$!
shoot --views live || true
kill "$player" 2>/dev/null || true
pulseaudio --kill || true
