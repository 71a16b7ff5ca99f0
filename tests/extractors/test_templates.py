"""Template boilerplate (extractors/templates.py + extractors/clean.py) on four small HTML pages of one site
that share an "Exercises" box, the shape of ../shared/corpus/html-muscularsystem (written for this test)."""
from __future__ import annotations

from extractors.model import SourceItem
from extractors.process import process_batch
from extractors.readers import html
from extractors.templates import site_templates

SHARED = """
  <div class="infoTraining">
    <h2>Exercises</h2>
    <div class="exercise">
      <h3>Standing Curl</h3>
      <p>This classic exercise trains the muscle well. It originates from the scapula and inserts onto the
         radial tuberosity, and it flexes the elbow when you lift.</p>
      <ol>
        <li>Stand tall with a dumbbell in each hand.</li>
        <li>Pause.</li>
        <li>Repeat.</li>
      </ol>
    </div>
  </div>
"""

PAGES = {
    "Soleus": "The soleus is a broad muscle of the calf. It originates from the soleal line of the tibia.",
    "Plantaris": "The plantaris is a thin muscle of the calf. It inserts onto the calcaneus.",
    "Gastrocnemius": "The gastrocnemius is a two-headed muscle of the calf. Its function is plantar flexion.",
    "Popliteus": "The popliteus is a small muscle behind the knee. It originates from the lateral condyle of the femur.",
}


def page(name: str, body: str) -> bytes:
    return (f'<section class="muscle-info">\n  <div class="muscle-info-des">\n    <h2>{name}</h2>\n'
            f"    <p>{body}</p>\n  </div>\n{SHARED}</section>\n").encode("utf-8")


def items():
    return [SourceItem(f"site/{name}.html", page(name, body), "site") for name, body in PAGES.items()]


def shared_texts() -> list[str]:
    doc = html.read(SHARED, SourceItem("x.html", b""))
    return [b.text for b in doc.blocks]


def from_shared_block(claim: dict) -> bool:
    return any(claim["evidence"] in text or text in claim["evidence"] for text in shared_texts())


def test_without_template_detection_the_shared_box_yields_claims():
    """The control: the shared box does state attachments, so the next test can fail."""
    result = process_batch(items(), frozenset())
    assert any(from_shared_block(c) for c in result.claims)


def test_a_block_shared_by_the_pages_of_a_site_yields_no_claims():
    pages = items()
    templates = site_templates(pages)
    assert templates
    result = process_batch(pages, templates)
    assert [d["status"] for d in result.documents] == ["ok"] * 4
    assert not [c for c in result.claims if from_shared_block(c)]
    for document in result.documents:
        text = document["text_clean"]
        for shared in shared_texts():
            assert shared not in text, shared
        name = document["path"].split("/")[1].removesuffix(".html")
        assert PAGES[name] in text  # each page's own content stays


def test_short_lines_and_headings_of_the_box_go_with_it():
    pages = items()
    result = process_batch(pages, site_templates(pages))
    doc_id = pages[0].doc_id
    removed = {(row["reason"], row["text"]) for row in result.boilerplate if row["doc_id"] == doc_id}
    assert ("template_block", "Pause.") in removed and ("template_block", "Repeat.") in removed
    assert ("empty_section", "Exercises") in removed and ("empty_section", "Standing Curl") in removed
    assert ("template_block", "Stand tall with a dumbbell in each hand.") in removed


def test_a_short_line_that_recurs_outside_the_box_stays():
    """"Repeat." next to page content is content: only short lines inside a template run are dropped."""
    pages = [SourceItem(f"site/{name}.html",
                        page(name, body).replace(b"</p>\n  </div>", b"</p>\n<p>Repeat.</p>\n  </div>", 1), "site")
             for name, body in PAGES.items()]
    result = process_batch(pages, site_templates(pages))
    assert all("Repeat." in d["text_clean"] for d in result.documents)
