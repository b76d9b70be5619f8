"""Security: random YAML and random text never make the loader or the renderer raise.

Every input ends in a clean result or in located problems (path, line >= 1, column >= 1, a
message); the renderer always returns inert HTML. Example counts are modest to keep the suite
fast; FUZZ_EXAMPLES=3000 searches harder (a minute; run before a release).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_project
from test_security import dangers, parse_fragment
from timeline_core.reading import load
from timeline_core.reading.fields import Context, read_record
from timeline_core.reading.files import Layout, load_dataset
from timeline_core.reading.markup import Renderer, complexity_problem, first_sentence
from timeline_core.reading.model import Dataset
from timeline_core.reading.problems import DataError, Position, Problems
from timeline_core.reading.read import Mapping, Scalar, Sequence, decode, parse_yaml

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))  # FUZZ_EXAMPLES=3000 to search harder
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of YAML syntax, so random documents reach deep into the parser.
YAML_PIECES = [
    "title", "date", "type", "summary", "actors", "sources", "seed", "quote", "figures", "label",
    "value", "tags", "related", "annotations", ": ", ":", "- ", "-", "\n", "\n  ", "\n    ", " ",
    "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!python/name:os.system ", "! ", "!x ",
    "<<", "? ", "|", ">-", "'", '"', "\\u202e", "\\0", "\\t", "#", "---", "...", "%YAML 1.1",
    "%TAG ! tag:x,2000:", "~", "null", "yes", "no", "0x1F", "1e3", "2024-12-05", "2024-12-02~",
    "rebels", "report", "battle", "Rebels captured the town", "\t", "\r", "\u202e", "\u200b",
    "\x00", "\ufeff", "é", "هيئة", "[a](javascript:x)", "<script>", "\x85", "\u2028",
]
yaml_text = st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join) | st.text(max_size=200)

MARKDOWN_PIECES = [
    "[", "]", "(", ")", "![", "](", "`", "``", "*", "**", "_", "<", ">", "&", "&#", "&amp;",
    "\\", "-", "- ", "1. ", "#", "=", "\n", "\n\n", "    ", "a", "word ", "'", '"', "{", "}",
    ":", "|", "<script>", "</p>", "<img src=x onerror=alert(1)>", "javascript:", "data:",
    "https://example.org/", "mailto:x@example.org", "actor:rebels", "event:../x", "{onclick=x}",
    "\x00/", "<!--", "-->", "<![CDATA[", "]]>", "\u202e", "\ufffd", "*_", "~~", "^",
]
markdown_text = st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=60).map("".join) | st.text(max_size=300)


MESSAGE_MAX = 500  # characters: no message prints an unbounded value (the longest, a refused
# interval side, quotes the value and the side, each cut to 40 characters, and lists the forms)


def assert_located(problems: list, path_prefix: str = "") -> None:
    for problem in problems:
        assert problem.path.startswith(path_prefix), problem
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.message and len(problem.message) <= MESSAGE_MAX, problem
        assert str(problem).isprintable(), problem  # nothing that steers a terminal


@SETTINGS
@given(yaml_text)
def test_parse_yaml_never_raises(text: str) -> None:
    problems = Problems()
    node = parse_yaml(text, "events/x.yml", problems)
    if node is None:
        assert problems
    assert_located(problems.items, "events/x.yml")


@SETTINGS
@given(st.binary(max_size=300))
def test_decode_never_raises(data: bytes) -> None:
    problems = Problems()
    text = decode(data, "events/x.yml", 200, problems)
    assert (text is None) == bool(problems)
    assert_located(problems.items, "events/x.yml")


def nodes() -> st.SearchStrategy:
    where = st.builds(Position, st.just("events/x.yml"), st.integers(1, 99), st.integers(1, 99))
    scalars = st.builds(Scalar, st.sampled_from(YAML_PIECES) | st.text(max_size=30), where, st.booleans())
    return st.recursive(
        scalars,
        lambda children: st.builds(Sequence, st.lists(children, max_size=4).map(tuple), where)
        | st.builds(
            Mapping,
            st.lists(st.tuples(scalars, children), max_size=6).map(tuple),
            where,
        ),
        max_leaves=25,
    )


def event_nodes() -> st.SearchStrategy:
    """Mappings whose keys are mostly the event's real fields, so the converters run."""
    where = st.just(Position("events/x.yml", 1, 1))
    keys = st.sampled_from(list(load.EVENT)).map(lambda k: Scalar(k, Position("events/x.yml", 1, 1), True))
    return st.builds(Mapping, st.lists(st.tuples(keys, nodes()), max_size=12).map(tuple), where)


@SETTINGS
@given(event_nodes() | nodes())
def test_event_converters_never_raise(node) -> None:
    ctx = Context(Problems())
    values = read_record(node, load.EVENT, ctx, "an event")
    if values is None:
        assert ctx.problems
    assert_located(ctx.problems.items, "events/x.yml")


@SETTINGS
@given(nodes())
def test_page_converters_never_raise(node) -> None:
    for spec, what in ((load.ACTOR, "an actor"), (load.LOCATION, "a location"), (load.SEED, "a seed")):
        ctx = Context(Problems())
        read_record(node, spec, ctx, what)
        assert_located(ctx.problems.items, "events/x.yml")


@settings(max_examples=max(20, EXAMPLES // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_text | st.binary(max_size=300))
def test_load_dataset_with_a_random_event_file(content) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp))
        target = project / "events/2024-12-09-random.yml"
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", errors="surrogatepass")
        try:
            dataset = load_dataset(Layout(project))
        except DataError as error:
            assert error.problems
            assert_located(error.problems)
        else:
            assert isinstance(dataset, Dataset)


@SETTINGS
@given(markdown_text)
def test_renderer_never_raises_and_stays_inert(text: str) -> None:
    problem = complexity_problem(text)
    assert problem is None or isinstance(problem, str)
    rendered = str(Renderer().block(text))
    assert dangers(parse_fragment(rendered), "fragment", None, set(), set()) == []
    first_sentence(text)
