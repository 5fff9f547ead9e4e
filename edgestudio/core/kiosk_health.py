"""What the kiosk's health strip shows about the machine: memory and temperatures.

Temperatures come from ``psutil.sensors_temperatures()`` (hwmon: ``coretemp`` on Intel NUCs,
``k10temp`` on AMD) and from ``/sys/class/thermal/thermal_zone*`` (Jetson boards expose CPU,
GPU and SoC zones there and no hwmon CPU sensor). Boards that expose neither show none. Qt-free;
a sample takes well under a millisecond, so the GUI thread calls it every couple of seconds.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import psutil

log = logging.getLogger(__name__)

THERMAL_ROOT = Path("/sys/class/thermal")
MAX_TEMPERATURES = 4


@dataclass(frozen=True)
class Temperature:
    label: str
    celsius: float


@dataclass(frozen=True)
class SystemHealth:
    memory_used_mb: int
    memory_total_mb: int
    process_mb: int  # resident memory of this process
    temperatures: tuple[Temperature, ...]


def _hwmon_temperatures() -> list[Temperature]:
    try:
        sensors = psutil.sensors_temperatures()
    except (AttributeError, OSError):  # not every platform has sensors
        return []
    found = []
    for chip, readings in sensors.items():
        for reading in readings:
            if reading.current and reading.current > 0:
                found.append(Temperature(reading.label or chip, float(reading.current)))
    return found


def _thermal_zone_temperatures(root: Path) -> list[Temperature]:
    found = []
    for zone in sorted(root.glob("thermal_zone*")):
        try:
            kind = (zone / "type").read_text(encoding="ascii").strip()
            millideg = int((zone / "temp").read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            continue
        if millideg > 0:
            found.append(Temperature(kind.removesuffix("-thermal"), millideg / 1000.0))
    return found


def read_temperatures(thermal_root: Path = THERMAL_ROOT) -> tuple[Temperature, ...]:
    """The hottest few sensors (hwmon first, then thermal zones, duplicates by label dropped)."""
    seen: dict[str, Temperature] = {}
    for reading in _hwmon_temperatures() + _thermal_zone_temperatures(thermal_root):
        if reading.label not in seen:
            seen[reading.label] = reading
    hottest = sorted(seen.values(), key=lambda t: t.celsius, reverse=True)
    return tuple(hottest[:MAX_TEMPERATURES])


def sample_health(thermal_root: Path = THERMAL_ROOT) -> SystemHealth:
    """One sample of memory and temperatures."""
    memory = psutil.virtual_memory()
    process = psutil.Process(os.getpid()).memory_info().rss
    return SystemHealth(
        memory_used_mb=int((memory.total - memory.available) / 2**20),
        memory_total_mb=int(memory.total / 2**20),
        process_mb=int(process / 2**20),
        temperatures=read_temperatures(thermal_root),
    )
