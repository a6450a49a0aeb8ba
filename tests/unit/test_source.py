"""The YAML loader: plain data, 1-based positions beside it, YAML 1.2 scalars, the C parser."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from pledgecheck.errors import InputError
from pledgecheck.pointer import join_pointer, pointer_to_path
from pledgecheck.source import Document, load_yaml, parse_yaml
from tests.support.pointers import all_pointers

POSITIONS_YAML = """\
manifest_version: 1
organisation:
  name: Example Labs
  roles: [model-developer, model-host]
systems:
  - id: atlas-image
    modalities:
      output:
        - image
        - text
  - {id: atlas-text, name: Atlas Text}
"""


def parse(text: str, **limits: int) -> Document:
    return parse_yaml(text, file="m.yaml", **limits)


# -- positions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pointer", "position"),
    [
        ("", (1, 1)),
        ("/manifest_version", (1, 1)),
        ("/organisation", (2, 1)),
        ("/organisation/name", (3, 3)),
        ("/organisation/roles", (4, 3)),
        ("/organisation/roles/0", (4, 11)),
        ("/organisation/roles/1", (4, 28)),
        ("/systems", (5, 1)),
        ("/systems/0", (6, 5)),
        ("/systems/0/id", (6, 5)),
        ("/systems/0/modalities/output", (8, 7)),
        ("/systems/0/modalities/output/1", (10, 11)),
        ("/systems/1", (11, 5)),
        ("/systems/1/name", (11, 22)),
    ],
)
def test_positions_are_one_based_line_and_column_of_keys_and_items(pointer: str, position: tuple[int, int]) -> None:
    assert parse(POSITIONS_YAML).positions[pointer] == position


def test_positions_live_beside_the_data_not_in_it() -> None:
    doc = parse(POSITIONS_YAML)
    assert doc.data["systems"][1] == {"id": "atlas-text", "name": "Atlas Text"}
    assert type(doc.data) is dict
    assert type(doc.data["organisation"]["roles"]) is list


def test_locate_falls_back_to_the_nearest_existing_parent() -> None:
    doc = parse(POSITIONS_YAML)
    assert doc.locate("/systems/0/release_type") == (6, 5)
    assert doc.locate("/nowhere/at/all") == (1, 1)


def test_keys_with_slash_and_tilde_are_escaped_in_pointers() -> None:
    doc = parse("'a/b':\n  '~c': 1\n")
    assert doc.positions[join_pointer("", "a/b", "~c")] == (2, 3)
    assert join_pointer("", "a/b", "~c") == "/a~1b/~0c"


def test_pointer_to_path_is_the_path_shown_to_users() -> None:
    assert pointer_to_path("/systems/0/modalities/output") == "$.systems[0].modalities.output"
    assert pointer_to_path("") == "$"


def test_a_utf8_bom_is_accepted_and_positions_are_unchanged(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(POSITIONS_YAML, encoding="utf-8")
    with_bom = tmp_path / "bom.yaml"
    with_bom.write_bytes(b"\xef\xbb\xbf" + POSITIONS_YAML.encode("utf-8"))

    expected = load_yaml(str(plain))
    loaded = load_yaml(str(with_bom))

    assert loaded.data == expected.data
    assert "\ufeffmanifest_version" not in loaded.data
    assert loaded.positions == expected.positions


def test_positions_count_characters_not_bytes_after_non_ascii_text() -> None:
    doc = parse("name: Zoë Ünïcode\nroles: [a, b]\nx: {ä: 1, b: 2}\n")
    assert doc.positions["/roles/1"] == (2, 12)
    assert doc.positions["/x/b"] == (3, 11)


# -- YAML 1.2 scalars ---------------------------------------------------------------------


def test_norway_stays_a_string() -> None:
    doc = parse("jurisdictions: [NO, GB]\njurisdiction: NO\nother: [yes, no, on, off, y, n]\n")
    assert doc.data["jurisdiction"] == "NO"
    assert doc.data["jurisdictions"] == ["NO", "GB"]
    assert doc.data["other"] == ["yes", "no", "on", "off", "y", "n"]


def test_timestamps_stay_strings() -> None:
    doc = parse("date: 2025-09-30\nwhen: 2025-09-30T10:00:00Z\nbad: 2025-13-45\n")
    assert doc.data == {
        "date": "2025-09-30",
        "when": "2025-09-30T10:00:00Z",
        "bad": "2025-13-45",
    }


def test_core_schema_scalars_have_their_yaml_types() -> None:
    doc = parse('a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: "1"\ng: .inf\nh: 0x1F\ni: text\n')
    assert doc.data == {
        "a": 1,
        "b": 1.5,
        "c": True,
        "d": None,
        "e": None,
        "f": "1",
        "g": math.inf,
        "h": 31,
        "i": "text",
    }
    assert type(doc.data["a"]) is int
    assert type(doc.data["c"]) is bool


# -- anchors, aliases, merge keys -----------------------------------------------------------


def test_merge_keys_merge_and_explicit_keys_win() -> None:
    text = """\
base: &base {audience: general, release_type: hosted-api}
extra: &extra {lifecycle: preview, audience: adults-only}
system:
  <<: [*base, *extra]
  release_type: open-weights
"""
    doc = parse(text)
    assert doc.data["system"] == {
        "audience": "general",  # the first merged mapping wins over later ones
        "release_type": "open-weights",  # an explicit key wins over merged ones
        "lifecycle": "preview",
    }
    assert "<<" not in doc.data["system"]
    assert doc.positions["/system/release_type"] == (5, 3)
    # merged keys have no position of their own: they are located at their mapping
    assert doc.locate("/system/lifecycle") == (3, 1)


def test_a_single_merge_key() -> None:
    doc = parse("a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n")
    assert doc.data["b"] == {"x": 1, "y": 2}


def test_aliases_within_the_budget_expand_to_equal_data() -> None:
    items = ", ".join(f"item{i}" for i in range(50))
    aliases = ", ".join(["*list"] * 100)  # 100 x 51 nodes: within the default 10,000
    doc = parse(f"list: &list [{items}]\ncopies: [{aliases}]\nscalar: &s hello\nagain: *s\n")
    assert len(doc.data["copies"]) == 100
    assert all(copy == doc.data["list"] for copy in doc.data["copies"])
    assert doc.data["again"] == "hello"
    assert doc.positions["/copies/99"][0] == 2


def test_aliases_over_the_budget_are_a_located_error() -> None:
    text = "a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n"
    with pytest.raises(InputError) as caught:
        parse(text, alias_budget=10)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("m.yaml", 2)
    assert "alias" in problem.message
    assert parse(text, alias_budget=100).data["b"] == [[1, 2, 3, 4]] * 3


def test_nesting_within_the_limit_is_accepted_and_beyond_it_rejected() -> None:
    assert parse("a: " + "[" * 10 + "]" * 10 + "\n", max_depth=11).data["a"] is not None
    with pytest.raises(InputError) as caught:
        parse("a: " + "[" * 12 + "]" * 12 + "\n", max_depth=11)
    assert "deeper than the limit of 11" in caught.value.problems[0].message


# -- the C parser -------------------------------------------------------------------------


def test_the_c_parser_is_available() -> None:
    from ruamel.yaml.cyaml import CParser

    parser = YAML(typ="safe", pure=False).Parser
    assert parser is CParser
    assert parser.__module__.startswith("ruamel.yaml.clib") or "_ruamel_yaml" in repr(parser)


def test_the_loader_uses_the_c_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import ruamel.yaml.parser

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the pure-Python parser was used (5x slower)")

    monkeypatch.setattr(ruamel.yaml.parser.Parser, "__init__", refuse)
    assert parse(POSITIONS_YAML).data["manifest_version"] == 1


# -- property: dump anything JSON-like, load it back ---------------------------------------

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
_json_like = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25,
)


def _dump(data: Any, *, flow: bool) -> str:
    # The C emitter: the pure-Python one writes keys such as '?0' unquoted, which is not YAML.
    yaml = YAML(typ="safe", pure=False)
    yaml.default_flow_style = flow
    yaml.representer.ignore_aliases = lambda *args: True
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.dictionaries(st.text(max_size=8), _json_like, min_size=1, max_size=5),
    flow=st.booleans(),
)
def test_any_json_like_mapping_round_trips_with_every_pointer_located(data: dict[str, Any], flow: bool) -> None:
    text = _dump(data, flow=flow)
    doc = parse(text)
    assert doc.data == data
    lines = text.splitlines()
    for pointer in all_pointers(data):
        assert pointer in doc.positions, pointer
        line, column = doc.positions[pointer]
        assert 1 <= line <= max(len(lines), 1)
        assert column >= 1


# -- YAML 1.2 plain scalars the C parser (YAML 1.1 rules) refuses --------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: {url: https://example.org/p}\n", {"a": {"url": "https://example.org/p"}}),
        ("a: [http://x.example, b]\n", {"a": ["http://x.example", "b"]}),
        ("a: {b: [c:d]}\n", {"a": {"b": ["c:d"]}}),
        ("a: [x::y, :z]\n", {"a": ["x::y", ":z"]}),
        ("a: x\u2028y\n", {"a": "x\u2028y"}),
    ],
)
def test_plain_scalars_yaml_1_2_allows_parse(text: str, expected: dict[str, Any]) -> None:
    assert parse(text).data == expected


def test_the_yaml_1_2_rerun_keeps_positions_and_limits() -> None:
    doc = parse("x: 1\nevidence:\n  - {date: 2026-05, url: https://example.org/p}\n")
    assert doc.positions["/evidence/0/url"] == (3, 21)
    for text, words in [
        ("a: {url: https://e.x/p}\na: 2\n", "duplicate key 'a'"),
        ("a: !!python/object {url: https://e.x/p}\n", "tag '!!python/object'"),
        ("a: &a [1, 2, 3]\nb: [*a, *a, *a, {u: http://x}]\n", "aliases expand"),
        ("a: [[[[{u: http://x}]]]]\n", "deeper than the limit"),
    ]:
        with pytest.raises(InputError) as caught:
            parse(text, max_depth=3, alias_budget=5)
        assert words in caught.value.problems[0].message, text


def test_yaml_both_parsers_refuse_keeps_the_c_parsers_message() -> None:
    with pytest.raises(InputError) as caught:
        parse("a:\n  b: [http://x\n")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 11)
    assert "found unexpected ':'" in problem.message


def test_valid_yaml_does_not_reach_the_pure_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import ruamel.yaml.parser

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the pure-Python parser was used")

    monkeypatch.setattr(ruamel.yaml.parser.Parser, "__init__", refuse)
    with pytest.raises(InputError):
        parse("a: [b, ]]\n")
    with pytest.raises(InputError):
        parse("a: [b: c: d]\n")


# -- a core tag must fit its node ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!str {b: 1}\n", "the tag '!!str' does not fit a mapping; remove it"),
        ("a: !!int [1]\n", "the tag '!!int' does not fit a list; remove it"),
        ("a: !!seq x\n", "the tag '!!seq' does not fit a single value; remove it"),
        ("a: !!map [1]\n", "the tag '!!map' does not fit a list; remove it"),
    ],
)
def test_a_core_tag_that_does_not_fit_its_node_is_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text)
    assert str(caught.value) == f"m.yaml:1:4: {message}"


def test_core_tags_that_fit_are_accepted() -> None:
    assert parse("a: !!map {b: !!str 1}\nc: !!seq [!!int 2]\n").data == {"a": {"b": "1"}, "c": [2]}


def test_a_large_file_is_not_re_read_by_the_slow_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import pledgecheck.source

    monkeypatch.setattr(pledgecheck.source, "PURE_PARSER_MAX_CHARS", 10)
    with pytest.raises(InputError) as caught:
        parse("a: {url: https://example.org/p}\n")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (1, 15)
    assert "found unexpected ':'; quote the value (YAML 1.2 allows it" in problem.message
