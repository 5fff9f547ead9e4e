"""OptimizeWizard: model -> target -> data -> build and check -> results -> deploy.

Opened from the main window's "Optimize…" button and from each tab's model picker (prefilled
with that tab's task and model). The long work runs in the optimizer's child process
(``edgestudio.optimize.run:main`` through a ``ProcessJob``), so Cancel stops it within a
second and a crash there leaves the GUI running. After a deploy or a rollback the wizard
emits ``deployment_changed``; the main window hands it to the tab of that task.

GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from edgestudio.context import AppContext
from edgestudio.ui.optimize_pages.build_page import BuildPage
from edgestudio.ui.optimize_pages.data_page import DataPage
from edgestudio.ui.optimize_pages.deploy_page import DeployPage
from edgestudio.ui.optimize_pages.model_page import ModelPage
from edgestudio.ui.optimize_pages.results_page import ResultsPage
from edgestudio.ui.optimize_pages.state import WizardState
from edgestudio.ui.optimize_pages.target_page import TargetPage


class OptimizeWizard(QWizard):
    """GUI thread only. ``deployment_changed(task, active, source_id)``: ``task`` ("detect",
    "faces", "asr", "chat") now uses ``active`` (a Deployment, or None for its default model);
    ``source_id`` is the model the deployment was made from (what a rollback returns to)."""

    deployment_changed = Signal(str, object, str)

    def __init__(
        self, ctx: AppContext, task: str = "detect", model_id: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Optimize a model"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.state = WizardState(ctx, task=task, model_id=model_id)
        self.model_page = ModelPage(self.state)
        self.target_page = TargetPage(self.state)
        self.data_page = DataPage(self.state)
        self.build_page = BuildPage(self.state)
        self.results_page = ResultsPage(self.state)
        self.deploy_page = DeployPage(self.state)
        for page in (
            self.model_page,
            self.target_page,
            self.data_page,
            self.build_page,
            self.results_page,
            self.deploy_page,
        ):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Close"))
        self.deploy_page.changed.connect(self.deployment_changed)
        self.rejected.connect(self.stop)
        self.finished.connect(self.stop)
        self.resize(1040, 720)

    def stop(self, *_args: object) -> None:
        """Stop every child process the wizard started (closing, cancelling)."""
        self.target_page.cancel()
        self.build_page.cancel()
        self.results_page.stop_grid()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)
