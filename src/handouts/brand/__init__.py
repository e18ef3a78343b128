"""The clinic's look: _brand.yml to CSS custom properties, colours and contrast."""
