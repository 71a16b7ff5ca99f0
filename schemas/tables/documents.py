from schemas.tables.contract import Column, Table

STATUSES = ("ok", "quarantined")

TABLE = Table(
    name="documents",
    doc="One row per input page (a dump contributes one row per page), ok or quarantined.",
    key=("path",),  # identical bytes at two paths: one document, the later path quarantined as duplicate
    columns=(
        Column("doc_id", "string", False, "sha256 of the raw bytes (of the UTF-8 wikitext for a dump page)"),
        Column("path", "string", False, "relative to the input root; '<dump path>#<title>' inside a dump"),
        Column("source", "string", False, "who published the page: the sources file's rule, else the host of its "
                                          "canonical URL or permalink, else the first folder under the input root, "
                                          "else the file (extractors.independence)"),
        Column("duplicate_of", "string", True, "path of the first page of its near-duplicate cluster (or of the page "
                                               "with the same bytes); null for a page that copies none"),
        Column("family", "string", True, "reader family: wiki, mediawiki, html, clinical_article, jekyll"),
        Column("title", "string"),
        Column("language", "string", True, "ISO 639-1 code of the page's main language"),
        Column("about_id", "string", True, "identifier of the entity the page is about"),
        Column("status", "string", False, values=STATUSES),
        Column("reason", "string", True, "quarantine reason code, null when ok"),
        Column("detail", "string", True, "human-readable detail of the quarantine reason"),
        Column("modified", "string", True, "ISO date the page states it was modified"),
        Column("authors", "list<string>"),
        Column("permalink", "string"),
        Column("images", "int64", True, "images the page declares (page image + gallery)"),
        Column("revision", "string", True, "source revision id (wiki dumps)"),
        Column("text_clean", "string", True, "cleaned text; claim offsets index into it"),
        Column("fingerprint", "string", True, "MinHash sketch of text_clean (rensa R-MinHash, 64 slots, word "
                                              "3-shingles), serialized, base64; comparable within one rensa version"),
        Column("run_id", "string", False),
    ),
)
