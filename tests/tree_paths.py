"""A test helper: every place in a tree of dicts and lists (parsed JSON or TOML), for mutation tests."""

from __future__ import annotations


def tree_paths(value, prefix=()):
    """Yield every place in ``value`` as a tuple of keys and indexes, the root ``()`` first."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from tree_paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from tree_paths(child, (*prefix, i))
