"""Exit codes of the ``kpi-analysis`` command (documented in the README)."""

EXIT_OK = 0  # everything read and written
EXIT_PARTIAL = 1  # some files could not be read; the rest were written
EXIT_NOTHING = 2  # usage error, or nothing could be read; nothing written
EXIT_INTERNAL = 70  # an unexpected exception (a bug); EX_SOFTWARE in sysexits.h
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
