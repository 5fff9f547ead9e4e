"""Entry point of the PyInstaller bundle: the ``edgestudio`` command.

The app starts helper processes as ``sys.executable -m MODULE ARGS`` (ProcessJob children, the
GGUF load check). In the bundle ``sys.executable`` is this program, so ``-m MODULE`` is
handled here by running that bundled module as ``__main__``, like the interpreter would.
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys


def run() -> int:
    if len(sys.argv) >= 3 and sys.argv[1] == "-m":
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from edgestudio.cli import main

    return main()


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(run())
