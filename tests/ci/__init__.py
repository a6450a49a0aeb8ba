"""CI-facing tests: machine formats, waivers files, baselines and diffs, packaging, run as real processes."""
