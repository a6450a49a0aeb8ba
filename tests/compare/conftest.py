"""Fixtures of the compare tests: folders of generated and poisoned manifests."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tests.support.compare_manifests import PAYLOADS, example_data, generate, poisoned, write_data


@pytest.fixture(scope="session")
def poisoned_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the three examples, a poisoned manifest and an invalid poisoned one."""
    directory = tmp_path_factory.mktemp("poisoned")
    bases = example_data()
    for number, data in enumerate(bases):
        write_data(directory / f"example-{number}.yaml", data)
    _, injected = poisoned(directory, bases[0])
    assert injected > 40, "the corpus should reach most string fields"
    broken = copy.deepcopy(bases[1])
    broken["organisation"]["roles"] = [PAYLOADS[0]]
    broken["systems"][0]["release_type"] = PAYLOADS[9]
    write_data(directory / "broken.yaml", broken)
    return directory


@pytest.fixture(scope="session")
def many_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("many")
    generate(directory, 200)
    return directory
