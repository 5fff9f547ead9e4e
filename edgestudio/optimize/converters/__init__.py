"""The optimizer's build forms as typed converter classes (see ``base.py``), registered in
``registry.py`` (built-ins + the ``edgestudio.converters`` entry-point group)."""

from edgestudio.optimize.converters.base import (
    CONVERTER_API_VERSION,
    BuildRequest,
    Converter,
    ListContext,
    Recipe,
)
from edgestudio.optimize.converters.registry import ConverterRegistry, default_registry

__all__ = [
    "CONVERTER_API_VERSION",
    "BuildRequest",
    "Converter",
    "ConverterRegistry",
    "ListContext",
    "Recipe",
    "default_registry",
]
