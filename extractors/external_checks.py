"""Checks of the pipeline against third-party material nobody on the project wrote (issue 13).

Sources and licences are in tests/fixtures/README.md. Material under a licence that allows copying is in
tests/fixtures/; the rest is read from a folder outside the repository, `$MUSCULUS_EXTERNAL` or `../external`
beside the project, as `<owner>+<name>/` with the source repository's relative paths, and its check is skipped
when that folder is absent.

- French definitions of Z-Anatomy (LluisV/Z-Anatomy, `Resources/Descriptions/French definitions/*-FR.txt`: French
  Wikipedia summaries, CC BY-SA; the 104 muscle definitions with labelled lines are copied in
  tests/fixtures/zanatomy-fr/). Measures how much real French text, written by others, the pipeline normalizes:
  for each of origin / insertion / nerve, the share of pages with an "Origine: / Terminaison: / Innervation:"
  line on which the pipeline gives a claim of that field with an identifier inside that line. The files run as
  pages through the whole pipeline, as a user's folder would (they are read as plain article text, so the lines
  are found again in the cleaned text to attribute claims to them). Beside it, the share the lexicon alone gives
  (each value passed whole to vocabulary.resolve) tells losses in reading from gaps in the lexicon.
- German Wikipedia infoboxes (aHer-dev/MuskelfinderV2 @ 5dde2d56, `docs/pruefung/vergleich-wikipedia.csv`: the
  `{{Infobox Muskel}}` values of about 140 de.wikipedia articles in its "Wikipedia" column; the repository has no
  licence, so it stays outside). Measures whether German values independent of the development corpus give the
  same identifiers as the English pages of ../shared/corpus: each article becomes one small page in the shape of
  html-iaomai's deu/ pages, the pages run through the pipeline, and their facts are compared with the facts that
  English pages support, per field, by subject id (coverage, and mean Jaccard over the muscles both give the
  field for).
"""
from __future__ import annotations

import csv
import html
import os
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from extractors import vocabulary
from extractors.evaluation import Agreement
from extractors.fields import field_specs
from extractors.hierarchy import related
from extractors.model import SourceItem

PROJECT = Path(__file__).resolve().parents[1]
# Where material that may not be copied lies: $MUSCULUS_EXTERNAL, else `external/` beside the project (as ../shared).
EXTERNAL_ENV = "MUSCULUS_EXTERNAL"
DEFAULT_EXTERNAL = PROJECT.parent / "external"


def external_folder(explicit: Path | None = None) -> Path:
    """The folder holding the material: the one given, else $MUSCULUS_EXTERNAL, else ../external."""
    return explicit or Path(os.environ.get(EXTERNAL_ENV) or DEFAULT_EXTERNAL)


# ---- Z-Anatomy French definitions ---------------------------------------------------------------------------

ZANATOMY = "LluisV+Z-Anatomy"
ZANATOMY_FRENCH = "Resources/Descriptions/French definitions"  # the whole folder, under the external folder
FRENCH_DEFINITIONS = PROJECT / "tests" / "fixtures" / "zanatomy-fr"  # its muscle definitions, copied
# Labels (singular, lower case) -> field. Some definitions say "Insertions proximales / distales" (or crâniales /
# caudales, hautes / basses) for origin and insertion; a bare "Insertion:" could be either and is not read.
FRENCH_FIELDS = {"origine": "origin", "terminaison": "insertion", "innervation": "nerve",
                 **{f"insertion {end}": "origin" for end in ("proximale", "crâniale", "craniale", "haute")},
                 **{f"insertion {end}": "insertion" for end in ("distale", "caudale", "basse")}}
FRENCH_RESOLUTION_TARGET = 0.90  # acceptance 2 of issue 13, per field: not met yet, reported
# Pinned just under the shares measured on 2026-12-05 (origin 0.446, insertion 0.607, nerve 0.759): CI fails below.
FRENCH_RESOLUTION_FLOORS = {"origin": 0.44, "insertion": 0.59, "nerve": 0.74}
# "Origine: ...", "Terminaisons :", "Insertions proximales (origine) :" at the start of a line.
FRENCH_LABEL = re.compile(r"^[ \t]*((?:origine|terminaison|innervation)s?|insertions?[ \t]+(?:proximale|crâniale|"
                          r"craniale|haute|distale|caudale|basse)s?)[ \t]*(?:\([^)\n]*\)[ \t]*)?:",
                          re.IGNORECASE | re.MULTILINE)
# Any "Label:" line ("Trajet :", "Vascularisation:", "Action:"): where a value ends. Not a bullet ("-chef long: ...").
ANY_LABEL = re.compile(r"[ \t]*[^\W\d_][\w'’-]*(?: [\w'’-]+){0,3}[ \t]*:(?:\s|$)")
END_OF_VALUE = re.compile(r"^(?:==|https?://)")  # a wiki heading or the closing link to the article
BULLET_LINE = re.compile(r"[ \t]*[-•*]")


@dataclass(frozen=True)
class LabelledValue:
    """One labelled value, as offsets into the text it was found in."""

    field: str
    start: int  # start of the label
    end: int  # end of the value's last line
    value: str  # the value, whitespace collapsed


def labelled_values(text: str) -> list[LabelledValue]:
    """The Origine / Terminaison / Innervation (and Insertion proximale / distale) values of a French definition,
    in order. A value is the rest of its label's line and the lines after it (blank lines skipped) that continue
    it: bullets ("-chef long: ..."), and any line while the value is still open (nothing yet, a trailing ":", or
    no full stop before a line in lower case: "il s'insère sur" / "l'os frontal,"), up to the next "Label:"."""
    found = []
    for match in FRENCH_LABEL.finditer(text):
        end = _line_end(text, match.end())
        while (following := _continuation(text, end, text[match.end():end].strip())) is not None:
            end = following
        value = " ".join(text[match.end():end].split())
        label = " ".join(word.removesuffix("s") for word in match.group(1).lower().split())
        found.append(LabelledValue(FRENCH_FIELDS[label], match.start(), end, value))
    return found


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _continuation(text: str, end: int, value: str) -> int | None:
    """The end of the next non-blank line after ``end`` when it continues the value, else None."""
    start = end
    while start < len(text) and text[start] in "\n\r \t":
        start += 1
    if start == len(text):
        return None
    line = text[start:_line_end(text, start)]
    if ANY_LABEL.match(line) or END_OF_VALUE.match(line.strip()):
        return None
    open_value = not value or value.endswith(":") or (not value.endswith(".") and line.strip()[0].islower())
    return _line_end(text, start) if BULLET_LINE.match(line) or open_value else None


def page_text(item: SourceItem) -> str:
    """The raw page as the pipeline's decoder sees it (NFC, plain spaces), to find its labelled lines."""
    text = unicodedata.normalize("NFC", item.data.decode("utf-8", errors="replace"))
    return text.replace("\r\n", "\n").replace("\xa0", " ")


# A definition about a muscle says so in its title ("MUSCLE GRACILE") or in the subject of its first sentence ("Le
# muscle abducteur de l'hallux est ...", "Les muscles constricteurs du pharynx sont ..."); arteries, nerves and
# organs have Origine / Terminaison / Innervation lines too, and are left out.
MUSCLE_WORD = re.compile(r"\bmuscles?\b", re.IGNORECASE)
FIRST_VERB = re.compile(r"\s(?:est|sont|forme|recouvre)\s|[.;:]")


def is_muscle_definition(text: str) -> bool:
    """Whether a French definition is about a muscle (its title, or its first sentence's subject, says so)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    title, first = lines[0], lines[1] if len(lines) > 1 else ""
    subject = first[:verb.start()] if (verb := FIRST_VERB.search(first)) else first
    return bool(MUSCLE_WORD.search(title) or MUSCLE_WORD.search(subject))


def french_definition_items(items: Iterable[SourceItem]) -> list[SourceItem]:
    """The definitions of muscles with at least one labelled line (the folder also has bones, arteries, organs)."""
    return [item for item in items if item.error is None and labelled_values(text := page_text(item))
            and is_muscle_definition(text)]


@dataclass
class Resolution:
    """For one field: how many pages state it, on how many the pipeline resolved it, and what it did not."""

    pages: int = 0
    resolved: int = 0
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (page path, value) with no identifier
    mentions: Counter = field(default_factory=Counter)  # surface texts of claims without an id in these lines

    @property
    def share(self) -> float:
        return self.resolved / self.pages if self.pages else 0.0


def french_resolution(items: list[SourceItem], tables: dict[str, list[dict]]) -> dict[str, Resolution]:
    """Per field (origin, insertion, nerve): pages stating it, pages where a claim of that field inside the
    labelled value has a value_id. Duplicates and quarantined pages do not count; a line that cleaning removed
    is unresolved (nothing could be read from it)."""
    by_path = {item.path: item for item in items}
    claims = defaultdict(list)
    for claim in tables["claims"]:
        claims[claim["doc_id"]].append(claim)
    result = {name: Resolution() for name in FRENCH_FIELDS.values()}
    for doc in tables["documents"]:
        if doc["status"] != "ok" or doc["path"] not in by_path:
            continue
        stated = labelled_values(page_text(by_path[doc["path"]]))
        spans = labelled_values(doc["text_clean"] or "")
        for name in dict.fromkeys(value.field for value in stated):
            inside = [c for c in claims[doc["doc_id"]] if c["field"] == name
                      and any(s.field == name and s.start <= c["char_start"] < s.end for s in spans)]
            _count(result[name], doc["path"], [v.value for v in stated if v.field == name], inside)
    return result


def _count(resolution: Resolution, path: str, values: list[str], claims: list[dict]) -> None:
    resolution.pages += 1
    resolution.mentions.update(" ".join(c["value_text"].split()) for c in claims if not c["value_id"])
    if any(c["value_id"] for c in claims):
        resolution.resolved += 1
    else:
        resolution.unresolved.append((path, "; ".join(values)))


def french_lexicon_resolution(items: list[SourceItem]) -> dict[str, Resolution]:
    """The same pages, each labelled value given whole to ``vocabulary.resolve`` with its field's kinds: what
    the lexicon alone knows, without the readers and patterns. Where this is high and the page figure low, the
    values are lost before normalization (how the page is read), not by the lexicon. An upper bound: a value
    resolves when any term inside it does."""
    result = {name: Resolution() for name in FRENCH_FIELDS.values()}
    first = {}
    for item in items:  # a file with the bytes of an earlier one is the same page, as in the pipeline
        first.setdefault(item.doc_id, item)
    for item in first.values():
        stated = labelled_values(page_text(item))
        for name in dict.fromkeys(value.field for value in stated):
            text = "; ".join(v.value for v in stated if v.field == name)
            found = vocabulary.resolve(text, "fr", set(field_specs()[name].kinds)) if text else None
            result[name].pages += 1
            if found is not None and found.value_id:
                result[name].resolved += 1
            else:
                result[name].unresolved.append((item.path, text))
    return result


# ---- German Wikipedia infoboxes (MuskelfinderV2) -----------------------------------------------------------

MUSKELFINDER = "aHer-dev+MuskelfinderV2"
MUSKELFINDER_CSV = "docs/pruefung/vergleich-wikipedia.csv"
# Infobox Muskel parameter (the CSV's "Feld") -> field; the page labels them as html-iaomai's deu/ pages do.
INFOBOX_FIELDS = {"Ursprung": "origin", "Ansatz": "insertion", "Funktion": "action", "Innervation": "nerve",
                  "Segmente": "nerve_root"}
WIKIPEDIA_ARTICLE = "https://de.wikipedia.org/wiki/"


def infobox_articles(csv_path: Path) -> dict[str, dict[str, str]]:
    """Article title -> {infobox label: value}. The CSV has one row per (muscle of the app, field) with the
    article's value in "Wikipedia"; parts of one muscle (trapezius' three parts) share an article, and their
    distinct values are joined. Rows with no article ("kein Artikel gefunden") are left out."""
    articles: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            value = " ".join((row["Wikipedia"] or "").split())
            if row["Feld"] in INFOBOX_FIELDS and value and row["Artikel"].startswith(WIKIPEDIA_ARTICLE):
                values = articles[article_title(row["Artikel"])][row["Feld"]]
                if value not in values:
                    values.append(value)
    return {title: {label: "; ".join(v) for label, v in fields.items()} for title, fields in articles.items()}


def article_title(url: str) -> str:
    """"https://de.wikipedia.org/wiki/Musculus_abductor_digiti_minimi_(Fu%C3%9F)" -> "Musculus abductor digiti
    minimi (Fuß)": the article's own title, which tells the hand's muscle from the foot's."""
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1]).replace("_", " ")


def infobox_page(title: str, values: dict[str, str]) -> str:
    """A page in the shape of html-iaomai's deu/ pages (an article with `<i>Label:</i> value<br>` lines). The
    language is declared: it is known, and this check is about the lexicon, not language detection."""
    lines = "<br>\n".join(f"<i>{label}:</i> {html.escape(values[label])}" for label in INFOBOX_FIELDS
                          if label in values)
    return (f'<!DOCTYPE html>\n<html lang="de">\n<head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head>\n<body>\n<article>\n<h1>{html.escape(title)}</h1>\n<p>{lines}</p>\n</article>\n</body>\n"
            "</html>\n")


def write_infobox_pages(articles: dict[str, dict[str, str]], folder: Path) -> int:
    """One page per article in ``folder``; the number written."""
    folder.mkdir(parents=True, exist_ok=True)
    for title, values in articles.items():
        name = re.sub(r"[^\w]+", "_", title, flags=re.ASCII).strip("_")
        (folder / f"{name}.html").write_text(infobox_page(title, values), encoding="utf-8")
    return len(articles)


def fact_sets(tables: dict[str, list[dict]], languages: set[str] | None = None) -> dict[tuple[str, str], set[str]]:
    """(subject_id, field) -> identifiers of the facts, counting only facts that a page in one of ``languages``
    supports (all pages when None)."""
    language = {doc["doc_id"]: doc["language"] for doc in tables["documents"]}
    sets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fact in tables["facts"]:
        if languages is None or any(language.get(doc_id) in languages for doc_id in fact["doc_ids"]):
            sets[(fact["subject_id"], fact["field"])].add(fact["value_id"])
    return sets


def about_subjects(tables: dict[str, list[dict]]) -> list[str]:
    """The subjects the run's pages are about (documents.about_id), sorted."""
    return sorted({doc["about_id"] for doc in tables["documents"] if doc["status"] == "ok" and doc["about_id"]})


def infobox_agreement(german: dict[str, list[dict]], english: dict[str, list[dict]]) -> dict[str, Agreement]:
    """Per field (and "all"): for every muscle a German page is about and English pages state the field for,
    whether the German facts give the field (coverage) and how far their identifiers agree (mean Jaccard over
    the muscles both give it for)."""
    reference, other = fact_sets(english, {"en"}), fact_sets(german)
    result = {name: Agreement() for name in (*INFOBOX_FIELDS.values(), "all")}
    for subject in about_subjects(german):
        for name in INFOBOX_FIELDS.values():
            if reference.get((subject, name)):
                for bucket in (name, "all"):
                    result[bucket].add(subject, name, reference[(subject, name)], other.get((subject, name), set()))
    return result


def related_overlap(german: dict[str, list[dict]], english: dict[str, list[dict]], name: str) -> float:
    """Over the same muscles as infobox_agreement's Jaccard (both give ``name``): the mean share of their values,
    both sides together, that have an equal, more general or more specific value on the other side. The
    masseteric nerve and the trigeminal nerve, a disagreement to exact Jaccard, agree here as in reconciliation."""
    reference, other = fact_sets(english, {"en"}), fact_sets(german)
    shares = []
    for subject in about_subjects(german):
        mine, theirs = other.get((subject, name)), reference.get((subject, name))
        if mine and theirs:
            matched = sum(any(related(a, b) for b in theirs) for a in mine)
            matched += sum(any(related(a, b) for b in mine) for a in theirs)
            shares.append(matched / (len(mine) + len(theirs)))
    return sum(shares) / len(shares) if shares else 0.0


# ---- running the checks -------------------------------------------------------------------------------------

@dataclass
class FrenchCheck:
    pages: int  # muscle definitions with a labelled line (a file with the bytes of another is one page)
    pipeline: dict[str, Resolution]  # through the pipeline
    lexicon: dict[str, Resolution]  # through vocabulary.resolve alone


@dataclass
class InfoboxCheck:
    articles: int  # German pages written
    subjects: int  # of their subjects, those English pages of the corpus are about
    agreement: dict[str, Agreement]
    related: dict[str, float]
    unresolved: dict[str, Counter]  # field -> surface texts of German claims without an id


def run_french_check(folder: Path = FRENCH_DEFINITIONS) -> FrenchCheck | None:
    """Check A on a folder of French definitions (the project's copy, or the whole Z-Anatomy folder: only its
    muscle definitions with labelled lines are read); None when the folder is absent."""
    from extractors.discover import discover  # the pipeline is loaded only when the material is there
    from extractors.pipeline import run_tables

    if not folder.is_dir():
        return None
    items = french_definition_items(discover(folder))
    tables = run_tables(items)
    pages = sum(1 for doc in tables["documents"] if doc["status"] == "ok")
    return FrenchCheck(pages, french_resolution(items, tables), french_lexicon_resolution(items))


def run_infobox_check(external: Path, shared: Path) -> InfoboxCheck | None:
    """Check B: the MuskelfinderV2 values as pages against the English facts of ``shared``/corpus; None when
    either is absent."""
    from extractors.discover import discover
    from extractors.pipeline import run_tables

    table, corpus = external / MUSKELFINDER / MUSKELFINDER_CSV, shared / "corpus"
    if not table.is_file() or not corpus.is_dir():
        return None
    with tempfile.TemporaryDirectory(prefix="musculus-infobox-") as folder:
        written = write_infobox_pages(infobox_articles(table), Path(folder))
        german = run_tables(discover(Path(folder)))
    english = run_tables(discover(corpus))
    english_subjects = {doc["about_id"] for doc in english["documents"] if doc["language"] == "en"}
    subjects = set(about_subjects(german)) & english_subjects
    unresolved: dict[str, Counter] = defaultdict(Counter)
    for claim in german["claims"]:
        if claim["value_id"] is None and claim["field"] in INFOBOX_FIELDS.values():
            unresolved[claim["field"]][" ".join(claim["value_text"].split())] += 1
    return InfoboxCheck(written, len(subjects), infobox_agreement(german, english),
                        {name: related_overlap(german, english, name) for name in INFOBOX_FIELDS.values()},
                        dict(unresolved))
