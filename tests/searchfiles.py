"""Reading a built site's search files back (timeline_core.site.search_shards wrote them): what the
browser's worker can find and show, for tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def shards_of(site: Path) -> dict[str, Any]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]["shards"]


def documents(site: Path) -> list[dict[str, Any]]:
    """Every document in number order: {"location", "title", "text"} (escaped, as shown)."""
    shards = shards_of(site)
    docs: list[dict[str, Any]] = []
    for n in range(-(-shards["documents"] // shards["per_file"])):
        for shown in json.loads((site / shards["folder"] / f"d{n}.json").read_text(encoding="utf-8")):
            docs.append({"location": shown[0], "title": shown[1], "text": shown[2]})
    return docs


def by_location(site: Path) -> dict[str, dict[str, Any]]:
    return {doc["location"]: doc for doc in documents(site)}


def postings(site: Path) -> dict[str, dict[int, int]]:
    """word -> {document number: value} from every word file."""
    shards = shards_of(site)
    found: dict[str, dict[int, int]] = {}
    for n in range(len(shards["prefixes"])):
        for word, gaps in json.loads((site / shards["folder"] / f"w{n}.json").read_text(encoding="utf-8")).items():
            assert word not in found, f"{word!r} in two word files"
            number, found[word] = 0, {}
            for gap, value in zip(gaps[::2], gaps[1::2], strict=True):
                number += gap
                found[word][number] = value
    return found
