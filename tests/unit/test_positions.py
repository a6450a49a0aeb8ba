"""Positions are a tree beside the data: every node of a parsed file has one, iterated as JSON
pointers, and a lookup of a missing node finds its nearest recorded parent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pledgecheck.positions import Positions
from pledgecheck.source import Document, parse_yaml
from tests.support.paths import EXAMPLES
from tests.support.pointers import all_pointers


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_node_has_a_position_in_document_order(path: Any) -> None:
    """The example's data written as JSON (YAML 1.2 reads it; no aliases, whose copies are
    located at the alias): every node is recorded, iterated in file order."""
    data = parse_yaml(path.read_text(encoding="utf-8"), file=path.name).data
    doc = parse_yaml(json.dumps(data, indent=2, default=str), file=path.name)
    assert isinstance(doc.positions, Positions)
    assert list(doc.positions) == all_pointers(doc.data)
    assert len(doc.positions) == len(all_pointers(doc.data)) > 200
    lines = [doc.positions[p][0] for p in doc.positions]
    assert lines == sorted(lines)


def test_an_alias_is_located_where_it_is_written() -> None:
    doc = parse_yaml("a: &x {b: 1}\nc: *x\n", file="m.yaml")
    assert doc.positions["/c"] == (2, 1)
    assert doc.locate("/c/b") == (2, 1)
    assert doc.locate("/a/b") == (1, 8)


def test_a_lookup_finds_the_nearest_recorded_parent_as_the_pointer_mapping_does() -> None:
    doc = parse_yaml("a:\n  b: [x, {c: 1}]\n'd/e': 2\n", file="m.yaml")
    plain = Document(doc.file, doc.data, dict(doc.positions))
    for pointer in ("/a/b/1/c", "/a/b/1/zz", "/a/b/7", "/a/q/r", "/d~1e", "/d~1e/0", "/nowhere", ""):
        assert doc.locate(pointer) == plain.locate(pointer), pointer
    assert doc.locate("/a/b/1/c") == (2, 11)
    assert doc.locate("/a/b/9") == (2, 3)
    assert "/a/b/1/zz" not in doc.positions
    with pytest.raises(KeyError):
        doc.positions["/a/b/2"]


def test_an_empty_tree_locates_everything_at_the_start() -> None:
    assert Positions().locate("/a") == (1, 1)
    assert list(Positions()) == []
