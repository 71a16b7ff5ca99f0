from schemas.tables.contract import Column, Table

TABLE = Table(
    name="boilerplate",
    doc="Audit of every span removed by cleaning, with the rule that removed it.",
    columns=(
        Column("doc_id", "string", False),
        Column("reason", "string", False, "reason code, e.g. ad_notice, navigation, edit_link"),
        Column("rule_id", "string", False),
        Column("text", "string", False),
        Column("source_start", "int64", True, "offset into the decoded source; null when not locatable"),
        Column("source_end", "int64", True),
    ),
)
