"""Field definitions from schemas/rules/fields.yaml (value kinds, prose scope, inheritance, policy)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from schemas import RULES_DIR


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kinds: frozenset[str]
    scope: str
    inherited: bool
    policy: str
    tissue_of: frozenset[str] = frozenset()  # kinds a value may have when a tissue before it is theirs


@lru_cache(maxsize=1)
def field_specs() -> dict[str, FieldSpec]:
    with (RULES_DIR / "fields.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)["fields"]
    return {
        name: FieldSpec(name, frozenset(spec["kinds"]), spec["scope"], spec["inherited"], spec["policy"],
                        frozenset(spec.get("tissue_of") or ()))
        for name, spec in data.items()
    }
