"""Where the ``tritonserver`` program of ``nvidia-pytriton`` lives, and how to start it.

``pip install --no-deps nvidia-pytriton==0.7.0`` gives Triton Inference Server 2.51: the
``tritonserver`` binary (``pytriton/tritonserver/bin``), its Python backend
(``.../backends/python``), a backend stub per Python version (``.../python_backend_stubs``) and
the libraries they link (``nvidia_pytriton.libs``). ``--no-deps`` because the pytriton Python
package pins NumPy 1, which EdgeStudio's stack cannot take; only the binary is used, never
its Python API (so it is located with ``importlib.util.find_spec``, not imported).

Two measured pitfalls handled here:

- the stub links ``libpython3.X.so``; under a pyenv (or any non-system) interpreter the system's
  copy would run the other build's standard library ("'_thread.RLock' object has no
  attribute '_recursion_count'"), so this interpreter's own ``LIBDIR`` goes first on
  ``LD_LIBRARY_PATH``;
- the stub's interpreter is the base installation, not the virtual environment, and it
  ignores ``PYTHONPATH`` (its ``sys.path`` was the base's own, plus the model's folders): each
  generated ``model.py`` puts this interpreter's ``sys.path`` (:func:`import_paths`) in front
  before it imports EdgeStudio.

Any thread; pure path and environment work, nothing is started here.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from edgestudio.core.errors import BackendUnavailable

PYTRITON_VERSION = "0.7.0"
INSTALL_HINT = (
    f"Install Triton with: pip install --no-deps nvidia-pytriton=={PYTRITON_VERSION} "
    "(and pip install 'edgestudio[site]' for its client); see the README, 'A site with many kiosks'."
)


class TritonNotInstalled(BackendUnavailable):
    title = "Triton Inference Server is not installed"


@dataclass(frozen=True)
class TritonInstall:
    """The files of one ``nvidia-pytriton`` installation."""

    root: Path  # .../site-packages/pytriton/tritonserver
    libs: Path  # .../site-packages/nvidia_pytriton.libs

    @property
    def binary(self) -> Path:
        return self.root / "bin" / "tritonserver"

    @property
    def python_backend(self) -> Path:
        return self.root / "backends" / "python"

    def stub(self, version: tuple[int, int] | None = None) -> Path:
        major, minor = version or sys.version_info[:2]
        return self.root / "python_backend_stubs" / f"{major}.{minor}" / "triton_python_backend_stub"


def pytriton_package() -> Path | None:
    """The folder of the installed ``pytriton`` package, found without importing it."""
    spec = importlib.util.find_spec("pytriton")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None


def find_triton(package_root: Path | None = None) -> TritonInstall:
    """The installed ``tritonserver``; TritonNotInstalled (naming the install command) when
    the package, the binary, its Python backend or the stub for this Python is missing."""
    if package_root is None:
        package_root = pytriton_package()
        if package_root is None:
            raise TritonNotInstalled(
                "nvidia-pytriton (which carries tritonserver) is not installed.", INSTALL_HINT
            )
    install = TritonInstall(package_root / "tritonserver", package_root.parent / "nvidia_pytriton.libs")
    wanted = [install.binary, install.python_backend / "libtriton_python.so", install.stub()]
    missing = [p for p in wanted if not p.is_file()]
    if missing:
        raise TritonNotInstalled(
            f"The Triton installation in {package_root} is incomplete: {missing[0]} is missing.", INSTALL_HINT
        )
    return install


def prepare_backends(install: TritonInstall, folder: Path) -> Path:
    """A backend directory for this interpreter: the Python backend's files and the stub for
    this Python version, linked (not copied) from the installation. Returns ``folder``."""
    python = folder / "python"
    python.mkdir(parents=True, exist_ok=True)
    links = {
        "libtriton_python.so": install.python_backend / "libtriton_python.so",
        "triton_python_backend_utils.py": install.python_backend / "triton_python_backend_utils.py",
        "triton_python_backend_stub": install.stub(),
    }
    for name, target in links.items():
        link = python / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target)
    return folder


def interpreter_libdir() -> Path | None:
    """This Python's own shared-library folder when it was built with a shared libpython
    (pyenv, Debian), else None."""
    if not sysconfig.get_config_var("Py_ENABLE_SHARED"):
        return None
    libdir = sysconfig.get_config_var("LIBDIR")
    return Path(libdir) if libdir else None


def server_environment(install: TritonInstall, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment ``tritonserver`` and its stubs run in (see the module docstring)."""
    env = dict(os.environ if base is None else base)
    libdirs = [str(d) for d in (interpreter_libdir(), install.libs) if d is not None]
    if env.get("LD_LIBRARY_PATH"):
        libdirs.append(env["LD_LIBRARY_PATH"])
    env["LD_LIBRARY_PATH"] = os.pathsep.join(libdirs)
    return env


def import_paths() -> list[str]:
    """This interpreter's module search path (its virtual environment, EdgeStudio itself, the
    plugins): what the stubs must search first."""
    return list(dict.fromkeys(str(Path(p).resolve()) for p in sys.path if p and Path(p).exists()))
