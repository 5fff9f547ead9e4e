"""AppTab: what the main window asks of every tab, so adding a tab is one line there.

A tab is a QWidget that also has:

- ``status_message``: a ``Signal(str)`` of sentences for the status bar;
- ``windowTitle()``: its title in the tab bar (set with ``self.setWindowTitle(self.tr(...))``
  in its constructor, so it is translated);
- ``set_device_report(report)``: the Device check's result arrives (GUI thread); the tab takes
  what it needs (its task's runtimes, ranks and recommendation, the hardware profile);
- ``apply_deployment(change)``: a deploy or a rollback (the Optimize wizard, or
  ``edgestudio optimize --deploy`` in another process) changed which model a task uses; a tab
  whose task it is switches to it (its session reloads at its next use, because the session's
  key changes) and says so in the status bar; other tabs ignore it;
- ``shutdown()``: stop capture, close its sessions and wait for their threads (GUI thread,
  window closing).

All five are called on the GUI thread.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from edgestudio.core.deployments import DeploymentChange
from edgestudio.core.hardware import DeviceReport


@runtime_checkable
class AppTab(Protocol):
    """The main window's view of a tab (see the module docstring)."""

    status_message: Signal

    def windowTitle(self) -> str:
        """The tab's title, translated."""
        ...

    def set_device_report(self, report: DeviceReport) -> None:
        """Take what the tab needs from the Device check (GUI thread)."""
        ...

    def apply_deployment(self, change: DeploymentChange) -> None:
        """Follow a deploy or rollback of ``change.task`` if it is this tab's (GUI thread)."""
        ...

    def shutdown(self) -> None:
        """Stop and close everything the tab runs, waiting for threads (GUI thread)."""
        ...


# Controls that change what the device runs (adding models, the optimizer, chat servers) are
# for the administrator: a tab marks them, and kiosk mode hides them until the admin PIN.
ADMIN_ONLY = "edgestudio_admin_only"


def mark_admin_only(*widgets: QWidget) -> None:
    """Mark controls as administrator-only (GUI thread)."""
    for widget in widgets:
        widget.setProperty(ADMIN_ONLY, True)


ADMIN_CONTROLS_SHOWN = "edgestudio_admin_controls_shown"


def admin_controls_shown(widget: QWidget) -> bool:
    """False while kiosk mode hides the administrator's controls from ``widget``'s window
    (GUI thread); a screen then offers nothing that only the administrator may do."""
    value = widget.window().property(ADMIN_CONTROLS_SHOWN)
    return value is None or bool(value)


def set_admin_controls_visible(root: QWidget, visible: bool) -> None:
    """Show or hide every administrator-only control under ``root`` (GUI thread)."""
    root.setProperty(ADMIN_CONTROLS_SHOWN, visible)
    for widget in root.findChildren(QWidget):
        if widget.property(ADMIN_ONLY):
            widget.setVisible(visible)
