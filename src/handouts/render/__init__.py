"""From project to HTML: the Jinja2 theme, documents, and the checks on what they reference."""
