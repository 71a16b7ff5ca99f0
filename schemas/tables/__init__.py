"""Output table contracts. One module per table; this registry is the only list of tables.

Each contract is data (column name, type, nullability). The Parquet schema, the CSV column order and
the validation of every published table are all derived from it (see ``schemas.tables.contract``).
"""
from schemas.tables import boilerplate, claims, conflicts, documents, facts, labels
from schemas.tables.contract import Column, Table

TABLES: dict[str, Table] = {
    module.TABLE.name: module.TABLE
    for module in (documents, claims, facts, conflicts, labels, boilerplate)
}

__all__ = ["TABLES", "Column", "Table"]
