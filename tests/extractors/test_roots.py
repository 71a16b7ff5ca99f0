import pytest

from extractors.roots import find_roots


def segments(text):
    return [m.segment for m in find_roots(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nerve roots S1–S2", ["S1", "S2"]),
        ("S1, 2", ["S1", "S2"]),
        ("L4-S1", ["L4", "L5", "S1"]),
        ("S1 and S2", ["S1", "S2"]),
        ("Tibial nerve, L4, L5, S1 , S2", ["L4", "L5", "S1", "S2"]),
        ("T12-L2", ["T12", "L1", "L2"]),
        ("C5—C6", ["C5", "C6"]),
        ("the first sacral (S1) nerve root", ["S1"]),
        ("type II fibres", []),
        ("S9 and L7", []),
    ],
)
def test_expressions_expand_to_segments(text, expected):
    assert segments(text) == expected


def test_spans_cover_what_they_are_read_from():
    text = "roots L4-S1"
    spans = {m.segment: text[m.start:m.end] for m in find_roots(text)}
    assert spans == {"L4": "L4", "L5": "L4-S1", "S1": "S1"}


def test_value_ids():
    assert [m.value_id for m in find_roots("S1–S2")] == ["ROOT:S1", "ROOT:S2"]
