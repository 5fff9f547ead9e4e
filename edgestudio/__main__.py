"""Allow ``python -m edgestudio``."""

from edgestudio.cli import main

raise SystemExit(main())
