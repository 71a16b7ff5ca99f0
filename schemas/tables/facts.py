from schemas.tables.contract import Column, Table

STATUSES = ("consensus", "single_source", "conflict", "curated")

TABLE = Table(
    name="facts",
    doc="The normalized dataset: one row per (subject, field, value) after reconciliation.",
    key=("subject_id", "field", "value_id"),
    columns=(
        Column("subject_id", "string", False),
        Column("subject_label", "string"),
        Column("field", "string", False),
        Column("value_id", "string", False),
        Column("value_label", "string"),
        Column("status", "string", False, values=STATUSES),
        Column("support", "int64", False, "number of documents that claim the value (or a more specific one)"),
        Column("sources", "int64", False, "number of independent sources behind it: near-duplicate pages, "
                                          "translations by one source and sources that copy one another count once"),
        Column("source_ids", "list<string>", False, "the sources of the supporting documents (documents.source; a "
                                                   "near-duplicate counts for its cluster's first page's source)"),
        Column("doc_ids", "list<string>", False),
        Column("qualifier", "list<string>", True, "qualifiers the supporting claims carry"),
        Column("rule_ids", "list<string>", False, "rules that produced the supporting claims"),
        Column("policy", "string", False, "reconciliation policy id applied to the field"),
        Column("conflict_id", "string", True),
        Column("confidence", "float64", False, "extraction confidence: noisy-OR over the independent sources"),
        Column("trust", "float64", False, "source trust: mean trust of the independent sources behind it (extractors.reconcile)"),
        Column("decision", "string", True, "curator decision that set this fact, if any"),
    ),
)
