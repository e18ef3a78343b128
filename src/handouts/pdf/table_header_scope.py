"""Give every table header cell in the structure tree an explicit /Scope.

WeasyPrint 70 links each data cell to its headers with /Headers (one valid PDF/UA way), but
leaves /Scope off the header cells. Checkers that look at header cells only (such as pdfua's
UA-15-003) then cannot tell what a header heads. Adding /Scope states it twice, consistently:
headers in a table head are column headers, headers in a body row are row headers, which is
what our templates mean (`<thead><th scope="col">`, `<tbody><th scope="row">`).

Runs as WeasyPrint's `finisher` on the pydyf objects just before the file is written.
"""

from __future__ import annotations


def add_table_header_scope(document, pdf) -> None:
    objects = pdf.objects

    def parent(element):
        reference = element.get("P")  # b"12 0 R"
        if not isinstance(reference, (bytes, str)):
            return None
        number = int(reference.split()[0])
        return objects[number] if 0 <= number < len(objects) else None

    for element in objects:
        if not isinstance(element, dict) or element.get("S") != "/TH":
            continue
        row = parent(element)
        group = parent(row) if isinstance(row, dict) else None
        scope = "/Column" if isinstance(group, dict) and group.get("S") == "/THead" else "/Row"
        attributes = element.get("A")
        if isinstance(attributes, dict) and "Scope" not in attributes:
            attributes["Scope"] = scope
