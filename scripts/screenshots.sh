#!/usr/bin/env bash
# Save screenshots of the Detect tab (running, with boxes) and of the Device panel, taken in
# a real window under Xvfb, into the folder given (default: screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-screenshots}"
mkdir -p "$out"
.venv/bin/python -c "from pathlib import Path; from tests.media import make_video; make_video(Path('$out/street.mp4'))"
xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/edgestudio screenshots "$out" --source "$out/street.mp4"
