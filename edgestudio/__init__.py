"""EdgeStudio: on-device AI, offline, on whatever hardware the device has."""

__version__ = "0.1.0"
