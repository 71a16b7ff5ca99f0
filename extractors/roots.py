"""Spinal nerve root expressions ("S1–S2", "S1, 2", "L4-S1", "L4, L5, S1 , S2") to ROOT:<segment> sets."""
from __future__ import annotations

import re
from dataclasses import dataclass

# The spinal segments in cranio-caudal order; a range is every segment between its ends.
SEGMENTS: tuple[str, ...] = (
    *(f"C{i}" for i in range(1, 9)),
    *(f"T{i}" for i in range(1, 13)),
    *(f"L{i}" for i in range(1, 6)),
    *(f"S{i}" for i in range(1, 6)),
    "Co1",
)
ORDER = {segment: index for index, segment in enumerate(SEGMENTS)}

_SEG = r"(?:Co1|[CTLS](?:1[0-2]|[1-9]))"
# Range words stand alone: the "a" of "and" is no Spanish "a" ("C5 and C7" is no range).
_DASH = r"\s*(?:[-‐‑‒–—]|\b(?:to|bis|a|à|al)\b)\s*"
# A segment, then any run of: a range end, or a list item that is a segment or a bare number.
ROOT_RUN = re.compile(
    rf"(?<![A-Za-z0-9]){_SEG}(?:(?:{_DASH}(?:{_SEG}|\d{{1,2}}))|(?:\s*(?:,|and|und|y|et|e|or|/|&)\s*(?:{_SEG}|\d{{1,2}})(?![0-9])))*(?![A-Za-z0-9])"
)
_PART = re.compile(rf"({_SEG}|\d{{1,2}})|({_DASH})")


@dataclass(frozen=True)
class RootMention:
    segment: str  # e.g. "S1"
    start: int  # span in the analysed text covering the segment (or the range it is implied by)
    end: int

    @property
    def value_id(self) -> str:
        return f"ROOT:{self.segment}"


def find_roots(text: str) -> list[RootMention]:
    """Every root segment the text names, each with the span it is read from."""
    found: list[RootMention] = []
    for run in ROOT_RUN.finditer(text):
        found.extend(_expand_run(text, run.start(), run.group(0)))
    return found


def _expand_run(text: str, offset: int, run: str) -> list[RootMention]:
    mentions: list[RootMention] = []
    letter = None
    pending_range_from: RootMention | None = None
    for token in _PART.finditer(run):
        value, dash = token.group(1), token.group(2)
        if dash is not None:
            pending_range_from = mentions[-1] if mentions else None
            continue
        segment = value if not value.isdigit() else (f"{letter}{value}" if letter else None)
        if segment is None or segment not in ORDER:
            pending_range_from = None
            continue
        letter = re.match(r"[A-Za-z]+", segment).group(0)
        start, end = offset + token.start(1), offset + token.end(1)
        if pending_range_from is not None:
            lo, hi = ORDER[pending_range_from.segment], ORDER[segment]
            for inner in SEGMENTS[min(lo, hi) + 1 : max(lo, hi)]:
                mentions.append(RootMention(inner, pending_range_from.start, end))
            pending_range_from = None
        mentions.append(RootMention(segment, start, end))
    seen: set[str] = set()
    unique = []
    for mention in mentions:
        if mention.segment not in seen:
            seen.add(mention.segment)
            unique.append(mention)
    return unique
