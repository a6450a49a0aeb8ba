from __future__ import annotations

from pledgecheck.entry import main

main()
