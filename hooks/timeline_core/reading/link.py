"""Stage 3, link: checks that need every file: references exist, quotes are verbatim,
`part_of` chains end, `country` names a country.
"""

from __future__ import annotations

from . import budget
from .fields import Context, Ref
from .model import Dataset
from .problems import Position, did_you_mean, quoted

_FOLDERS = {
    "actor": "docs/actors/{}.md",
    "location": "docs/locations/{}.md",
    "event": "events/{}.yml",
    "source": "seeds/{}.md",
}


def check_links(dataset: Dataset, ctx: Context, known: dict[str, set[str]]) -> None:
    for ref in ctx.refs:
        _check_ref(ref, ctx, known)
    _check_quotes(dataset, ctx)
    _check_part_of(dataset, ctx)
    _check_countries(dataset, ctx)
    _check_former_ids(ctx, known)


def _check_former_ids(ctx: Context, known: dict[str, set[str]]) -> None:
    """A former id keeps an old URL alive: it must not be a live id of the same kind (that
    URL already has a page) nor be claimed by two records (the redirect has one target)."""
    claimed: dict[tuple[str, str], Position] = {}
    for kind, former, where in sorted(ctx.former, key=lambda item: (item[2], item[1])):
        if former in known[kind]:
            ctx.problems.add(
                where,
                f"'former_ids': {quoted(former)} is the id of a live {kind} "
                f"({_FOLDERS[kind].format(former)}); a former id must be one no record uses now",
            )
        elif (kind, former) in claimed:
            first = claimed[(kind, former)]
            ctx.problems.add(
                where,
                f"'former_ids': {quoted(former)} is already claimed by {first.path}:{first.line}; "
                "an old address can redirect to only one record: remove one of them",
            )
        else:
            claimed[(kind, former)] = where


def _check_ref(ref: Ref, ctx: Context, known: dict[str, set[str]]) -> None:
    ids = known[ref.kind]
    if ref.id in ids:
        return
    hint = did_you_mean(ref.id, ids) or f"; add {_FOLDERS[ref.kind].format(ref.id)} or fix the id"
    what = "seed" if ref.kind == "source" else ref.kind
    ctx.problems.add(ref.where, f"{quoted(ref.field)}: unknown {what} {quoted(ref.id)}{hint}")


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def _check_quotes(dataset: Dataset, ctx: Context) -> None:
    """Every quote is found in its seed. Security: the search is bounded by the budget (each
    distinct passage costs one scan of the seed; an unmatched one a dozen more for the hint)."""
    texts = {seed_id: normalise_space(seed.text) for seed_id, seed in dataset.seeds.items()}
    wanted_by_seed: dict[str, set[str]] = {}
    for seed_id, quote, _where in ctx.quotes:
        wanted_by_seed.setdefault(seed_id, set()).add(normalise_space(quote))
    searchable = _within_quote_budget(dataset, texts, wanted_by_seed, ctx)
    found: dict[tuple[str, str], bool] = {}
    hints: dict[str, int] = {}
    for seed_id, quote, where in ctx.quotes:
        text = texts.get(seed_id)
        if text is None or seed_id not in searchable:
            continue  # an unknown or broken seed, or one over the budget, is reported on its own
        wanted = normalise_space(quote)
        key = (seed_id, wanted)
        if key not in found:
            found[key] = wanted in text
        if found[key]:
            continue
        hints[seed_id] = hints.get(seed_id, 0) + 1
        hint = (_divergence(wanted, text) if hints[seed_id] <= budget.MAX_DIVERGENCE_HINTS
                else "; copy the passage from the seed exactly (spacing may differ, nothing else)")
        ctx.problems.add(where, f"'quote': not found verbatim in seed {quoted(seed_id)}{hint}")


def _within_quote_budget(
    dataset: Dataset, texts: dict[str, str], wanted: dict[str, set[str]], ctx: Context
) -> set[str]:
    """The seeds whose quotes may be searched: each within its own budget, in order, until the
    total is spent."""
    searchable: set[str] = set()
    total = 0
    for seed_id in sorted(wanted):
        if seed_id not in texts:
            continue
        work = len(wanted[seed_id]) * len(texts[seed_id])
        where = Position(dataset.seeds[seed_id].path)
        if work > budget.MAX_SEED_QUOTE_WORK:
            ctx.problems.add(where, (
                f"quoted in {len(wanted[seed_id]):,} distinct passages: checking them would search "
                f"{work:,} characters; the budget per seed is {budget.MAX_SEED_QUOTE_WORK:,}: "
                "quote fewer, longer passages, or split the seed"))
        elif total + work > budget.MAX_QUOTE_WORK:
            ctx.problems.add(where, (
                f"checking the quotes of all seeds would search more than {budget.MAX_QUOTE_WORK:,} "
                "characters (the budget); this seed's quotes are not checked: split the dataset"))
        else:
            total += work
            searchable.add(seed_id)
    return searchable


def _divergence(quote: str, text: str) -> str:
    """Where the quote stops matching the seed, to point the editor at the typo."""
    low, high = 0, len(quote)
    while low < high:  # the longest prefix of the quote that occurs in the text
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low < 8:
        return "; copy the passage from the seed exactly (spacing may differ, nothing else)"
    start = text.index(quote[:low])
    seed_next = text[start + low : start + low + 20]
    return (
        f"; it matches up to {quoted(quote[max(0, low - 30):low])}, then has "
        f"{quoted(quote[low:low + 20])} where the seed has {quoted(seed_next)}"
    )


def _ref_position(ctx: Context, field: str, path: str) -> Position:
    for ref in ctx.refs:
        if ref.field == field and ref.where.path == path:
            return ref.where
    return Position(path)


def _check_part_of(dataset: Dataset, ctx: Context) -> None:
    locations = dataset.locations
    reported: set[str] = set()
    for start in locations.values():
        chain = [start.id]
        current = start.part_of
        while current in locations and current not in chain:
            chain.append(current)
            current = locations[current].part_of
        if current is None or current not in chain or current in reported:
            continue
        loop = chain[chain.index(current):] + [current]
        reported.update(loop)
        first = locations[current]
        ctx.problems.add(
            _ref_position(ctx, "part_of", first.path),
            f"'part_of' goes round in a circle: {' -> '.join(loop)}; break the loop",
        )


def _check_countries(dataset: Dataset, ctx: Context) -> None:
    records = list(dataset.actors.values()) + list(dataset.locations.values())
    for record in records:
        target = dataset.locations.get(record.country or "")
        if target is not None and target.kind != "country":
            ctx.problems.add(
                _ref_position(ctx, "country", record.path),
                f"'country': {quoted(target.id)} is a location of kind {quoted(target.kind)}, "
                "not a country",
            )
