"""The console script's entry point: Ctrl-C at any moment, even while the command line is
still being imported (the first tenth of a second), ends with one line and exit code 130,
never a traceback. Nothing is imported here before the guard is in place."""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130


def main() -> None:
    """Run the CLI (pledgecheck.cli.main) under the interrupt guard."""
    try:
        from pledgecheck.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
