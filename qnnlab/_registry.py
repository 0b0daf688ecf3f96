"""A tiny name -> entry registry shared by encodings, ansätze, noise models and datasets."""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar


class _Named(Protocol):
    name: str
    description: str


T = TypeVar("T", bound=_Named)


def unknown_choice_error(kind: str, value: object, choices: Iterable[str]) -> ValueError:
    """Build the ValueError raised for a name that is not among ``choices``.

    The message names the bad value, lists every valid choice and suggests the closest one.

    Examples
    --------
    >>> print(unknown_choice_error("encoding", "angel", ["angle", "iqp"]))
    Unknown encoding 'angel'. Valid choices: 'angle', 'iqp'. Did you mean 'angle'?
    """
    choices = list(choices)
    shown = reprlib.repr(value)  # a long value (a YAML alias bomb, say) is shown abbreviated
    message = f"Unknown {kind} {shown}. Valid choices: {', '.join(repr(c) for c in choices)}."
    close = difflib.get_close_matches(value, choices, n=1) if isinstance(value, str) else []
    if close:
        message += f" Did you mean {close[0]!r}?"
    return ValueError(message)


class Registry(Generic[T]):
    """An ordered mapping from names to entries, with helpful errors for unknown names.

    Parameters
    ----------
    kind : str
        What the entries are ("encoding", "ansatz", ...), used in error messages.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Thing:
    ...     name: str
    ...     description: str
    >>> things = Registry("thing")
    >>> _ = things.register(Thing("a", "the first"))
    >>> things.available(), things.get("a").description
    (['a'], 'the first')
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}

    def register(self, entry: T) -> T:
        """Add ``entry`` under its name and return it."""
        if entry.name in self._entries:
            raise ValueError(f"{self.kind} {entry.name!r} is already registered")
        self._entries[entry.name] = entry
        return entry

    def get(self, name: str | T) -> T:
        """Return the entry called ``name`` (an entry passes through unchanged)."""
        if not isinstance(name, str):
            if hasattr(name, "name") and hasattr(name, "description"):
                return name
            raise unknown_choice_error(self.kind, name, self._entries)
        try:
            return self._entries[name]
        except KeyError:
            raise unknown_choice_error(self.kind, name, self._entries) from None

    def available(self) -> list[str]:
        """Names of all entries, in registration order."""
        return list(self._entries)

    def __iter__(self) -> Iterator[T]:
        return iter(self._entries.values())

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __len__(self) -> int:
        return len(self._entries)
