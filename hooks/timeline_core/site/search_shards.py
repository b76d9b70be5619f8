"""Stage output: the search index in small files, so that a first search downloads only the
parts its words need (issue #11: at most 1 MB at 10,000 events; Material's single
`search_index.json` was about 4 MB there, fetched whole on every first page view).

Why this and not the alternatives (measured 2026-11 on generated data, `bench.generate`):
one index within a budget cannot hold 10,000 events: their locations, titles and names alone
are 1.06 MB before any text. Pagefind indexed the 1,000-event site in 4.8 s of CPU (the whole
search files here: about 0.25 s), reads page chrome unless the templates mark the body, and
would still need a worker to sit in Material's box.

Material's search box stays; only its worker is ours (docs/assets/js/search-worker.js, named in
overrides/main.html). The box still fetches `search/search_index.json`: that file now holds
Material's settings plus the map of the other files, under `config.shards`, and no documents.

- **Word files** (`search/<version>/w<n>.json`): each word with its postings. Words are grouped
  by their first letters; a group that grows past SHARD_BYTES splits by the next letter, and
  small groups stay with their parent. The map lists each group's prefix; a word lives in the
  group with the longest prefix it starts with. A query word needs that group, plus, when it is
  the last word being typed, the groups whose prefix starts with it (its completions).
- **Document files** (`search/<version>/d<n>.json`): what a result shows, DOCS_PER_SHARD
  documents a file, `[location, title, text]` (and the number of the page, for a section of a
  hand-written page). Titles and texts are escaped (contributor text is untrusted); the worker
  unescapes, marks the query's words, and escapes again.

A posting is two numbers: the document's number (as the gap from the previous one) and a value
that packs where the word is: its count in the text (0-31), 32 if in the title, and 64 times
the word count of the shortest name or alias holding it (so the record's own name, or an alias
of one word, weighs most). Stop words ("the", "of") are left out of texts, as Material's default
pipeline does, but kept in titles and names; the map lists them for the worker. `<version>` is a hash of every file, so a browser never mixes files
of two builds.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from html import escape, unescape
from itertools import groupby
from typing import Any

from .search_words import STOP_WORDS, words

INDEX = "search/search_index.json"
SHARD_BYTES = 24_000  # a word group splits past this (its JSON text)
DOCS_PER_SHARD = 8  # a result list touches few documents: small files, few wasted bytes
TEXT_CHARACTERS = 320  # what a result shows of a text (the whole text is searched)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Doc:
    """A search document as plain text (unescaped)."""

    location: str
    title: str
    text: str
    names: tuple[str, ...] = ()
    page: int | None = None  # for a section: the number of its page's document


def documents(plugin_docs: list[dict[str, Any]], entries: list[dict[str, Any]]) -> list[Doc]:
    """Material's documents of hand-written pages (HTML fragments), then the records' entries
    (escaped text, timeline_core.site.search), all as plain text; a section knows its page."""
    docs: list[Doc] = []
    pages: dict[str, int] = {}
    for doc in plugin_docs:
        path, _, anchor = doc["location"].partition("#")
        page = pages.get(path) if anchor else None
        if not anchor:
            pages.setdefault(path, len(docs))
        docs.append(Doc(doc["location"], _plain(doc.get("title", "")), _plain(doc.get("text", "")), page=page))
    for entry in entries:
        docs.append(Doc(entry["location"], unescape(entry["title"]), unescape(entry["text"]),
                        tuple(unescape(name) for name in entry.get("names", ()))))
    return docs


def _plain(fragment: str) -> str:
    return " ".join(unescape(_TAGS.sub(" ", fragment)).split())


def postings(docs: list[Doc], stop_words: frozenset[str] = frozenset()) -> dict[str, list[int]]:
    """word -> [gap, value, gap, value, ...] in document order (see the module's docstring);
    words in the order they first appear (the same text, the same order). `stop_words` are
    left out of texts (not of titles and names)."""
    found: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for number, doc in enumerate(docs):
        for word, value in _values(doc, stop_words).items():
            gaps = found.get(word)
            if gaps is None:
                found[word] = [number, value]
            else:
                gaps += (number - last[word], value)
            last[word] = number
    return found


def _values(doc: Doc, stop_words: frozenset[str]) -> dict[str, int]:
    values = {word: count if count < 31 else 31 for word, count in Counter(words(doc.text)).items()
              if word not in stop_words}
    for word in words(doc.title):
        values[word] = values.get(word, 0) | 32
    shortest: dict[str, int] = {}
    for name in doc.names:
        name_words = words(name)
        for word in name_words:
            shortest[word] = min(shortest.get(word, 15), len(name_words))
    for word, length in shortest.items():
        values[word] = values.get(word, 0) | length << 6
    return values


def word_groups(found: dict[str, list[int]]) -> list[tuple[str, list[str]]]:
    """(prefix, words) groups, in prefix order; every word in exactly one group."""
    sizes = {word: len(word) + len(_compact(found[word])) + 4 for word in found}
    return sorted(_split("", sorted(found), sizes))


def _split(prefix: str, group: list[str], sizes: dict[str, int]) -> list[tuple[str, list[str]]]:
    if sum(sizes[word] for word in group) <= SHARD_BYTES:
        return [(prefix, group)]
    own = [word for word in group if len(word) == len(prefix)]
    groups: list[tuple[str, list[str]]] = []
    longer = (word for word in group if len(word) > len(prefix))
    for letter, members in groupby(longer, key=lambda word: word[len(prefix)]):
        child = list(members)
        if sum(sizes[word] for word in child) < SHARD_BYTES // 8:
            own += child  # too small for a file of its own: stays with the parent
        else:
            groups += _split(prefix + letter, child, sizes)
    return [(prefix, sorted(own)), *groups] if own or not prefix else groups


def search_files(plugin_index: dict[str, Any], entries: list[dict[str, Any]]) -> dict[str, str]:
    """Every file of the search, by its path in the site."""
    docs = documents(plugin_index.get("docs", []), entries)
    config = dict(plugin_index.get("config") or {})
    # Material's setting: its default pipeline leaves stop words out (the worker is told).
    stop_words = STOP_WORDS if "stopWordFilter" in config.get("pipeline", ()) else frozenset()
    found = postings(docs, stop_words)
    groups = word_groups(found)
    parts = [_compact({word: found[word] for word in members}) for _prefix, members in groups]
    shards = [_compact([_shown(doc) for doc in docs[start:start + DOCS_PER_SHARD]])
              for start in range(0, len(docs), DOCS_PER_SHARD)]
    version = hashlib.sha256("\n".join(parts + shards).encode()).hexdigest()[:12]
    files = {f"search/{version}/w{n}.json": text for n, text in enumerate(parts)}
    files |= {f"search/{version}/d{n}.json": text for n, text in enumerate(shards)}
    config["shards"] = {"folder": f"search/{version}/", "prefixes": [prefix for prefix, _ in groups],
                        "documents": len(docs), "per_file": DOCS_PER_SHARD, "stop_words": sorted(stop_words)}
    files[INDEX] = _compact({"config": config, "docs": []})
    return files


def _shown(doc: Doc) -> list[Any]:
    text = doc.text if len(doc.text) <= TEXT_CHARACTERS else doc.text[:TEXT_CHARACTERS].rsplit(" ", 1)[0] + " …"
    shown: list[Any] = [doc.location, escape(doc.title, quote=False), escape(text, quote=False)]
    return shown if doc.page is None else [*shown, doc.page]


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
