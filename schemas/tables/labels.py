from schemas.tables.contract import Column, Table

KINDS = ("title", "interlanguage", "vocabulary", "latin", "synonym")

TABLE = Table(
    name="labels",
    doc="Names of entities per language, with where each comes from.",
    key=("entity_id", "language", "label", "kind", "doc_id"),
    columns=(
        Column("entity_id", "string", False),
        Column("language", "string", False),
        Column("label", "string", False),
        Column("kind", "string", False, values=KINDS),
        Column("doc_id", "string", True, "page the label comes from; null for vocabulary labels"),
    ),
)
