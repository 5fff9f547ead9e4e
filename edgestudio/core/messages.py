"""Sentences for people that the layers below ``ui/`` write, kept translatable without Qt.

A :class:`Text` is an ordinary ``str`` (the English sentence the CLI prints and the logs
keep) that also remembers its stable English ``template`` and the named ``params`` filled
into it. The GUI looks the template up in its translations and fills in the same
parameters (``edgestudio.ui.i18n.tr_message``); everything else never notices. A fixed
sentence with no variable part needs no ``Text``: the GUI translates it whole.

Every template written as ``Text("...")`` in ``core``, ``backends`` and ``tasks`` is also
listed in ``ui/i18n.py`` for ``pyside6-lupdate`` (a test checks that none is missing).
Any thread; a ``Text`` pickles with its template, so it crosses processes intact.
"""

from __future__ import annotations

from typing import Any


class Text(str):
    """An English sentence made from ``template.format(**params)`` that keeps both."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Text:
        text = super().__new__(cls, template.format(**params) if params else template)
        text.template = template
        text.params = params
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, Any]) -> Text:
    return Text(template, **params)


def to_wire(text: str) -> dict[str, Any] | None:
    """A ``Text``'s template and parameters for a JSON event (a child process's failure), or
    None for plain text. Parameters that JSON cannot carry are sent as their text."""
    if not isinstance(text, Text):
        return None
    params = {
        k: to_wire(v)
        if isinstance(v, Text)
        else v
        if isinstance(v, (int, float, bool)) or v is None
        else str(v)
        for k, v in text.params.items()
    }
    return {"template": text.template, "params": params}


def from_wire(text: str, wire: Any) -> str:
    """The ``Text`` rebuilt from ``to_wire`` data, or ``text`` when there is none or it does not
    fit (any thread)."""
    if not isinstance(wire, dict) or not isinstance(wire.get("template"), str):
        return text
    try:
        params = {  # a parameter that was a Text itself (a reason inside a reason) comes back as one
            k: from_wire("", v) if isinstance(v, dict) else v
            for k, v in dict(wire.get("params") or {}).items()
        }
        return Text(wire["template"], **params)
    except (KeyError, IndexError, ValueError, TypeError):
        return text
