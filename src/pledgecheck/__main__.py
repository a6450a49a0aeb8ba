from __future__ import annotations

from pledgecheck.cli import main

main()
