import pytest

from extractors.clean import clean
from extractors.model import Block, Document
from extractors.templates import templates_from, page_fingerprints
from extractors.model import SourceItem


def doc_of(*blocks):
    return Document(family="clinical_article", source="", blocks=list(blocks))


def test_block_span_and_section_rules_record_every_removal():
    doc = doc_of(
        Block("Skip Navigation", "heading", 0),
        Block("Structure", "heading", 20),
        Block("It lies deep. Continue Scrolling To Read More Below... It is flat.[[1]]", "paragraph", 40),
        Block("Clinical significanceEdit", "heading", 120),
        Block("Prone to spasms.", "paragraph", 150),
        Block("References", "heading", 170),
        Block("Doe J. A paper. 2020.", "paragraph", 190),
    )
    cleaned = clean(doc)
    assert "Continue Scrolling" not in cleaned.text and "[[1]]" not in cleaned.text
    assert "Clinical significance" in cleaned.text and "significanceEdit" not in cleaned.text
    assert "Doe J." not in cleaned.text and "Skip Navigation" not in cleaned.text
    reasons = {r.reason for r in cleaned.removed}
    assert {"navigation", "scroll_prompt", "reference_marker", "edit_link", "references"} <= reasons


def test_offsets_index_the_cleaned_text():
    cleaned = clean(doc_of(Block("Title", "title", 0), Block("First paragraph here.", "paragraph", 6)))
    for block, offset in zip(cleaned.blocks, cleaned.offsets):
        assert cleaned.text[offset:offset + len(block.text)] == block.text


def test_blocks_repeated_across_a_site_are_template_boilerplate():
    shared = "Exercises that every page of this site repeats word for word."
    pages = [
        SourceItem(f"site/p{i}.txt", f"Muscle {i}\n\n{shared}\n\nUnique text number {i} about muscle anatomy here.\n"
                   f"Another sentence of prose that is long enough to count as prose.\n".encode())
        for i in range(4)
    ]
    templates = templates_from(page_fingerprints(pages))
    from extractors.process import read_document

    cleaned = clean(read_document(pages[0]), templates)
    assert shared not in cleaned.text
    assert "Unique text number 0" in cleaned.text
    assert any(r.reason == "template_block" for r in cleaned.removed)


def test_a_missing_data_file_fails_the_batch_instead_of_quarantining_every_page(monkeypatch, tmp_path):
    from extractors import clean as clean_module
    from extractors.process import process_batch

    monkeypatch.setattr(clean_module, "RULES_DIR", tmp_path)
    clean_module.cascade.cache_clear()
    try:
        with pytest.raises(FileNotFoundError):
            process_batch([SourceItem("a.txt", b"Soleus\n\nThe soleus is a muscle of the calf that lies deep.\n")])
    finally:
        monkeypatch.undo()
        clean_module.cascade.cache_clear()


def test_a_heading_with_only_subsections_is_not_an_empty_section():
    doc = doc_of(
        Block("Soleus", "title", 0),
        Block("Structure", "heading", 10, level=2),
        Block("Origin", "heading", 20, level=3),
        Block("It arises from the soleal line of the tibia.", "paragraph", 30),
        Block("Exercises", "heading", 80, level=2),
        Block("Calf raise", "heading", 90, level=3),
        Block("Function", "heading", 100, level=2),
        Block("It plantarflexes the foot.", "paragraph", 110),
        Block("Remarks", "heading", 140),  # rank unknown: any heading or the end closes it
    )
    cleaned = clean(doc)
    assert [b.text for b in cleaned.blocks if b.kind == "heading"] == ["Structure", "Origin", "Function"]
    assert {r.text for r in cleaned.removed if r.reason == "empty_section"} == {"Exercises", "Calf raise", "Remarks"}
