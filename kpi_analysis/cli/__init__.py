"""The ``kpi-analysis`` command line: argument parsing, checkout paths and subcommands."""
