from schemas.tables.contract import Column, Table

TABLE = Table(
    name="claims",
    doc="One row per statement a page makes about a subject. documents.text_clean[char_start:char_end] == value_text.",
    key=("claim_id",),
    columns=(
        Column("claim_id", "string", False, "sha256 of (doc_id, subject, field, value, span, rule)"),
        Column("doc_id", "string", False),
        Column("subject_id", "string", False),
        Column("field", "string", False),
        Column("value_id", "string", True, "canonical identifier; null when unresolved"),
        Column("value_label", "string", True, "preferred English label of value_id"),
        Column("value_text", "string", False, "surface text as it stands in text_clean"),
        Column("qualifier", "list<string>", True,
               "e.g. primary, minor, head:lateral, hedged, tissue:<id> (the skin or dermis of the place named)"),
        Column("language", "string", True),
        Column("char_start", "int64", False),
        Column("char_end", "int64", False),
        Column("evidence", "string", False, "the sentence or field line the claim comes from"),
        Column("method", "string", False, values=("field", "pattern", "link")),
        Column("rule_id", "string", False, "id of the label map, pattern or link rule that matched"),
        Column("normalizer", "string", True, "how value_id was found: exact, context, fuzzy, ..."),
        Column("unresolved_reason", "string", True),
        Column("confidence", "float64", False),
    ),
)
