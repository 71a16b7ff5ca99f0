"""The contract mechanism: column declarations and everything derived from them."""
from __future__ import annotations

from dataclasses import dataclass

# Contract type name -> (pyarrow type factory name, python types accepted by validation).
TYPES = {
    "string": ("string", (str,)),
    "int64": ("int64", (int,)),
    "float64": ("float64", (float, int)),
    "bool": ("bool_", (bool,)),
    "list<string>": ("list_of_string", (list, tuple)),
}

CSV_LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool = True
    doc: str = ""
    # Allowed values for categorical columns; None means free text.
    values: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    doc: str = ""
    # Column tuple whose values must be unique across rows (None: no key).
    key: tuple[str, ...] | None = None

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def arrow_schema(self):
        import pyarrow as pa

        def arrow_type(name: str):
            kind = TYPES[name][0]
            return pa.list_(pa.string()) if kind == "list_of_string" else getattr(pa, kind)()

        return pa.schema([pa.field(c.name, arrow_type(c.type), nullable=c.nullable) for c in self.columns])

    def validate(self, rows: list[dict], *, start: int = 0, seen_keys=None) -> list[str]:
        """Every problem with ``rows`` against this contract, as readable messages (empty: valid).

        A table validated in chunks passes each chunk's ``start`` (row number of its first row, for messages) and
        one ``seen_keys`` for all chunks (any object with ``in`` and ``add``), so duplicates across chunks count.
        """
        problems: list[str] = []
        expected = set(self.column_names)
        seen_keys = set() if seen_keys is None else seen_keys
        for index, row in enumerate(rows, start=start):
            where = f"{self.name}[{index}]"
            if set(row) != expected:
                missing, extra = expected - set(row), set(row) - expected
                problems.append(f"{where}: missing {sorted(missing)} extra {sorted(extra)}")
                continue
            for column in self.columns:
                problems.extend(_check_value(where, column, row[column.name]))
            if self.key:
                key = tuple(row[k] for k in self.key)
                if key in seen_keys:
                    problems.append(f"{where}: duplicate key {dict(zip(self.key, key))}")
                seen_keys.add(key)
        return problems


def _check_value(where: str, column: Column, value) -> list[str]:
    if value is None:
        return [] if column.nullable else [f"{where}.{column.name}: null in a non-nullable column"]
    accepted = TYPES[column.type][1]
    if isinstance(value, bool) and column.type != "bool":
        return [f"{where}.{column.name}: bool where {column.type} is declared"]
    if not isinstance(value, accepted):
        return [f"{where}.{column.name}: {type(value).__name__} where {column.type} is declared"]
    if column.type == "list<string>" and not all(isinstance(v, str) for v in value):
        return [f"{where}.{column.name}: list holds a non-string"]
    if column.values is not None and value not in column.values:
        return [f"{where}.{column.name}: {value!r} not one of {column.values}"]
    return []
