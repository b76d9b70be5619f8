"""Field converters: one small function per kind of value, each recording located problems.

A converter takes a node and returns the value, or None after recording why it could not.
Records are described as tables of fields (see load.py), not chains of ifs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from collections.abc import Callable, Sequence as Seq

from .dates import DateError, EventDate, parse_edtf
from .markup import CHARACTER_REFERENCE, RECORD_FOLDERS, complexity, parser, reference_definitions, reference_text
from .model import ID_MAX, ID_PATTERN, Number
from .problems import Position, Problems, did_you_mean, one_of, quoted
from .read import NULL_WORDS, Mapping, Node, Scalar, Sequence, describe, invisible

ID_RE = re.compile(ID_PATTERN + r"\Z")
TAG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# Security: digits are bounded before int() or float() sees them (Python refuses to convert
# 4,301 digits or more, with a traceback); 15 digits before the point and 10 after are more
# than any count or coordinate needs.
NUMBER_RE = re.compile(r"-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,10})?\Z")
NUMBER_SHAPE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
EDTF_MAX = 100  # characters of a date, far above any form the date model reads
# Security: a host, then an optional path. The host is one run of characters that cannot start
# a path, so the pattern never backtracks; the earlier `[^\s/?#@]+\.[^\s/?#@]+` did, for every
# dot: a 32,000-character "https://a.a.a...a. " took 16 s to refuse. The host's dot is checked
# in web_url. Addresses are also limited to URL_MAX characters.
URL_RE = re.compile(r"https?://([^\s/?#@]+)(?:[/?#]\S*)?\Z", re.I)
URL_MAX = 2000
RECORD_SCHEMES = tuple(RECORD_FOLDERS)

# Raw HTML in Markdown: a tag, a closing tag, a comment, a processing instruction.
_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|/[A-Za-z]|!--|!\[CDATA\[|\?|![A-Za-z])")
# Link destinations in Markdown: inline links and images, reference definitions, autolinks.
_INLINE_LINK = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]*)")
_IMAGE = re.compile(r"!\[[^\]\n]*\][(\[]")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_WEB_TARGET = re.compile(r"(?:https?://\S+|mailto:[^\s@]+@\S+)\Z", re.I)
# Character references, which Markdown turns into the characters they name.


class Ref(NamedTuple):
    """A reference from one record to another, checked once every file is read. (A tuple:
    an event makes about ten, and a frozen dataclass costs a Python call per field.)"""

    kind: str  # actor, location, event, source
    id: str
    where: Position
    field: str


@dataclass(slots=True)
class Context:
    """What converters need: where problems go and where references are collected."""

    problems: Problems
    refs: list[Ref] = field(default_factory=list)
    quotes: list[tuple[str, str, Position]] = field(default_factory=list)  # seed, quote, where
    former: list[tuple[str, str, Position]] = field(default_factory=list)  # kind, former id, where
    markdown_work: dict[str, int] = field(default_factory=dict)  # path -> Markdown scan work
    # Speed: the dates read so far, by text (a dataset repeats its dates; EventDate is immutable).
    dates: dict[str, EventDate] = field(default_factory=dict, repr=False, compare=False)
    # Made on first use, dropped before a worker process sends its context back (not picklable).
    markdown_parser: Any = field(default=None, repr=False, compare=False)
    def problem(self, at: Node | Position, message: str) -> None:
        self.problems.add(at if isinstance(at, Position) else at.where, message)


Converter = Callable[[Node, Context, str], Any]

# --- schema fragments -------------------------------------------------------------------------
# Each converter describes the values it accepts as a JSON Schema fragment (schema.py turns the
# field tables into editor schemas). The fragment hangs off the converter function itself, so
# a table of fields is the one description of the format: no second list to keep in step.
# Patterns are written for both Python's `re` and JavaScript (editors): no \Z, no inline flags.

JSON_ID = f"^{ID_PATTERN}$"
# A field that is text to the loader may look like a number or a boolean to an editor, which
# reads YAML 1.2 (`title: 1984`, `title: no` stay text here): accept those too.
TEXT_TYPES = ["string", "number", "boolean"]
_ONE_LINE = r"^\s*\S(?:[^\n]*\S)?\s*$"  # one line of text, surrounding space ignored
_SOME_TEXT = r"\S"


Fragment = dict[str, Any]


def with_schema(convert: Converter, fragment: Fragment | Callable[[], Fragment]) -> Converter:
    """`convert`, labelled with the JSON Schema fragment of the values it accepts. Fragments
    made of other converters' are given as functions, worked out only when a schema is made:
    a converter without a fragment must not stop the loader, only `make schemas`."""
    vars(convert)["schema"] = fragment  # a function's own attributes (mypy types Callable without them)
    return convert


def schema_of(convert: Converter) -> Fragment:
    fragment = getattr(convert, "schema", None)
    if fragment is None:
        raise TypeError(
            f"converter {convert.__qualname__} does not describe its values: "
            "give it a JSON Schema fragment with fields.with_schema"
        )
    return fragment() if callable(fragment) else fragment


def object_schema(spec: dict[str, Field], what: str) -> dict[str, Any]:
    """A mapping read with `spec`: its fields, which are required, nothing else."""
    properties = {}
    for name, entry in spec.items():
        fragment = schema_of(entry.convert)
        # An empty optional field is the same as an absent one (read_record).
        fragment = fragment if entry.required else nullable(fragment)
        if isinstance(entry.default, str):
            fragment = {**fragment, "default": entry.default}
        properties[name] = fragment
    required = [name for name, entry in spec.items() if entry.required]
    return {
        "type": "object", "description": what[0].upper() + what[1:] + ".",
        "properties": properties, "required": required, "additionalProperties": False,
    }


def nullable(fragment: dict[str, Any]) -> dict[str, Any]:
    kinds = fragment.get("type")
    if isinstance(kinds, list) and "enum" not in fragment:
        return {**fragment, "type": [*kinds, "null"]}
    if isinstance(kinds, str) and "enum" not in fragment:
        return {**fragment, "type": [kinds, "null"]}
    return {"anyOf": [fragment, {"type": "null"}]}


@dataclass(frozen=True, slots=True)
class Field:
    convert: Converter
    required: bool = False
    default: Any = None


def read_record(
    node: Node, spec: dict[str, Field], ctx: Context, what: str
) -> dict[str, Any] | None:
    """The converted fields of a mapping, or None if any of them had a problem."""
    if not isinstance(node, Mapping):
        ctx.problem(node, f"expected {what} as a mapping of fields, got {describe(node)}")
        return None
    before = len(ctx.problems.items)
    values: dict[str, Any] = {}
    for key, value in node.items:
        name = key.value
        entry = spec.get(name)
        if entry is None:
            _unknown_field(key, spec, ctx, what)
            continue
        if type(value) is Scalar and value.plain and value.value in NULL_WORDS and not entry.required:
            continue  # an empty optional field is the same as an absent one
        values[name] = entry.convert(value, ctx, name)
    if len(values) < len(spec):
        for name, entry in spec.items():
            if name not in values:
                if entry.required:
                    ctx.problem(node, f"{what} is missing the required field {quoted(name)}")
                else:
                    values[name] = entry.default
    return values if len(ctx.problems.items) == before else None


def _unknown_field(key: Scalar, spec: dict[str, Field], ctx: Context, what: str) -> None:
    hint = did_you_mean(key.value, spec) or f"; known fields: {one_of(spec)}"
    ctx.problem(key, f"unknown field {quoted(key.value)} in {what}{hint}")


RecordReader = Callable[[Node, Context], "dict[str, Any] | None"]
_MISSING = object()  # a field not found (yet)


def record_reader(spec: dict[str, Field], what: str) -> RecordReader:
    """read_record for one table of fields, made into a function of its own (Python source
    generated from the table, compiled once): each field's converter, default and message are
    its constants, each value a local variable, the fields found by comparing names in table
    order; no values dict filled and read again, no second walk of the table for the missing.

    Speed: read_record's own work was a sixth of loading an event's fields. It returns what
    read_record returns (the same values, possibly in another order, which the records built
    from them by name do not see) and adds the same problems in the same order:
    tests/test_record_reader.py compares both on every mapping of the shipped, golden,
    generated and mutated data, for every table."""
    names = list(spec)  # in the source only as literals (repr), and as numbers in local names
    scope: dict[str, Any] = {
        "Mapping": Mapping, "Scalar": Scalar, "NULL_WORDS": NULL_WORDS, "MISSING": _MISSING,
        "read_record": read_record, "unknown_field": _unknown_field, "spec": spec, "what": what,
    }
    found = []
    finish = []
    for index, name in enumerate(names):
        entry = spec[name]
        scope[f"convert{index}"], scope[f"default{index}"] = entry.convert, entry.default
        scope[f"missing{index}"] = f"{what} is missing the required field {quoted(name)}"
        found.append(f"        {'if' if index == 0 else 'elif'} name == {name!r}:")
        if not entry.required:  # an empty optional field is the same as an absent one
            found.append("            if type(value) is Scalar and value.plain and value.value in NULL_WORDS:")
            found.append("                continue")
        found.append(f"            value{index} = convert{index}(value, ctx, {name!r})")
        finish.append(f"    if value{index} is MISSING:")
        finish.append(f"        ctx.problem(node, missing{index})" if entry.required else f"        value{index} = default{index}")
    source = "\n".join([
        "def read(node, ctx):",
        "    if not isinstance(node, Mapping):",
        "        return read_record(node, spec, ctx, what)  # the message for what is not a mapping",
        "    problems = ctx.problems.items",
        "    before = len(problems)",
        "    " + " = ".join(f"value{index}" for index in range(len(names))) + " = MISSING",
        "    for key, value in node.items:",
        "        name = key.value",
        *found,
        "        else:",
        "            unknown_field(key, spec, ctx, what)",
        *finish,
        "    if len(problems) != before:",
        "        return None",
        "    return {" + ", ".join(f"{name!r}: value{index}" for index, name in enumerate(names)) + "}",
    ]) + "\n"
    exec(compile(source, f"<record_reader of {what}>", "exec"), scope)
    reader: RecordReader = scope["read"]
    return reader


def text(limit: int, *, single_line: bool = True) -> Converter:
    def convert(node: Node, ctx: Context, name: str) -> str | None:
        if not isinstance(node, Scalar) or (node.plain and node.value in NULL_WORDS):  # is_null, inline
            ctx.problem(node, f"{quoted(name)}: expected text, got {describe(node)}")
            return None
        value = node.value.strip()
        if not value:
            ctx.problem(node, f"{quoted(name)}: expected text, got an empty value")
            return None
        if single_line and "\n" in value:
            ctx.problem(node, f"{quoted(name)}: expected one line of text, got several lines")
            return None
        if len(value) > limit:
            ctx.problem(
                node,
                f"{quoted(name)}: at most {limit:,} characters, got {len(value):,}; shorten it",
            )
            return None
        return value

    return with_schema(convert, {
        "type": TEXT_TYPES, "minLength": 1, "maxLength": limit,
        "pattern": _ONE_LINE if single_line else _SOME_TEXT,
        "description": ("One line of text" if single_line else "Text") + f", at most {limit:,} characters.",
    })


def markdown(limit: int) -> Converter:
    """Markdown text whose links go only to the web or to other records."""
    plain = text(limit, single_line=False)

    def convert(node: Node, ctx: Context, name: str) -> str | None:
        value = plain(node, ctx, name)
        if value is None:
            return None
        slow, work = complexity(value)
        if not slow:  # for the budget (a field over its own limit is reported by itself)
            ctx.markdown_work[node.where.path] = ctx.markdown_work.get(node.where.path, 0) + work
        if slow:  # Security: text Python-Markdown would take seconds, or recurse too deep, on
            ctx.problem(node, f"{quoted(name)}: {slow}")
            return None
        ok = _check_references(value, node, ctx, name)
        raw = _HTML.search(value)
        if raw:
            fragment = value[raw.start() : raw.start() + 30]
            ctx.problem(
                node,
                f"{quoted(name)}: raw HTML is not allowed (found {quoted(fragment)}); use "
                "Markdown, or write '&lt;' for a literal '<' before a letter",
            )
            ok = False
        image = _IMAGE.search(value)
        if image:  # the sanitiser drops images: the reader would see nothing where one was
            ctx.problem(node, f"{quoted(name)}: images are not shown (found {quoted(image.group(), 30)}); "
                        "link to the picture instead: [what it shows](https://...)")
            ok = False
        for target in _link_targets(value, ctx):
            ok = _check_link(target, node, ctx, name) and ok
        return value if ok else None

    return with_schema(convert, lambda: {
        **schema_of(plain),
        "not": {"type": "string", "pattern": _HTML.pattern},
        "description": (
            f"Markdown, at most {limit:,} characters, no raw HTML. Links go to https://..., "
            "mailto:..., or another record: [name](actor:<id>), location:<id>, event:<id>, "
            "source:<seed id>."
        ),
    })


def _check_references(value: str, node: Node, ctx: Context, name: str) -> bool:
    """Security: "&#x202E;", "&#x1b;" or "&ZeroWidthSpace;" would put in the page the
    characters the reader refuses in the file itself. Each reference is read as the browser
    will read it (markup.reference_text), not as html.unescape does."""
    ok = True
    if "&" not in value:
        return ok  # speed: the usual text names no character
    for reference in CHARACTER_REFERENCE.finditer(value):
        written = quoted(reference.group(), 30)
        character = reference_text(reference.group())
        if character is None:
            ctx.problem(node, f"{quoted(name)}: {written} names no character (0, a surrogate, or "
                        "beyond U+10FFFF); remove it")
            ok = False
            continue
        what = _refused_character(character)
        if what:
            ctx.problem(node, f"{quoted(name)}: {written} writes {what}; remove it (it can make "
                        "text display differently from what it is)")
            ok = False
    return ok


def _refused_character(text: str) -> str | None:
    """How the first refused character of a reference's text is named, or None. Tabs and
    carriage returns are harmless spaces in HTML."""
    for char in text:
        what = invisible(char) if char not in "\t\r" else None
        if what:
            return what
    return None


def _link_targets(value: str, ctx: Context) -> list[str]:
    """Every address the renderer can make of `value`: inline links and autolinks (found
    anywhere, a superset of where Python-Markdown finds them) and reference definitions, as
    the renderer's own block parser reads them (inside block quotes and lists too)."""
    targets: list[str] = []
    for pattern, needs in ((_INLINE_LINK, "]("), (_AUTOLINK, "<")):
        if needs in value:  # speed: otherwise the pattern cannot match
            targets += [target[1:-1] if target.startswith("<") and target.endswith(">") else target
                        for target in pattern.findall(value)]  # (each pattern has one group)
    if "]:" in value:
        if ctx.markdown_parser is None:
            ctx.markdown_parser = parser()
        targets += reference_definitions(value, ctx.markdown_parser)
    return targets


def _check_link(target: str, node: Node, ctx: Context, name: str) -> bool:
    scheme, colon, rest = target.partition(":")
    if colon and scheme in RECORD_SCHEMES:
        if not ID_RE.match(rest):
            ctx.problem(node, f"{quoted(name)}: link {quoted(target)} does not name a valid {scheme} id")
            return False
        ctx.refs.append(Ref(scheme, rest, node.where, name))
        return True
    if _WEB_TARGET.match(target):
        return True
    ctx.problem(
        node,
        f"{quoted(name)}: link target {quoted(target)} is not allowed; use https://..., "
        "mailto:..., or actor:<id>, location:<id>, event:<id>, source:<id>",
    )
    return False


def choice(options: Seq[str]) -> Converter:
    def convert(node: Node, ctx: Context, name: str) -> str | None:
        if isinstance(node, Scalar) and node.value in options:
            return node.value
        found = describe(node)
        hint = did_you_mean(node.value, options) if isinstance(node, Scalar) else ""
        ctx.problem(node, f"{quoted(name)}: expected one of {one_of(options)}; got {found}{hint}")
        return None

    return with_schema(convert, {"enum": list(options), "description": f"One of: {one_of(options)}."})


# Windows reserves these names for devices, with or without an extension: `con.yml` cannot be
# checked out there, and `events/con/index.html` cannot be written. (A hyphen is not an
# extension separator: `con-1` is an ordinary name.)
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)


def windows_device(value: str) -> str | None:
    """Why `value` cannot be a file or folder name on Windows, or None."""
    if value.split(".", 1)[0].lower() in WINDOWS_DEVICES:
        return "is a device name Windows reserves (CON, PRN, AUX, NUL, COM0-9, LPT0-9): no file or folder can have it there"
    return None


def identifier(node: Node, ctx: Context, name: str) -> str | None:
    if not isinstance(node, Scalar) or (node.plain and node.value in NULL_WORDS):  # is_null, inline
        ctx.problem(node, f"{quoted(name)}: expected an id, got {describe(node)}")
        return None
    # Speed: a well-formed id has no dot, so it names a device only by being one.
    if ID_RE.match(node.value) and len(node.value) <= ID_MAX and node.value not in WINDOWS_DEVICES:
        return node.value
    device = windows_device(node.value)
    if device:
        ctx.problem(node, f"{quoted(name)}: {quoted(node.value)} {device}")
        return None
    if not ID_RE.match(node.value) or len(node.value) > ID_MAX:
        ctx.problem(
            node,
            f"{quoted(name)}: expected an id (lower-case letters and digits joined by single "
            f"hyphens, at most {ID_MAX} characters), got {quoted(node.value)}",
        )
        return None
    return node.value


ID_SCHEMA = {
    "type": "string", "pattern": JSON_ID, "maxLength": ID_MAX, "not": {"enum": sorted(WINDOWS_DEVICES)},
    "description": f"An id: lower-case ASCII letters and digits joined by single hyphens, at most {ID_MAX} characters (not a device name Windows reserves, such as con or nul).",
}
with_schema(identifier, ID_SCHEMA)

_REFERENCE_FILES = {
    "actor": "an actor (docs/actors/<id>.md)",
    "location": "a location (docs/locations/<id>.md)",
    "event": "an event (events/<id>.yml)",
    "source": "a seed document (seeds/<id>.md)",
}


def reference(kind: str) -> Converter:
    def convert(node: Node, ctx: Context, name: str) -> str | None:
        value = identifier(node, ctx, name)
        if value is not None:
            ctx.refs.append(Ref(kind, value, node.where, name))
        return value

    return with_schema(convert, {**ID_SCHEMA, "description": f"The id of {_REFERENCE_FILES[kind]}."})


def tag(node: Node, ctx: Context, name: str) -> str | None:
    if isinstance(node, Scalar) and TAG_RE.match(node.value) and len(node.value) <= 40:
        return node.value
    ctx.problem(
        node,
        f"{quoted(name)}: expected a tag of lower-case words joined by hyphens (at most 40 "
        f"characters), got {describe(node)}",
    )
    return None


with_schema(tag, {
    "type": "string", "pattern": "^" + TAG_RE.pattern.removesuffix(r"\Z") + "$", "maxLength": 40,
    "description": "A tag: lower-case words and digits joined by hyphens, at most 40 characters.",
})


def list_of(item: Converter, *, minimum: int = 0) -> Converter:
    def convert(node: Node, ctx: Context, name: str) -> tuple[Any, ...] | None:
        if not isinstance(node, Sequence):
            ctx.problem(node, f"{quoted(name)}: expected a list, got {describe(node)}")
            return None
        if len(node.items) < minimum:
            ctx.problem(node, f"{quoted(name)}: expected at least {minimum} item(s), got none")
            return None
        values = [item(element, ctx, name) for element in node.items]
        if None in values:  # (no converter returns a value equal to None but None itself)
            return None
        return tuple(values)

    def fragment() -> Fragment:
        described: Fragment = {"type": "array", "items": schema_of(item)}
        return {**described, "minItems": minimum} if minimum else described

    return with_schema(convert, fragment)


def unique(convert: Converter) -> Converter:
    """A list converter that also rejects repeated items."""

    def check(node: Node, ctx: Context, name: str) -> tuple[Any, ...] | None:
        values = convert(node, ctx, name)
        if values is None or not isinstance(node, Sequence) or len(set(values)) == len(values):
            return values  # the usual case, tested in C; the loop below finds the repeat
        seen: set[Any] = set()
        for element, value in zip(node.items, values, strict=True):
            if value in seen:
                ctx.problem(element, f"{quoted(name)}: {quoted(str(value))} is listed twice")
                return None
            seen.add(value)
        return values

    return with_schema(check, lambda: {**schema_of(convert), "uniqueItems": True})


def number(node: Node, ctx: Context, name: str) -> Number | None:
    if isinstance(node, Scalar) and node.plain and NUMBER_RE.match(node.value):
        return float(node.value) if "." in node.value else int(node.value)
    hint = ""
    if isinstance(node, Scalar) and NUMBER_SHAPE.match(node.value) and _too_many_digits(node.value):
        hint = f" ({len(node.value):,} characters: at most 15 digits before the point and 10 after)"
    elif isinstance(node, Scalar) and re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", node.value):
        hint = f" (write {node.value.replace(',', '')} without separators)"
    ctx.problem(node, f"{quoted(name)}: expected a number such as 50 or 1.5, got {describe(node)}{hint}")
    return None


def _too_many_digits(value: str) -> bool:
    whole, _, fraction = value.lstrip("-").partition(".")
    return len(whole) > 15 or len(fraction) > 10


with_schema(number, {"type": "number", "description": "A number such as 50 or 1.5 (no separators)."})

# EDTF as dates.py accepts it (levels 0 and 1, and trailing X digits): years of four digits,
# negative for BCE (0000 is 1 BCE) or Y-prefixed beyond four digits; months, seasons 21-24 and
# days; X for unknown trailing digits (once a part holds an X, the later parts are XX); a final
# ~, ? or %; a day with a time of day and an optional offset (not in intervals, no qualifier);
# intervals A/B whose ends may be open ('..') or unknown (empty). Calendar checks (30 February)
# and interval order are the loader's.
_MONTH, _DAY = "(?:0[1-9]|1[0-2])", "(?:0[1-9]|[12][0-9]|3[01])"
_YEAR = "-?[0-9]{4}"
_KNOWN = f"{_YEAR}(?:-{_MONTH}(?:-{_DAY})?|-2[1-4])?"
_UNKNOWN = (
    "-?(?:[0-9]{3}X|[0-9]{2}XX|[0-9]XXX)(?:-XX(?:-XX)?)?"
    f"|{_YEAR}-(?:[01]X|XX)(?:-XX)?"
    f"|{_YEAR}-{_MONTH}-(?:[0-3]X|XX)"
)
_LONG_YEAR = "Y-?[1-9][0-9]{4,}"
_EDTF_DATE = f"(?:{_KNOWN}|{_UNKNOWN}|{_LONG_YEAR})[~?%]?"
_EDTF_TIME = f"{_YEAR}-{_MONTH}-{_DAY}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:Z|[+-][0-9]{{2}}(?::[0-9]{{2}})?)?"
EDTF_PATTERN = (
    f"^(?:{_EDTF_TIME}|{_EDTF_DATE}(?:/(?:{_EDTF_DATE}|\\.\\.)?)?|(?:\\.\\.)?/{_EDTF_DATE})$"
)


def edtf(node: Node, ctx: Context, name: str) -> EventDate | None:
    if not isinstance(node, Scalar) or (node.plain and node.value in NULL_WORDS):  # is_null, inline
        ctx.problem(node, f"{quoted(name)}: expected an EDTF date such as 2024-12-02, got {describe(node)}")
        return None
    if len(node.value) > EDTF_MAX:
        ctx.problem(node, f"{quoted(name)}: expected an EDTF date such as 2024-12-02, got "
                    f"{len(node.value):,} characters ({quoted(node.value, 30)}); the limit is {EDTF_MAX}")
        return None
    date = ctx.dates.get(node.value)
    if date is not None:
        return date
    try:
        date = ctx.dates[node.value] = parse_edtf(node.value)
    except DateError as error:
        ctx.problem(node, f"{quoted(name)}: {error}")
        return None
    return date


with_schema(edtf, {
    "anyOf": [
        {"type": "string", "pattern": EDTF_PATTERN},
        # `date: 2024` is a number to an editor (YAML 1.2); years before 1000 need quotes there.
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": (
        "An EDTF date: 2024-12-02, 2024-12 or 2024; 2024-12-02~ (about), 2024-12-02? "
        "(uncertain), 2024-11-2X (unknown digit); 2024-11-29/2024-11-30 (between), 2024-12-05/.. (open end)."
    ),
    "examples": ["2024-12-02", "2024-12-02~", "2024-11-29/2024-11-30"],
})


def web_url(node: Node, ctx: Context, name: str) -> str | None:
    value = node.value.strip() if isinstance(node, Scalar) else ""
    if len(value) > URL_MAX:
        ctx.problem(node, f"{quoted(name)}: at most {URL_MAX:,} characters, got {len(value):,}; shorten it")
        return None
    match = URL_RE.match(value)
    if match and "." in match.group(1)[1:-1]:  # a dot inside the host, as in example.org
        return value
    ctx.problem(
        node,
        f"{quoted(name)}: expected an http:// or https:// address such as "
        f"https://example.org/page, got {describe(node)}",
    )
    return None


with_schema(web_url, {
    "type": "string", "maxLength": URL_MAX,
    # The loader's pattern (which cannot backtrack), case-insensitive by hand, then a dot
    # inside the host.
    "pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]+(?:[/?#]\S*)?$",
    "allOf": [{"pattern": r"^[^:]+://[^\s/?#@]+\.[^\s/?#@]"}],
    "description": "An http:// or https:// address such as https://example.org/page.",
})


def coordinates(node: Node, ctx: Context, name: str) -> tuple[float, float] | None:
    if not isinstance(node, Sequence) or len(node.items) != 2:
        ctx.problem(node, f"{quoted(name)}: expected [latitude, longitude], got {describe(node)}")
        return None
    lat, lon = (number(item, ctx, name) for item in node.items)
    if lat is None or lon is None:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        ctx.problem(
            node,
            f"{quoted(name)}: latitude must be within -90..90 and longitude within -180..180, "
            f"got [{lat}, {lon}] (is the order [latitude, longitude]?)",
        )
        return None
    return (float(lat), float(lon))


with_schema(coordinates, {
    "type": "array", "minItems": 2, "maxItems": 2,
    "prefixItems": [
        {"type": "number", "minimum": -90, "maximum": 90, "description": "Latitude."},
        {"type": "number", "minimum": -180, "maximum": 180, "description": "Longitude."},
    ],
    "description": "[latitude, longitude] in decimal degrees, e.g. [36.2, 37.16].",
})


def record(spec: dict[str, Field], what: str, build: Callable[..., Any]) -> Converter:
    """A nested mapping read with its own field table and turned into a record."""

    read = record_reader(spec, what)

    def convert(node: Node, ctx: Context, name: str) -> Any:
        values = read(node, ctx)
        if values is None:
            return None
        return build(node, ctx, **values)

    return with_schema(convert, lambda: object_schema(spec, what))
