"""Where each node of a loaded file was written: 1-based (line, column) keyed by JSON pointer.

The parser records positions as a tree that mirrors the data (a node is `(line, column,
children)`, children a dict by key, a list by index, or None), so loading builds no pointer
string at all: only the few nodes a message names are ever looked up, and a lookup walks the
tree once, which also finds the nearest recorded parent of a node that has no position.
Iterating yields every pointer, for the rare callers that remap or regroup positions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pledgecheck.pointer import join_pointer, split_pointer

#: (line, column, children): children by key for a mapping, by index for a list, else None
Node = tuple[int, int, dict[str, "Node"] | list["Node"] | None]


class Positions(Mapping[str, tuple[int, int]]):
    """The positions of one document, as a read-only mapping from JSON pointer to position."""

    __slots__ = ("_count", "_located", "_root")

    def __init__(self, root: Node | None = None) -> None:
        self._root = root
        self._count: int | None = None  # counted on first use: only a remap or a test asks
        self._located: dict[str, tuple[int, int]] = {}  # findings of many systems share anchors

    def locate(self, pointer: str) -> tuple[int, int]:
        """The position of the node at `pointer`, or of its nearest recorded parent; (1, 1)
        when nothing at all is recorded."""
        found = self._located.get(pointer)
        if found is not None:
            return found
        node = self._root
        if node is not None:
            for part in split_pointer(pointer):
                child = _child(node[2], part)
                if child is None:
                    break
                node = child
        found = self._located[pointer] = (node[0], node[1]) if node is not None else (1, 1)
        return found

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        node = self._root
        for part in split_pointer(pointer):
            node = _child(node[2], part) if node is not None else None
        if node is None:
            raise KeyError(pointer)
        return (node[0], node[1])

    def __iter__(self) -> Iterator[str]:
        if self._root is None:
            return
        pending: list[tuple[str, Node]] = [("", self._root)]
        while pending:
            pointer, (_, _, children) = pending.pop()
            yield pointer
            if isinstance(children, dict):
                pending.extend((join_pointer(pointer, key), child) for key, child in reversed(children.items()))
            elif children is not None:
                pending.extend(
                    (join_pointer(pointer, index), child) for index, child in reversed(list(enumerate(children)))
                )

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self)
        return self._count

    def __repr__(self) -> str:
        return f"Positions({len(self)} nodes)"


def _child(children: dict[str, Node] | list[Node] | None, part: str) -> Node | None:
    if isinstance(children, dict):
        return children.get(part)
    if children is not None and part.isdigit() and int(part) < len(children):
        return children[int(part)]
    return None
