"""Qt widgets: the main window, one module per tab, reusable widgets."""
