"""pledgecheck: the Safety by Design child-safety commitments for generative AI, as policy-as-code."""

from __future__ import annotations

__version__ = "0.1.0"
