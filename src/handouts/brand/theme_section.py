"""The `theme:` section of handouts.yaml: where the brand file is, and extra stylesheets.

```yaml
theme:
  brand: _brand.yml               # default: _brand.yml (or brand/_brand.yml ...) if present
  stylesheets: [print-extra.css]  # loaded after templates/clinic.css
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.project.config_options import Option
from handouts.project.local_files import local_file


@dataclass(frozen=True)
class ThemeSettings:
    brand_named: bool = False  # theme.brand is given (then no other brand file is looked for)
    brand_file: Path | None = None  # None when not named, or named wrongly (reported)
    stylesheets: tuple[Path, ...] = ()


class ThemeSection(Option):
    """Paths must lead to files inside the project folder `root`."""

    def __init__(self, root: Path):
        super().__init__(ThemeSettings())
        self.root = root

    def validate(self, check, value, path):
        root = self.root
        data = check.mapping(value, path, optional=("brand", "stylesheets"))
        if data is None:
            return ThemeSettings()  # as if absent: the default brand file is still read
        brand_file = None
        if "brand" in data:
            suffixes = (".yml", ".yaml")
            brand_file = local_file(check, root, root, data["brand"], (*path, "brand"), suffixes)
        value = data.get("stylesheets")
        sheets = []
        for item_path, item in check.items([value] if isinstance(value, str) else value, path):
            sheet = local_file(check, root, root, item, item_path, (".css",))
            if sheet is not None:
                sheets.append(sheet)
        return ThemeSettings("brand" in data, brand_file, tuple(sheets))
