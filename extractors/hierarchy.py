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


# The two limbs as TA98 names them. Every chapter files a limb's structures in one section whose header names the
# limb ("Bones of upper limb" A02.4.00.001, "Muscles of lower limb" A04.7.00.001, "Regions of upper limb"
# A01.2.07.001); TA98's flat list of body parts (A01.1.00) has no such sections: there a limb's parts are the codes
# listed after it, before the next limb (the fingers A01.1.00.053-057 and toes 058-062 were appended to the list).
UPPER_LIMB, LOWER_LIMB = "TA98:A01.1.00.019", "TA98:A01.1.00.031"
_BODY_PART_LIMB = {UPPER_LIMB: (range(19, 31), range(53, 58)), LOWER_LIMB: (range(31, 47), range(58, 63))}


def _section_limb(entity_id: str) -> str | None:
    if not entity_id.startswith("TA98:"):
        return None
    parts = entity_id[5:].split(".")
    if len(parts) != 4:
        return None
    if parts[:3] == ["A01", "1", "00"] and parts[3].isdigit():
        number = int(parts[3])
        return next((limb for limb, spans in _BODY_PART_LIMB.items() if any(number in s for s in spans)), None)
    for header in (f"TA98:{parts[0]}.{parts[1]}.00.001", f"TA98:{parts[0]}.{parts[1]}.{parts[2]}.001"):
        name = vocabulary.label(header) if vocabulary.kind(header) == "group" else None
        for limb in (UPPER_LIMB, LOWER_LIMB):
            limb_name = vocabulary.label(limb)
            if name and limb_name and name.casefold().endswith(" " + limb_name.casefold()):
                return limb
    return None


@lru_cache(maxsize=100_000)
def limb(entity_id: str | None) -> str | None:
    """The limb (UPPER_LIMB or LOWER_LIMB) an entity belongs to, from the TA98 section its own code is in, or None
    (head, neck, trunk, or not known): the flexor digitorum longus and the phalanges of the foot are the lower
    limb's. Not from its ancestors: the sacrum's parts are parts of the pelvis, but not structures of the limb."""
    return _section_limb(entity_id) if entity_id else None
