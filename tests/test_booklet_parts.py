"""The booklet is made a chapter at a time: an edit lays out its chapter only, and the result
is the booklet a build that reuses nothing writes, page numbers, contents and links included."""

from __future__ import annotations

import re

from pypdf import PdfReader

from conftest import REPO, run_cli
from handouts.pdf.booklet_split import split_booklet
from handouts.project.loader import load_project
from pdfutil import booklet_toc, normalise, outline_titles, page_texts

FACET = "facet-joint-injection"
KEPT = re.compile(r"clinician-booklet: (\d+) of (\d+) parts kept from an earlier build; "
                  r"laid out: (.*)$", re.MULTILINE)  # fmt: skip


def test_split_cuts_front_and_chapters_and_sees_links_between_them():
    html = (
        '<html><head><title>t</title></head><body class="booklet">\n'
        '<section class="cover"><p>Cover</p></section>\n'
        '<nav><a href="#chapter-a">A</a><a href="#chapter-b">B</a></nav>\n'
        '<section class="chapter" id="chapter-a"><h1>A</h1><img src="x.png">'
        '<p>See <a href="#ref-1">1</a></p></section>\n'
        '<section class="chapter references" id="chapter-b"><ol><li id="ref-1">R</li></ol>'
        "</section>\n</body></html>"
    )
    booklet = split_booklet(html)
    assert [part.name for part in booklet.parts] == ["front", "chapter-a", "chapter-b"]
    # Cut, not rewritten: the parts' bodies are the template's text in order.
    assert booklet.head + "".join(p.body for p in booklet.parts) + booklet.tail == html
    front, chapter, references = booklet.parts
    assert front.targets == {"chapter-a", "chapter-b"} and not front.ids
    assert chapter.ids == {"chapter-a"} and chapter.targets == {"ref-1"}
    assert "ref-1" in references.ids
    # A part links to another through a placeholder on a page numbered as asked.
    alone = booklet.html(1, {"ref-1": 9})
    assert 'page: handouts-link-targets-9"><span id="ref-1"></span>' in alone


def test_html_that_cannot_be_cut_cleanly_is_laid_out_whole():
    open_element = '<html><body><div><section class="chapter" id="a"></section></body></html>'
    no_chapter = '<html><body><section class="cover"></section><p>x</p></body></html>'
    chapter_first = '<html><body><section class="chapter" id="a"></section></body></html>'
    for html in (open_element, no_chapter, chapter_first):
        assert split_booklet(html) is None


def booklet(clinic, *extra):
    result = run_cli("booklet", "--project", clinic, *extra)
    assert result.exit_code == 0, result.output
    return result


def edit_facet(clinic, old: str, new: str) -> None:
    own = clinic / "content" / "procedures" / f"{FACET}.yaml"
    if not own.exists():
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_text((REPO / "content" / "procedures" / own.name).read_text(encoding="utf-8"))
    text = own.read_text(encoding="utf-8")
    assert old in text
    own.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_same_as_forced(clinic, tmp_path, name: str):
    forced = tmp_path / name
    booklet(clinic, "--out", forced, "--force")
    made = (clinic / "output" / "clinician-booklet.pdf").read_bytes()
    assert made == (forced / "clinician-booklet.pdf").read_bytes()


def chapter_starts(path) -> dict[str, int]:
    return {normalise(t): page + 1 for t, depth, page in outline_titles(path) if depth == 0}


def test_an_edited_chapter_is_laid_out_alone_and_the_booklet_equals_a_forced_one(
    make_project, tmp_path
):
    clinic = make_project()
    path = clinic / "output" / "clinician-booklet.pdf"
    first = booklet(clinic)
    assert not KEPT.search(first.output)  # nothing to reuse yet
    before = chapter_starts(path)

    edit_facet(clinic, "No history or examination sign", "No single history or examination sign")
    kept = KEPT.search(booklet(clinic).output)
    assert kept and kept.group(3) == f"chapter-{FACET}"
    assert int(kept.group(1)) == int(kept.group(2)) - 1
    assert "No single history or examination sign" in normalise(" ".join(page_texts(path)))
    assert chapter_starts(path) == before
    assert_same_as_forced(clinic, tmp_path, "forced-same-length")

    # Two more pages of facet chapter: every later chapter moves, and the contents says so.
    notes = "".join(
        f"        - Local note {n}: a sentence long enough to wrap onto a second line here, "
        "and then some more words to fill it.\n"
        for n in range(45)
    )
    edit_facet(clinic, "        - A 3-month trial", notes + "        - A 3-month trial")
    grown = booklet(clinic)
    kept = KEPT.search(grown.output)
    assert kept and "chapter-nerve-block" in kept.group(3)  # moved, so laid out again
    after = chapter_starts(path)
    facet = normalise("Facet joint injection")
    assert after[facet] == before[facet]
    moved = [title for title in after if after[title] > before[title]]
    assert normalise("Nerve block") in moved and "References" in moved
    assert dict(booklet_toc(path)) == {t: p for t, p in after.items() if t != "Contents"}
    assert_same_as_forced(clinic, tmp_path, "forced-grown")


def test_kept_parts_that_are_damaged_are_made_again(make_project, tmp_path):
    clinic = make_project()
    booklet(clinic)
    kept = sorted((clinic / ".handouts-cache" / "booklet").glob("*.pdf"))
    assert kept
    for part in kept:
        part.write_bytes(b"%PDF-1.7 not a booklet part")
    edit_facet(clinic, "No history or examination sign", "No single history or examination sign")
    result = booklet(clinic)
    assert "parts kept" not in result.output  # none could be used
    assert_same_as_forced(clinic, tmp_path, "forced")


def test_joined_booklet_links_bookmarks_and_running_heads_resolve(sample_build):
    path = sample_build / "clinician-booklet.pdf"
    reader = PdfReader(path)
    destinations = reader.named_destinations
    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    internal = [str(link["/Dest"]) for link in links if "/Dest" in link]
    assert internal and all(name in destinations for name in internal)
    # No placeholder survived the join: every destination is a real element's.
    assert not [name for name in destinations if "handouts-link-targets" in name]
    assert {"overview", "glossary", "references"} <= set(destinations)
    # Every structure element marks content on a page that is in the file.
    pages = {page.indirect_reference.idnum for page in reader.pages}
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    stack, seen = [tree["/K"]], 0
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict) and "/S" in node:
            seen += 1
            if "/Pg" in node:
                assert node.raw_get("/Pg").idnum in pages
            if "/K" in node:
                stack.append(node["/K"])
    assert seen > 500
    # Left-hand pages carry the booklet's title as their running head, in every chapter.
    title = normalise(load_project(REPO).booklet.title)
    left = [(n, normalise(t)) for n, t in enumerate(page_texts(path), 1) if n % 2 == 0 and t]
    assert len(left) >= 10
    for number, text in left[1:]:  # after the contents (page 2 is blank)
        # pypdf reads the running head and page number first or last.
        assert text.startswith(title) or text.endswith(f"{title} {number}"), number


def test_only_parts_whose_rules_print_a_target_page_wait_for_the_others():
    from handouts.pdf.cross_references import reads_other_pages, target_selectors

    css = [
        "ol.toc a::after { content: leader(dotted) target-counter(attr(href), page); }",
        "@media print { .see::after { content: target-text(attr(href)); } }",
        "h1 { color: red; }",
    ]
    selectors = target_selectors(css)
    assert [s.strip() for s in selectors] == ["ol.toc a::after", ".see::after"]
    page = "<html><body>{}</body></html>"
    contents = page.format('<ol class="toc"><li><a href="#x">X</a></li></ol>')
    chapter = page.format('<section class="chapter"><a href="#x">X</a></section>')
    see = page.format('<p><a class="see" href="#x">X</a></p>')
    assert reads_other_pages(contents, contents, selectors)
    assert not reads_other_pages(chapter, chapter, selectors)
    assert reads_other_pages(see, see, selectors)
    # A style attribute, or a call where no selector says which element, counts too.
    inline = page.format('<a style="content: target-counter(attr(href), page)" href="#x">X</a>')
    assert reads_other_pages(inline, inline, selectors)
    margin = ["@page { @bottom-center { content: target-counter('#x', page); } }"]
    assert target_selectors(margin) is None
    assert reads_other_pages(chapter, chapter, None)
