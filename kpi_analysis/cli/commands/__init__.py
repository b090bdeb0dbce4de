"""One module per CLI subcommand; each exposes ``register(subparsers)``.

Add a command by writing a module here and listing it in :data:`COMMANDS`.
"""

from __future__ import annotations

COMMANDS = ("extract", "review", "template", "batch", "report", "notebooks", "score")
