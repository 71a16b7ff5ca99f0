from schemas.tables.contract import Column, Table

TABLE = Table(
    name="conflicts",
    doc="One row per (subject, field) where sources disagree under the field's policy.",
    key=("conflict_id",),
    columns=(
        Column("conflict_id", "string", False),
        Column("subject_id", "string", False),
        Column("subject_label", "string"),
        Column("field", "string", False),
        Column("values", "string", False, 'JSON object: value_id -> list of doc_ids that claim it'),
        Column("disputed", "list<string>", False, "the value_ids in dispute"),
        Column("policy", "string", False),
        Column("ranking", "string", False, "JSON list: value_id, support (pages), sources (independent), "
                                                "source_ids, trust score, best first"),
        Column("suggestion", "string", True),
        Column("status", "string", False, "open, or resolved by a curator decision", values=("open", "resolved")),
        Column("decision", "string", True, "curator decision applied, if any"),
    ),
)
