"""A catalogue of hostile and broken inputs, written into a temporary folder by the tests themselves.

Every case says what the run must make of it: ``ok`` (read correctly, with a check of the text that was read)
or ``quarantined`` with one reason code (DESIGN.md, "Bad input"). ``build(root, outside)`` writes the pages under
``root`` (``outside`` is a folder beside the input: symlinks point there, external entities name files there) and
returns the cases by the path they get in the documents table.

Nothing here is committed binary junk: every byte is generated here. Sizes are kept just past the caps, so the
whole catalogue builds in well under a second (the sparse file over the read cap costs no disk).
"""
from __future__ import annotations

import bz2
import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

from extractors.decode import MAX_PAGE_BYTES
from extractors.discover import MAX_FILE_BYTES

SECRET = "TOP-SECRET-7f3a9c"  # content of a file outside the input: it must never appear in any output
MARKER_NAME = "python-tag-ran"  # a YAML python tag would create this file in ``outside``


@dataclass
class Case:
    path: str  # documents.path of the outcome
    status: str  # ok | quarantined
    reason: str | None = None
    contains: tuple[str, ...] = ()  # ok: text_clean holds each of these
    lacks: tuple[str, ...] = ()  # ok: text_clean holds none of these
    note: str = ""  # what the input is, for the catalogue table
    family: str | None = None
    extra: dict = field(default_factory=dict)


# ---- page texts ----------------------------------------------------------------------------------------

ARTICLE = """Soleus muscle

The soleus is a broad flat muscle of the calf that lies deep to the gastrocnemius muscle.
It arises from the soleal line of the tibia and the head of the fibula and inserts onto the calcaneus.
The soleus is innervated by the tibial nerve, nerve roots S1 and S2, and it plantarflexes the ankle.
"""

SPANISH = """Músculo sóleo

El músculo sóleo es un músculo ancho y plano de la pantorrilla, situado por debajo del gastrocnemio.
Se origina en la línea del sóleo de la tibia y en la cabeza del peroné y se inserta en el calcáneo.
Está inervado por el nervio tibial, raíces S1 y S2, y su acción es la flexión plantar del tobillo.
"""

GERMAN = """Musculus soleus

Der Musculus soleus ist ein breiter, flacher Muskel der Wade, der unter dem Musculus gastrocnemius liegt.
Er entspringt an der Linea musculi solei des Schienbeins und am Wadenbeinkopf und setzt am Fersenbein an.
Er wird vom Nervus tibialis innerviert, Segmente S1 und S2, und bewirkt die Plantarflexion im Sprunggelenk.
"""

JAPANESE = """ヒラメ筋

ヒラメ筋は下腿三頭筋の一部であり、腓腹筋の深層に位置する幅広く平たい筋肉である。
脛骨のヒラメ筋線と腓骨頭から起始し、アキレス腱を介して踵骨に停止する。
脛骨神経（S1、S2）に支配され、足関節の底屈に働く。
"""

JAPANESE_HTML = f"""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>ヒラメ筋</title></head>
<body><article><h1>ヒラメ筋</h1>
{''.join(f'<p>{line}</p>' for line in JAPANESE.splitlines()[2:])}
</article></body></html>
"""

HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Soleus muscle</title></head>
<body><article><h1>Soleus muscle</h1>
<p>The soleus is a broad flat muscle of the calf that lies deep to the gastrocnemius muscle.</p>
<p>It arises from the soleal line of the tibia and inserts onto the calcaneus.</p>
</article></body></html>
"""


def deep_html(levels: int) -> str:
    return ("<html><body><h1>Soleus muscle</h1>" + "<div>" * levels
            + "<p>The soleus arises from the soleal line of the tibia and inserts onto the calcaneus.</p>"
            + "</div>" * levels + "</body></html>")


def deep_inline_html(levels: int) -> str:
    return ("<html><body><h1>Soleus muscle</h1><p>" + "<span>" * levels
            + "The soleus arises from the soleal line of the tibia." + "</span>" * levels + "</p></body></html>")


def jekyll(front_matter: str, body: str = "The soleus is a broad flat muscle of the calf.\n") -> str:
    return f"---\n{front_matter}\n---\n\n{body}"


BILLION_LAUGHS_YAML = "\n".join(
    ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["title: Soleus muscle", "origin: [*i]"]
)


def _dump_page(title: str, text: str, page_id: int = 1) -> str:
    return (f"  <page>\n    <title>{title}</title>\n    <ns>0</ns>\n    <id>{page_id}</id>\n"
            f"    <revision>\n      <id>{100 + page_id}</id>\n      <model>wikitext</model>\n"
            f"      <format>text/x-wiki</format>\n      <text xml:space=\"preserve\">{text}</text>\n"
            f"    </revision>\n  </page>\n")


DUMP_HEAD = ('<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n'
             "  <siteinfo><sitename>Wikipedia</sitename></siteinfo>\n")
WIKITEXT_SOLEUS = ("{{Infobox muscle\n| Name = Soleus muscle\n| Origin = [[tibia]] and [[fibula]]\n"
                   "| Insertion = [[calcaneus]]\n| Nerve = [[tibial nerve]], nerve roots S1, S2\n}}\n"
                   "The '''soleus''' is a muscle of the [[calf]].\n")
WIKITEXT_PLANTARIS = ("{{Infobox muscle\n| Name = Plantaris muscle\n| Insertion = [[calcaneus]]\n"
                      "| Nerve = [[tibial nerve]]\n}}\nThe '''plantaris''' is a small muscle of the [[calf]].\n")
GOOD_DUMP = DUMP_HEAD + _dump_page("Soleus muscle", WIKITEXT_SOLEUS, 1) + _dump_page(
    "Plantaris muscle", WIKITEXT_PLANTARIS, 2) + "</mediawiki>\n"


def _bz2_zeros_dump(decompressed: int) -> bytes:
    """A .xml.bz2 dump whose one page is ``decompressed`` bytes of '0': a few kB on disk (bz2 streams of
    a long run of one byte, concatenated: bz2 readers read multi-stream files)."""
    head = bz2.compress((DUMP_HEAD + "  <page>\n    <title>Zeros</title>\n    <ns>0</ns>\n    <revision>\n"
                         '      <text xml:space="preserve">').encode())
    chunk = 8_000_000
    stream = bz2.compress(b"0" * chunk)
    tail = bz2.compress(b"</text>\n    </revision>\n  </page>\n</mediawiki>\n")
    return head + stream * (decompressed // chunk + 1) + tail


# ---- the catalogue ---------------------------------------------------------------------------------------

def build(root: Path, outside: Path, *, http_url: str = "http://127.0.0.1:9/", with_fifo: bool = True,
          with_dumps: bool = True) -> dict[str, Case]:
    """Write every hostile page under ``root``; return the expected outcome per documents.path.

    ``http_url`` is where the external entities and DTDs point (a test serves it and counts requests).
    """
    root.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_text(f"{SECRET}\nThe soleus arises from the tibia. " * 3, encoding="utf-8")
    (outside / "secret_dir").mkdir(exist_ok=True)
    (outside / "secret_dir" / "page.txt").write_text(ARTICLE.replace("calf", SECRET), encoding="utf-8")
    marker = outside / MARKER_NAME
    cases: dict[str, Case] = {}

    def page(name: str, data: bytes | str, case: Case) -> None:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases[case.path] = case

    # -- a good page, so the run has something to publish
    page("good/soleus.txt", ARTICLE, Case("good/soleus.txt", "ok", contains=("soleal line",), note="a plain article"))

    # -- emptiness and binary
    page("empty.txt", b"", Case("empty.txt", "quarantined", "empty", note="zero bytes"))
    page("blank.txt", b" \r\n\t \n", Case("blank.txt", "quarantined", "empty", note="whitespace only"))
    page("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
         Case("image.png", "quarantined", "binary", note="PNG bytes"))
    page("elf.txt", b"\x7fELF\x02\x01\x01" + bytes(64) + b"soleus" * 10,
         Case("elf.txt", "quarantined", "binary", note="an executable named .txt"))
    page("nul_inside.txt", ARTICLE.encode() + b"\x00\x00" + ARTICLE.encode(),
         Case("nul_inside.txt", "quarantined", "binary", note="UTF-8 article with NUL bytes inside"))
    page("controls.txt", ("\x1b[31m\x07\x08" * 200 + ARTICLE).encode(),
         Case("controls.txt", "quarantined", "binary", note="terminal escapes and control characters"))

    # -- encodings
    page("enc/latin1.txt", SPANISH.encode("latin-1"),
         Case("enc/latin1.txt", "ok", contains=("Músculo sóleo", "línea", "calcáneo"), note="Latin-1 Spanish"))
    page("enc/cp1252.txt", (ARTICLE.replace("soleal line", "“soleal line”") + "Price: 5 €\n").encode("cp1252"),
         Case("enc/cp1252.txt", "ok", contains=("“soleal line”",), note="Windows-1252 curly quotes"))
    page("enc/utf16_bom.txt", codecs.BOM_UTF16_LE + GERMAN.encode("utf-16-le"),
         Case("enc/utf16_bom.txt", "ok", contains=("Fersenbein", "Muskel der Wade"), note="UTF-16 LE with BOM"))
    page("enc/utf16be_bom.txt", codecs.BOM_UTF16_BE + SPANISH.encode("utf-16-be"),
         Case("enc/utf16be_bom.txt", "ok", contains=("calcáneo",), note="UTF-16 BE with BOM"))
    page("enc/utf16_nobom.txt", GERMAN.encode("utf-16-le"),
         Case("enc/utf16_nobom.txt", "ok", contains=("Fersenbein",), note="UTF-16 LE without BOM"))
    page("enc/utf8_bom.txt", codecs.BOM_UTF8 + ARTICLE.encode(),
         Case("enc/utf8_bom.txt", "ok", contains=("Soleus muscle",), lacks=("\ufeff",), note="UTF-8 with BOM"))
    page("enc/crlf.txt", ARTICLE.replace("\n", "\r\n").replace("calf", "lower leg").encode(),
         Case("enc/crlf.txt", "ok", contains=("lower leg",), lacks=("\r",), note="CRLF line ends"))
    page("enc/cr_only.txt", ARTICLE.replace("\n", "\r").replace("calf", "back of the leg").encode(),
         Case("enc/cr_only.txt", "ok", contains=("back of the leg",), lacks=("\r",), note="old Mac CR line ends"))
    mixed = (ARTICLE.replace("calf", "calf (Wade)").encode("utf-8")
             + "Der Muskel setzt am Fersenbein an und wird vom Schienbeinnerv versorgt, sagt die Quelle.\n"
             .encode("latin-1"))
    page("enc/mixed.txt", mixed, Case("enc/mixed.txt", "ok", contains=("Fersenbein", "calf (Wade)"),
                                      lacks=("\ufffd",), note="UTF-8 with one Latin-1 line"))
    mixed_accents = ("Músculo sóleo\n\nEl sóleo se inserta en el calcáneo por el tendón de Aquiles, según la fuente.\n"
                     .encode("utf-8")
                     + "Se origina en la línea del sóleo de la tibia y en la cabeza del peroné, dice el autor.\n"
                     .encode("latin-1"))
    page("enc/mixed_accents.txt", mixed_accents,
         Case("enc/mixed_accents.txt", "ok", contains=("calcáneo", "línea", "peroné"), lacks=("\ufffd", "Ã"),
              note="UTF-8 and Latin-1 accents in one file"))
    page("enc/mojibake.txt", SPANISH.encode("utf-8").decode("latin-1").encode("utf-8"),
         Case("enc/mojibake.txt", "ok", contains=("Músculo sóleo", "calcáneo"), lacks=("Ã",),
              note="UTF-8 read as Latin-1 and saved again (mojibake)"))
    page("enc/mojibake_cp1252.html",
         HTML.replace("calf", "calf – the ‘sural’ region").encode("utf-8").decode("cp1252").encode("utf-8"),
         Case("enc/mojibake_cp1252.html", "ok", contains=("calf – the ‘sural’ region",), lacks=("â€",),
              note="UTF-8 read as Windows-1252 (â€“, â€˜)"))
    page("enc/undecodable.txt", bytes(range(128, 256)) * 40,
         Case("enc/undecodable.txt", "quarantined", "undecodable", note="high bytes only, no text in any encoding"))
    page("enc/zero_width.txt", ARTICLE.replace("soleal", "sol\u200beal").replace("tibia", "\u202etibia\u202c")
         .encode(), Case("enc/zero_width.txt", "ok", contains=("soleal line",), lacks=("\u200b",),
                         note="zero-width and bidi override characters"))

    # -- sizes
    page("big/over_page_cap.txt", (ARTICLE * (MAX_PAGE_BYTES // len(ARTICLE) + 2)).encode(),
         Case("big/over_page_cap.txt", "quarantined", "too_large", note=f"text just over {MAX_PAGE_BYTES} bytes"))
    sparse = root / "big" / "over_file_cap.txt"
    with sparse.open("wb") as handle:  # sparse: no disk used, but reading it would take 50 MB
        handle.truncate(MAX_FILE_BYTES + 10)
    cases["big/over_file_cap.txt"] = Case("big/over_file_cap.txt", "quarantined", "too_large",
                                          note=f"sparse file over the {MAX_FILE_BYTES}-byte read cap")
    page("big/one_line.txt", ("word " * 400_000 + "\n").encode(),
         Case("big/one_line.txt", "quarantined", "too_large", note="2 MB of words on one line: more text than the analysis takes"))

    # -- deep nesting
    page("deep/divs.html", deep_html(5000), Case("deep/divs.html", "ok", contains=("soleal line",),
                                                  note="5000 nested <div>s"))
    page("deep/spans.html", deep_inline_html(5000),
         Case("deep/spans.html", "ok", contains=("soleal line",), note="5000 nested inline <span>s"))
    page("deep/lists.html", "<html><body><h1>Soleus muscle</h1>" + "<ul><li>" * 3000
         + "The soleus arises from the tibia." + "</li></ul>" * 3000 + "</body></html>",
         Case("deep/lists.html", "ok", contains=("arises from the tibia",), note="3000 nested lists"))
    page("deep/tables.html", "<html><body><h1>Soleus muscle</h1>" + "<table><tr><td>" * 2000
         + "Origin: tibia" + "</td></tr></table>" * 2000 + "</body></html>",
         Case("deep/tables.html", "ok", contains=("tibia",), note="2000 nested tables"))
    page("deep/templates.wikitext", "{{Infobox muscle\n| Name = Soleus muscle\n}}\n" + "{{a|" * 3000 + "x"
         + "}}" * 3000 + "\nThe '''soleus''' arises from the [[tibia]].\n",
         Case("deep/templates.wikitext", "ok", contains=("arises from the tibia",), note="3000 nested templates"))
    page("deep/links.wikitext", "{{Infobox muscle\n| Name = Soleus muscle\n}}\n" + "[[a|" * 3000 + "x"
         + "]]" * 3000 + "\nThe '''soleus''' arises from the [[tibia]].\n",
         Case("deep/links.wikitext", "ok", contains=("arises from the tibia",), note="3000 nested links"))
    page("deep/markdown.md", jekyll("title: Soleus muscle", "> " * 5000 + "deep quote\n\n"
                                    + "The soleus arises from the tibia.\n"),
         Case("deep/markdown.md", "ok", contains=("arises from the tibia",), note="5000-level Markdown quote"))

    # -- YAML front matter
    page("yaml/unclosed.md", jekyll("title: [Soleus\nlatin: musculus soleus"),
         Case("yaml/unclosed.md", "quarantined", "malformed_front_matter", note="unclosed flow sequence"))
    page("yaml/tabs.md", jekyll("title: Soleus\n\tlatin: x"),
         Case("yaml/tabs.md", "quarantined", "malformed_front_matter", note="tab indentation"))
    page("yaml/list.md", jekyll("- a\n- b"),
         Case("yaml/list.md", "quarantined", "malformed_front_matter", note="front matter is a list"))
    page("yaml/python_apply.md",
         jekyll(f"title: !!python/object/apply:os.system [\"touch {marker}\"]"),
         Case("yaml/python_apply.md", "quarantined", "malformed_front_matter",
              note="!!python/object/apply:os.system tag"))
    page("yaml/python_name.md", jekyll("title: !!python/name:os.system"),
         Case("yaml/python_name.md", "quarantined", "malformed_front_matter", note="!!python/name tag"))
    page("yaml/python_new.md",
         jekyll(f"title: !!python/object/new:subprocess.Popen [[\"touch\", \"{marker}\"]]"),
         Case("yaml/python_new.md", "quarantined", "malformed_front_matter", note="!!python/object/new tag"))
    page("yaml/billion_laughs.md", jekyll(BILLION_LAUGHS_YAML),
         Case("yaml/billion_laughs.md", "quarantined", "malformed_front_matter",
              note="alias bomb (9 levels of 9 aliases: 10^9 strings)"))
    page("yaml/recursive.md", jekyll("title: Soleus\norigin: &a [tibia, *a]"),
         Case("yaml/recursive.md", "quarantined", "malformed_front_matter", note="self-referencing alias"))
    page("yaml/deep.md", jekyll("title: Soleus\norigin: " + "[" * 5000 + "]" * 5000),
         Case("yaml/deep.md", "quarantined", "malformed_front_matter", note="5000 nested flow sequences"))
    page("yaml/huge.md", jekyll("title: Soleus\nnotes: |\n" + "  filler text line\n" * 80_000),
         Case("yaml/huge.md", "quarantined", "malformed_front_matter", note="1.4 MB of front matter"))
    page("yaml/binary_tag.md", jekyll("title: Soleus\nimage: !!binary " + "QUJD" * 10),
         Case("yaml/binary_tag.md", "ok", contains=("broad flat muscle",), note="!!binary value (safe)"))
    page("yaml/ok_anchor.md", jekyll("title: Soleus muscle\nbase: &b tibia\norigin: *b"),
         Case("yaml/ok_anchor.md", "ok", contains=("origin: tibia",), note="one harmless alias"))

    # -- web pages: entities, external resources
    url = http_url.rstrip("/")
    page("xml/html_xxe.html",
         f'<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY xxe SYSTEM "file://{secret}">\n'
         f'<!ENTITY net SYSTEM "{url}/entity">\n]>\n<html><body><h1>Soleus muscle</h1>'
         f'<p>The soleus arises from the tibia. &xxe; &net;</p><img src="{url}/image.png">'
         f'<iframe src="{url}/frame"></iframe><link rel="stylesheet" href="{url}/style.css"></body></html>',
         Case("xml/html_xxe.html", "ok", contains=("arises from the tibia",), lacks=(SECRET,),
              note="HTML with a DOCTYPE declaring file:// and http:// entities"))
    page("xml/html_laughs.html",
         '<!DOCTYPE html [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
         '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
         "<html><body><h1>Soleus muscle</h1><p>The soleus arises from the tibia. &d;&d;&d;</p></body></html>",
         Case("xml/html_laughs.html", "ok", contains=("arises from the tibia",), lacks=("lollol",),
              note="HTML with nested internal entities (billion laughs)"))
    page("xml/not_a_dump.xml",
         f'<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file://{secret}">\n'
         f'<!ENTITY net SYSTEM "{url}/not-a-dump">]>\n<foo>&xxe;&net;</foo>\n',
         Case("xml/not_a_dump.xml", "quarantined", "unknown_family", note="XML (not a dump) with an external entity"))
    page("xml/svg.svg", '<svg xmlns="http://www.w3.org/2000/svg"><text>soleus</text></svg>',
         Case("xml/svg.svg", "quarantined", "unknown_family", note="an SVG image"))

    if with_dumps:
        page("dumps/good.xml", GOOD_DUMP, Case("dumps/good.xml#Soleus muscle", "ok", family="mediawiki",
                                                contains=("calcaneus",), note="a well-formed dump (page 1)"))
        cases["dumps/good.xml#Plantaris muscle"] = Case("dumps/good.xml#Plantaris muscle", "ok", family="mediawiki",
                                                        contains=("plantaris",), note="a well-formed dump (page 2)")
        truncated = (DUMP_HEAD + _dump_page("Soleus muscle", WIKITEXT_SOLEUS.replace("calf", "lower leg"), 1)
                     + _dump_page("Plantaris muscle", WIKITEXT_PLANTARIS, 2))[:-200]
        page("dumps/truncated.xml", truncated,
             Case("dumps/truncated.xml#Soleus muscle", "ok", contains=("lower leg",),
                  note="a dump cut inside its second page: the first page stays"))
        cases["dumps/truncated.xml"] = Case("dumps/truncated.xml", "quarantined", "malformed_xml",
                                            note="... and the cut is one quarantined row")
        page("dumps/mismatched.xml", DUMP_HEAD + "  <page><title>Broken</title><ns>0</ns></revision></page>\n"
             "</mediawiki>\n", Case("dumps/mismatched.xml", "quarantined", "malformed_xml", note="mismatched tags"))
        page("dumps/xxe.xml",
             f'<?xml version="1.0"?>\n<!DOCTYPE mediawiki [\n<!ENTITY xxe SYSTEM "file://{secret}">\n]>\n'
             + DUMP_HEAD + _dump_page("Soleus muscle", "The soleus. &xxe;") + "</mediawiki>\n",
             Case("dumps/xxe.xml", "quarantined", "malformed_xml", note="dump with a file:// external entity"))
        page("dumps/xxe_http.xml",
             f'<?xml version="1.0"?>\n<!DOCTYPE mediawiki SYSTEM "{url}/dtd">\n'
             + DUMP_HEAD + _dump_page("Soleus muscle", "The soleus.") + "</mediawiki>\n",
             Case("dumps/xxe_http.xml", "quarantined", "malformed_xml", note="dump with an http:// external DTD"))
        page("dumps/laughs.xml",
             '<?xml version="1.0"?>\n<!DOCTYPE mediawiki [<!ENTITY a "lol">'
             + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
             + "]>\n" + DUMP_HEAD + _dump_page("Soleus muscle", "&i;") + "</mediawiki>\n",
             Case("dumps/laughs.xml", "quarantined", "malformed_xml", note="billion laughs (10^8 expansions)"))
        page("dumps/bomb.xml.bz2", _bz2_zeros_dump(200_000_000),
             Case("dumps/bomb.xml.bz2", "quarantined", "too_large",
                  note="bz2 of a page of 200 MB of zeros (a few kB on disk)"))
        page("dumps/broken.xml.bz2", b"BZh91AY&SY" + bytes(range(256)) * 4,
             Case("dumps/broken.xml.bz2", "quarantined", "malformed_xml", note="a corrupt bz2 stream"))

    # -- character references to what no text may hold (lone surrogates, NUL, past U+10FFFF)
    refs = "&#xD800; &#0; &#x110000; &#xDFFF; &#xD83D;"
    page("refs/surrogates.wikitext", "{{Infobox muscle\n| Name = Soleus muscle\n| Origin = tibia " + refs
         + "\n}}\nThe '''soleus''' arises from the [[tibia]] " + refs + " and inserts onto the calcaneus.\n",
         Case("refs/surrogates.wikitext", "ok", contains=("arises from the tibia",), lacks=("\ud800", "\x00"),
              note="wikitext with &#xD800;, &#0;, &#x110000; references"))
    page("refs/surrogates.html", "<html><body><h1>Soleus muscle</h1><p>The soleus arises from the tibia " + refs
         + " and inserts onto the calcaneus.</p></body></html>",
         Case("refs/surrogates.html", "ok", contains=("arises from the tibia",), lacks=("\ud800", "\x00"),
              note="HTML with &#xD800;, &#0;, &#x110000; references"))

    # -- file names
    (root / "names").mkdir()
    (root / os.fsdecode(b"names/\xffbad-name.txt")).write_text(GERMAN, encoding="utf-8")
    cases["names/\\xffbad-name.txt"] = Case("names/\\xffbad-name.txt", "ok", contains=("Fersenbein",),
                                             note="a file name that is not UTF-8 (byte 0xFF)")
    page("names/new\nline.txt", ARTICLE.replace("calf", "sural region"),
         Case("names/new\nline.txt", "ok", contains=("sural region",), note="a newline in the file name"))

    # -- the family nobody reads, language nobody speaks here
    page("lang/japanese.txt", JAPANESE,
         Case("lang/japanese.txt", "quarantined", "unsupported_language", note="Japanese article text"))
    page("lang/japanese.html", JAPANESE_HTML,
         Case("lang/japanese.html", "quarantined", "unsupported_language", note="Japanese web page (lang=ja)"))
    page("lang/shopping_list.dat", "eggs\nmilk\nbread\n",
         Case("lang/shopping_list.dat", "quarantined", "unknown_family", note="a list that is no article, no known extension"))
    page("lang/duplicate.txt", ARTICLE, Case("lang/duplicate.txt", "quarantined", "duplicate",
                                             note="same bytes as good/soleus.txt"))

    # -- the file system
    os.symlink(secret, root / "escape_file.txt")
    cases["escape_file.txt"] = Case("escape_file.txt", "quarantined", "symlink_escape",
                                    note="symlink to a file outside the input")
    os.symlink(outside / "secret_dir", root / "escape_dir")
    cases["escape_dir"] = Case("escape_dir", "quarantined", "symlink_escape",
                               note="symlink to a folder outside the input (not walked)")
    os.symlink(root / "good", root / "good_again")  # a link to a folder inside: no row, its pages read once
    os.symlink(root / "good" / "soleus.txt", root / "inside_link.txt")
    cases["inside_link.txt"] = Case("inside_link.txt", "quarantined", "duplicate",
                                    note="symlink to a page inside the input")
    os.symlink(root / "loop.txt", root / "loop.txt")
    cases["loop.txt"] = Case("loop.txt", "quarantined", "unreadable", note="symlink to itself")
    os.symlink(root / "nowhere.txt", root / "dangling.txt")
    cases["dangling.txt"] = Case("dangling.txt", "quarantined", "unreadable", note="dangling symlink")
    if with_fifo:
        os.mkfifo(root / "pipe.txt")
        cases["pipe.txt"] = Case("pipe.txt", "quarantined", "unreadable", note="a named pipe (would block a read)")
    page(".hidden.txt", ARTICLE + "hidden", Case(".hidden.txt", "skipped", note="hidden file: not an input"))
    del cases[".hidden.txt"]
    return cases
