"""Declarative schema of `handouts.yaml`, in the manner of MkDocs' `config_options`.

Each section of the file is described by options; validating one reports every mistake with
file, line and field (through `schema.Checker`) and returns a clean value, or None when the
value cannot be used. A section owned by a feature (readability, theme, appointments, ...)
defines its own `Section` beside its code and is listed in `settings.SECTIONS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handouts.project.schema import Checker

LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


class Option:
    """One field: its default when absent, whether it is required, how it is validated."""

    def __init__(self, default=None, *, required: bool = False):
        self.default = default
        self.required = required

    def validate(self, check: Checker, value, path: tuple):
        """The clean value, or None after reporting why it cannot be used."""
        return value


class Text(Option):
    def validate(self, check, value, path):
        return check.text(value, path)


class Boolean(Option):
    def validate(self, check, value, path):
        return check.boolean(value, path)


class Choice(Option):
    def __init__(self, choices: tuple[str, ...], default=None, *, required=False):
        super().__init__(default, required=required)
        self.choices = choices

    def validate(self, check, value, path):
        return check.choice(value, path, self.choices)


class Number(Option):
    def __init__(self, default=None, *, minimum=None, maximum=None, required=False):
        super().__init__(default, required=required)
        self.minimum, self.maximum = minimum, maximum

    def validate(self, check, value, path):
        return check.number(value, path, minimum=self.minimum, maximum=self.maximum)


class Integer(Number):
    def validate(self, check, value, path):
        return check.integer(value, path, minimum=self.minimum, maximum=self.maximum)


class LanguageTag(Text):
    def validate(self, check, value, path):
        language = check.text(value, path)
        if language and not LANGUAGE_PATTERN.match(language):
            check.error(path, f"'{language}' is not a language tag such as en-US or es")
            return None
        return language


class TimeZone(Text):
    def validate(self, check, value, path):
        timezone = check.text(value, path)
        if timezone:
            try:
                ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError):
                check.error(path, f"unknown time zone '{timezone}' (e.g. America/Chicago)")
                return None
        return timezone


class Section(Option):
    """A mapping of named options, built into `build(**values)` (a dataclass).

    Unknown and missing fields are reported (with a "did you mean"). Absent fields take the
    dataclass's defaults, or with `defaults_checked` their option's default, validated as if
    written. The value is None when a required field is missing or wrong, when any field is
    wrong (`all_or_nothing`), or when `whole` (rules across fields) returns None.
    """

    def __init__(
        self,
        options: dict[str, Option],
        build: Callable = dict,
        *,
        required: bool = False,
        empty_means_defaults: bool = False,
        all_or_nothing: bool = False,
        defaults_checked: bool = False,
        whole: Callable | None = None,
    ):
        self.required = required
        self.options = options
        self.build = build
        self.empty_means_defaults = empty_means_defaults  # `section:` alone: all defaults
        self.all_or_nothing = all_or_nothing
        self.defaults_checked = defaults_checked
        self.whole = whole

    @property
    def default(self):
        return self.build()

    def validate(self, check, value, path):
        if self.empty_means_defaults:
            value = value or {}
        required = tuple(k for k, o in self.options.items() if o.required)
        optional = tuple(k for k, o in self.options.items() if not o.required)
        data = check.mapping(value, path, required=required, optional=optional)
        if data is None:
            return None
        values, usable = {}, True
        for key, option in self.options.items():
            if key in data or (self.defaults_checked and not option.required):
                raw = data.get(key, option.default)
                clean = option.validate(check, raw, (*path, key))
                if clean is None:
                    usable = usable and not (option.required or self.all_or_nothing)
                    continue
                values[key] = clean
            elif option.required:
                usable = False
        if self.whole is not None:
            built = self.whole(check, path, values)
            return built if usable else None
        return self.build(**values) if usable else None
