"""PDF/A for the patient record that stays accessible: PDF/A-2a plus the PDF/UA-1 identifier.

WeasyPrint's `pdf/a-2a` variant keeps the structure tree (the "a" level), but writes only the
PDF/A identification into the XMP metadata. A file may claim both standards; PDF/A then asks
that every schema outside its predefined list, here `pdfuaid`, is described by an extension
schema inside the same XMP packet (ISO 19005-2, 6.6.2.3). This module adds both, working on
the RDF bytes only, so it needs no WeasyPrint.
"""

from __future__ import annotations

from xml.etree import ElementTree

ARCHIVE_VARIANT = "pdf/a-2a"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
NAMESPACES = {
    "rdf": RDF,
    "pdfuaid": PDFUAID,
    # PDF/A requires exactly these prefixes for extension schema descriptions.
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
for _prefix, _uri in NAMESPACES.items():
    ElementTree.register_namespace(_prefix, _uri)

_DECLARATIONS = " ".join(f'xmlns:{p}="{u}"' for p, u in NAMESPACES.items())
PDFUA_DESCRIPTIONS = f"""<rdf:RDF {_DECLARATIONS}>
<rdf:Description rdf:about="">
 <pdfaExtension:schemas>
  <rdf:Bag>
   <rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>{PDFUAID}</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property>
     <rdf:Seq>
      <rdf:li rdf:parseType="Resource">
       <pdfaProperty:name>part</pdfaProperty:name>
       <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
       <pdfaProperty:category>internal</pdfaProperty:category>
       <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
      </rdf:li>
     </rdf:Seq>
    </pdfaSchema:property>
   </rdf:li>
  </rdf:Bag>
 </pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about=""><pdfuaid:part>1</pdfuaid:part></rdf:Description>
</rdf:RDF>"""


def add_pdfua_identification(rdf_xml: bytes) -> bytes:
    """Return the `rdf:RDF` element with the pdfuaid extension schema and `part = 1` added."""
    rdf = ElementTree.fromstring(rdf_xml)
    for description in ElementTree.fromstring(PDFUA_DESCRIPTIONS):
        rdf.append(description)
    return ElementTree.tostring(rdf)


def declare_pdfua(metadata) -> None:
    """Make a WeasyPrint `DocumentMetadata` write the PDF/UA identifier with its PDF/A one."""
    generate = metadata.generate_rdf_metadata

    def generate_with_pdfua(variant, version, conformance):
        return add_pdfua_identification(generate(variant, version, conformance))

    metadata.generate_rdf_metadata = generate_with_pdfua
