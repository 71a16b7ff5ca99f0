from schemas.tables.contract import Column, Table

TABLE = Table(
    name="conflicts",
    doc="One row per (subject, field) where pages disagree under the field's policy.",
    key=("conflict_id",),
    columns=(
        Column("conflict_id", "string", False),
        Column("subject_id", "string", False),
        Column("subject_label", "string"),
        Column("field", "string", False),
        Column("values", "string", False, 'JSON object: value_id -> list of doc_ids that claim it'),
        Column("disputed", "list<string>", False, "the value_ids in dispute"),
        Column("policy", "string", False),
        Column("suggestion", "string", True),
        Column("decision", "string", True, "curator decision applied, if any"),
    ),
)
