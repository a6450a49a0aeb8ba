"""The inputs of the CI tests (tests/ci/): a manifest with every status, the test pack and a
pinned date."""

from __future__ import annotations

from tests.support.paths import ROOT, TEST_PACK

DATA = ROOT / "tests" / "ci" / "data"
#: Against the test pack on AS_OF: DEP1-01 gap for chat (critical), DEV1-02 partial for studio
#: (high), DEP1-04 partial (medium, the progress report is 518 days old), DEP1-02 waived for
#: chat, DEV1-01 and DEP1-01 for studio met, four findings not applicable.
MANIFEST = DATA / "manifest.yaml"
AS_OF = "2026-11-01"
PINNED = ["--pack", str(TEST_PACK), "--as-of", AS_OF]
