"""The Jinja sandbox every template renders in, the package's own included.

Clinics copy templates from each other and from the internet, so a template may lay out a
page and nothing more: no Python internals (`cycler.__init__.__globals__`, `''.__class__`,
`self._TemplateReference__context`), no files, processes or sockets, no module objects, and
no single expression that allocates gigabytes (`'x' * 3000000000`, `'%.999999999f' % 1`,
`'x'.ljust(10**9)`). Jinja's own sandbox refuses underscore attributes and bounds `range()`;
this one also makes each refusal an error at once (not an undefined value a template could
test for), refuses file and process objects, and bounds the operators, filters and string
methods that can allocate without limit. `template_limits.render_limited` adds a memory
ceiling for what is left (strings doubled in a loop).
"""

from __future__ import annotations

import io
import os
import re
import string
import types
from pathlib import PurePath

from jinja2 import filters as jinja_filters
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment

MAX_SEQUENCE = 5_000_000  # characters or items one expression may make (the output limit)
MAX_WIDTH = 10_000  # padding, precision or width in a format or filter
MAX_INT_BITS = 4_096  # about 1,200 digits: far beyond any page count or minute

# Callables from these modules touch files, processes or the network.
UNSAFE_MODULES = ("os", "posix", "nt", "io", "_io", "shutil", "subprocess", "socket", "pathlib")
# str methods whose integer argument is the size of the result.
PADDING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[a-zA-Z%]")


def refuse(what: str) -> SecurityError:
    return SecurityError(f"{what}; templates may only lay out the page")


def check_int(value: int) -> None:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise refuse("a number in the template is far too large")


def check_size(size: int) -> None:
    if size > MAX_SEQUENCE:
        raise refuse(
            f"one expression would make {size:,} characters or items (at most {MAX_SEQUENCE:,})"
        )


def check_width(width) -> None:
    if isinstance(width, int) and abs(width) > MAX_WIDTH:
        raise refuse(f"a width of {width:,} is too large (at most {MAX_WIDTH:,})")


def check_percent_format(text: str, args=None) -> None:
    """`'%9999999999s' % x`, `'%.999999999f' % 1` and `'%*s'` allocate what the format says."""
    for match in _PERCENT_SPEC.finditer(text):
        for number in match.groups():
            if number == "*":
                raise refuse("'*' widths in % formats are not allowed")
            if number is not None:
                check_width(int(number))


def check_brace_format(text: str) -> None:
    """The same for `'{:9999999999}'.format(x)`; nested `{}` in a spec is refused outright."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format will raise its own error
    for _literal, _name, spec, _conversion in fields:
        if not spec:
            continue
        if "{" in spec:
            raise refuse("nested {} in a format specification are not allowed")
        for number in re.findall(r"\d+", spec):
            check_width(int(number))


def _sized(value) -> bool:
    return isinstance(value, (str, list, tuple, bytes))


def _check_binop(operator: str, left, right) -> None:
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if _sized(seq) and isinstance(count, int):
                check_size(len(seq) * max(count, 0))
                return
        both_ints = isinstance(left, int) and isinstance(right, int)
        if both_ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise refuse("a number in the template is far too large")
    elif operator == "**":
        both_ints = isinstance(left, int) and isinstance(right, int)
        if both_ints and abs(left) > 1 and right > 0 and left.bit_length() * right > MAX_INT_BITS:
            raise refuse("a number in the template is far too large")
    elif operator == "+":
        if _sized(left) and _sized(right):
            check_size(len(left) + len(right))
    elif operator == "%" and isinstance(left, str):
        check_percent_format(left)


def _is_unsafe_callable(obj) -> bool:
    if isinstance(obj, types.ModuleType):
        return True
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, (PurePath, io.IOBase, types.ModuleType, os.DirEntry)):
        return True
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] in UNSAFE_MODULES or obj in (open, eval, exec, __import__)


class HandoutsSandbox(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with refusals that are errors and bounded allocation."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # lipsum(n=10**7) makes gigabytes of filler; no handout needs it.
        self.globals.pop("lipsum", None)
        self.globals["range"] = bounded_range
        self.filters.update(
            center=_bounded_center,
            indent=_bounded_indent,
            format=_bounded_format,
            replace=_bounded_replace,
        )

    def unsafe_undefined(self, obj, attribute):
        kind = obj.__name__ if isinstance(obj, type) else f"a {type(obj).__name__}"
        raise refuse(f"access to attribute {attribute!r} of {kind} is not allowed")

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if isinstance(value, types.ModuleType):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj) -> bool:
        return super().is_safe_callable(obj) and not _is_unsafe_callable(obj)

    def call(__self, __context, __obj, *args, **kwargs):
        if not __self.is_safe_callable(__obj):
            raise refuse(
                f"calling {getattr(__obj, '__name__', type(__obj).__name__)} is not allowed"
            )
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in PADDING_METHODS:
                for arg in (*args, *kwargs.values()):
                    check_width(arg)
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1])
        return __context.call(__obj, *args, **kwargs)

    def call_binop(self, context, operator, left, right):
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        check_brace_format(value.__self__)
        return wrapped


def bounded_range(*args):
    """range() as Jinja's sandbox bounds it, in our words."""
    for arg in args:
        check_int(arg)
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise refuse(f"range() of {len(numbers):,} numbers is too long (at most {MAX_RANGE:,})")
    return numbers


def _check_replace(text, old, new) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        count = text.count(old) if old else len(text) + 1
        check_size(len(text) + count * max(0, len(new) - len(old)))


def _bounded_center(value, width=80):
    check_width(width)
    return jinja_filters.do_center(value, width)


def _bounded_indent(value, width=4, *args, **kwargs):
    check_width(width if isinstance(width, int) else len(str(width)))
    check_size(len(str(value)) * (1 + (width if isinstance(width, int) else len(str(width)))))
    return jinja_filters.do_indent(value, width, *args, **kwargs)


def _bounded_format(value, *args, **kwargs):
    check_percent_format(str(value))
    return jinja_filters.do_format(value, *args, **kwargs)


def _bounded_replace(eval_ctx, value, old, new, count=None):
    _check_replace(str(value), str(old), str(new))
    return jinja_filters.do_replace(eval_ctx, value, old, new, count)


_bounded_replace.jinja_pass_arg = jinja_filters.do_replace.jinja_pass_arg  # type: ignore[attr-defined]
