"""Part-whole relations between identifiers, from the vocabulary's parents (the femur's lateral condyle is part
of the femur). Used where a more specific value should agree with a more general one."""
from __future__ import annotations

from functools import lru_cache

from extractors import vocabulary

MAX_DEPTH = 8  # the vocabulary is shallow; a cycle must not loop forever


@lru_cache(maxsize=100_000)
def ancestors(entity_id: str) -> tuple[str, ...]:
    chain: list[str] = []
    current = entity_id
    for _ in range(MAX_DEPTH):
        current = vocabulary.parent(current)
        if not current or current in chain:
            break
        chain.append(current)
    return tuple(chain)


def related(a: str, b: str) -> bool:
    """Equal, or one is an ancestor of the other."""
    return a == b or a in ancestors(b) or b in ancestors(a)


def whole(entity_id: str) -> str:
    """The outermost whole (the femur for any part of the femur); the entity itself when it has no parent."""
    chain = ancestors(entity_id)
    return chain[-1] if chain else entity_id


def same_whole(a: str, b: str) -> bool:
    """Related, or parts of one whole (the femur's two condyles; the iliac crest and the iliac spine)."""
    return related(a, b) or whole(a) == whole(b)
