"""The `devices:` section of handouts.yaml, and the `when:` of content that depends on it.

Some patient text is true only of the clinic's own device or policy: a SynchroMed pump's two
alarm tones are not every pump's, and whether patients keep naloxone at home is the clinic's
choice. A content section or help-box item may say `when: {pump_model: synchromed}`; it prints
only when handouts.yaml says so. The conditions are checked against these options, so a
mistyped name or value is an error with file, line and field, never text that silently
disappears.

```yaml
devices:
  pump_model: synchromed   # generic (default) or synchromed: alarm and MRI wording
  home_naloxone: true      # patients keep naloxone at home (default false)
```
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from handouts.project.config_options import Boolean, Choice, Section

PUMP_MODELS = ("generic", "synchromed")


@dataclass(frozen=True)
class DeviceSettings:
    pump_model: str = "generic"
    home_naloxone: bool = False

    def conditions(self) -> dict[str, object]:
        """What a content file's `when:` may test, by name."""
        return asdict(self)


DEVICE_OPTIONS = {
    "pump_model": Choice(PUMP_MODELS, DeviceSettings.pump_model),
    "home_naloxone": Boolean(DeviceSettings.home_naloxone),
}
DEVICES = Section(DEVICE_OPTIONS, DeviceSettings, empty_means_defaults=True)


def holds(check, value, path, conditions: dict[str, object]) -> bool:
    """Whether a `when:` mapping holds for the clinic's settings (each key a device option,
    each value one it accepts); a wrong `when:` is reported and the text is kept, so the
    mistake is seen rather than the text lost."""
    data = check.mapping(value, path, optional=tuple(DEVICE_OPTIONS))
    if not data:
        if data is not None:
            check.error(path, f"name at least one of: {', '.join(DEVICE_OPTIONS)}")
        return True
    result = True
    for key, wanted in data.items():
        option = DEVICE_OPTIONS.get(key)  # an unknown name is already reported
        clean = option.validate(check, wanted, (*path, key)) if option else None
        if clean is None:
            continue
        result = result and conditions.get(key, getattr(DeviceSettings, key)) == clean
    return result
