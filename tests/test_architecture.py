"""The layering of ARCHITECTURE.md, checked by import-linter, and Qt-free lower layers."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    proc = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Contracts: 4 kept, 0 broken" in proc.stdout


def test_cli_detect_does_not_import_qt(bus_jpg: Path, tmp_path: Path) -> None:
    code = (
        "import sys; from edgestudio.cli import main; "
        f"rc = main(['detect', {str(bus_jpg)!r}, '--backend', 'onnxruntime', '--json']); "
        "assert 'PySide6' not in sys.modules, 'Qt was imported'; sys.exit(rc)"
    )
    env = {"EDGESTUDIO_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
