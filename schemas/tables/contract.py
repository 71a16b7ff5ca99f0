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

# The exact value types the column-by-column check passes (never bool where a number is declared: bool is an int).
EXACT_TYPES = {name: frozenset(accepted) for name, (_, accepted) in TYPES.items()}

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
        return self.check(rows, start=start, seen_keys=seen_keys)[0]

    def check(self, rows: list[dict], *, start: int = 0, seen_keys=None) -> tuple[list[str], dict[str, list] | None]:
        """``validate``, and the rows as columns (name -> values, contract order) when they are valid, for writers.

        Checked column by column first, on the columns the writers need anyway (the set of value types of a
        column, not a check per value); rows that check cannot pass (a problem, or a value it is not sure of,
        such as a str subclass) get the check per row, which decides and words the problems.
        """
        seen_keys = set() if seen_keys is None else seen_keys
        columns = self._columns(rows)
        if columns is not None and self._columns_valid(columns, seen_keys):
            return [], columns
        problems = self._row_problems(rows, start, seen_keys)
        return problems, None if problems else columns

    def _columns(self, rows: list[dict]) -> dict[str, list] | None:
        """The rows as columns, None unless every row has exactly the contract's columns."""
        expected = set(self.column_names)
        if any(row.keys() != expected for row in rows):
            return None
        return {name: [row[name] for row in rows] for name in self.column_names}

    def _columns_valid(self, columns: dict[str, list], seen_keys) -> bool:
        """True when every value passes _check_value and no key repeats (then the keys are added to seen_keys).
        Conservative: False sends the rows to the check per row, which decides."""
        for column in self.columns:
            values = columns[column.name]
            types = set(map(type, values))
            if type(None) in types:
                if not column.nullable:
                    return False
                types.discard(type(None))
            if not types <= EXACT_TYPES[column.type]:
                return False
            if column.type == "list<string>" and not all(type(v) is str for value in values if value for v in value):
                return False
            if column.values is not None and not set(values) - {None} <= set(column.values):
                return False
        if self.key:
            keys = list(zip(*(columns[name] for name in self.key)))
            if len(set(keys)) != len(keys) or any(key in seen_keys for key in keys):
                return False
            for key in keys:
                seen_keys.add(key)
        return True

    def _row_problems(self, rows: list[dict], start: int, seen_keys) -> list[str]:
        problems: list[str] = []
        expected = set(self.column_names)
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
                try:
                    duplicate = key in seen_keys
                except TypeError:  # an unhashable value, already reported as the wrong type
                    continue
                if duplicate:
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
