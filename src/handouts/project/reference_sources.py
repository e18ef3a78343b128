"""What a printed reference may point to: the original, never a copy of it.

A reference names the original work (authors, title, journal or publisher, year) and, where
it has one, its DOI or PMID. Mirrors, textbook-copy sites, document-sharing sites and bare IP
addresses are where an author happened to read a text, not where a reader should look for it:
they change, vanish or host copies without permission, so a reference that names one is an
error at load time.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

# Hosts that copy other publishers' texts (textbook chapters, manuals, papers, UpToDate).
# A suffix match: "aneskey.com" also refuses "www.aneskey.com".
COPY_SITES = (
    "aneskey.com",
    "neupsykey.com",
    "clinicalgate.com",
    "studylib.net",
    "medilib.ir",
    "moam.info",
    "docslib.org",
    "scribd.com",
    "expydoc.com",
    "manualshelf.com",
    "manualshive.com",
    "manualslib.fr",
    "manualslib.com",
    "manuzoid.com",
    "booksci.cn",
    "paperexplained.cn",
    "ouci.dntb.gov.ua",
    "lausr.org",
    "researchgate.net",
    "78stepshealth.us",
    "alpfmedical.info",
    "verity.backworkai.com",
    "evidence.unboundmedicine.com",
    "tomhsiung.com",
    "medicalbag.com",
    "pharmaciststeve.com",
    "einpresswire.com",
    "bibliotheek.ehb.be",
    "scio-apps.com",
)
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^\d{1,9}$")


def address_problem(url: str) -> str | None:
    """Why `url` may not be printed in a reference, or None when it may."""
    if not url.startswith(("https://", "http://")):
        return "must start with https:// or http://"
    host = (urlsplit(url).hostname or "").lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return f"'{host}' is a bare IP address, not the original publisher: cite the original"
    for site in COPY_SITES:
        if host == site or host.endswith("." + site):
            return (
                f"'{host}' is a mirror or copy site: cite the original (authors, title, "
                "journal or publisher, year) with its doi: or pmid:, or no address"
            )
    return None


def doi_problem(doi: str) -> str | None:
    if DOI.match(doi):
        return None
    return "must be a DOI such as 10.1097/AAP.0000000000000700 (no https://doi.org/ prefix)"


def pmid_problem(pmid: str) -> str | None:
    return None if PMID.match(pmid) else "must be a PubMed id: digits only"
