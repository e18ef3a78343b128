"""Languages: gettext catalogues for the strings templates print, and language tags."""
