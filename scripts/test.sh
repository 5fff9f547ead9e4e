#!/usr/bin/env bash
# Install what the tests need (idempotent, uses pip's cache) and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev
# The PyInstaller bundle and its .deb (about 2 minutes): tests/test_kiosk_bundle.py runs the
# app from the bundle alone. Skip with EDGESTUDIO_SKIP_BUNDLE=1 (the bundle tests then build
# it on demand, or deselect them with -m "not bundle").
if [ "${EDGESTUDIO_SKIP_BUNDLE:-0}" != "1" ]; then
    bash packaging/build.sh
fi
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
