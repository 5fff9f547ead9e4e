# PyInstaller hook for faster-whisper: its Silero VAD model (faster_whisper/assets/*.onnx) is
# package data that the analysis does not see; without it vad_filter=True fails in the bundle.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("faster_whisper")
