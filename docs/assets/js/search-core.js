// Search over the site's small index files (hooks/timeline_core/search_shards.py writes them):
// which files a query needs, how documents rank, and how a result is marked up for Material's
// search box. No I/O here: `createSearch` is given a `load(path)` that returns parsed JSON.

const MARKS = /\p{M}/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
const RUNS = /[\p{L}\p{N}\p{M}]+/gu;

// A word's weight where it is found: in a name or alias (divided by that name's word count,
// so the record's own short name wins), in a title, in the text (grows slowly with repeats).
const NAME = 50;
const TITLE = 5;
const COMPLETION = 0.5; // a word completed from what is being typed counts half
export const MAX_RESULTS = 20; // the best matches, with their texts; more only cost bytes
const FOUND_ONLY = 2; // the last word completes from this many characters on

// The same words as timeline_core/search_words.py: lower case, decomposed, without combining
// marks, split on anything that is not a letter or a digit (any script).
export function words(text) {
  return text.toLowerCase().normalize("NFKD").replace(MARKS, "").split(SEPARATORS).filter(Boolean);
}

// The query's words, and whether the last one is still being typed (completed as a prefix).
export function parseQuery(query) {
  const terms = [...new Set(words(query))];
  const typing = terms.length > 0 && !/[\s]$/u.test(query) && terms[terms.length - 1].length >= FOUND_ONLY;
  return { terms, typing };
}

// The word file holding `word`: the one whose prefix is the longest that `word` starts with.
function home(prefixes, word) {
  let best = 0;
  prefixes.forEach((prefix, n) => {
    if (word.startsWith(prefix) && prefix.length >= prefixes[best].length) best = n;
  });
  return best;
}

// The word files a query term needs: its own, and for a term being typed, those of its completions.
export function wordFiles(prefixes, term, typing) {
  const files = new Set([home(prefixes, term)]);
  if (typing) {
    prefixes.forEach((prefix, n) => {
      if (prefix.length > term.length && prefix.startsWith(term)) files.add(n);
    });
  }
  return [...files].sort((a, b) => a - b);
}

// Postings: [gap, value, gap, value, ...] -> [[document, value], ...].
function decode(list) {
  const found = [];
  let number = 0;
  for (let i = 0; i < list.length; i += 2) {
    number += list[i];
    found.push([number, list[i + 1]]);
  }
  return found;
}

function weight(value) {
  const count = value & 31;
  const nameWords = value >> 6;
  return (nameWords ? NAME / nameWords : 0) + (value & 32 ? TITLE : 0) + (count ? 1 + Math.log(count) : 0);
}

// Scores: document -> {score, terms: {term: matched}}; words of each query term from `groups`
// (the parsed word files it needs). Each term counts once per document (its best match), and a
// document holding fewer of the query's terms is pushed down (as Material's own search does).
// Stop words are in no text (only in names and titles): they neither count for nor against.
export function rank(parsed, groupsOf, documentCount, stopWords = new Set()) {
  const scores = new Map();
  parsed.terms.forEach((term, index) => {
    const completing = parsed.typing && index === parsed.terms.length - 1;
    const best = new Map();
    for (const group of groupsOf(term)) {
      for (const [word, list] of Object.entries(group)) {
        const exact = word === term;
        if (!exact && !(completing && word.startsWith(term))) continue;
        const found = decode(list);
        const idf = Math.log(1 + documentCount / found.length);
        for (const [doc, value] of found) {
          const score = weight(value) * idf * (exact ? 1 : COMPLETION);
          const entry = best.get(doc);
          if (!entry || entry.score < score) best.set(doc, { score, words: [...(entry?.words ?? []), word] });
          else entry.words.push(word);
        }
      }
    }
    for (const [doc, { score, words: matched }] of best) {
      const entry = scores.get(doc) ?? { score: 0, terms: {}, words: new Set() };
      entry.score += score;
      entry.terms[term] = true;
      for (const word of matched) entry.words.add(word);
      scores.set(doc, entry);
    }
  });
  const content = parsed.terms.filter((term) => !stopWords.has(term));
  const counted = content.length ? content : parsed.terms;
  const ranked = [];
  for (const [doc, entry] of scores) {
    const held = counted.filter((term) => entry.terms[term]).length;
    if (!held) continue; // only stop words of a title: not a match for this query
    for (const term of parsed.terms) entry.terms[term] ??= false;
    ranked.push({ doc, score: entry.score * (held / counted.length) ** 2, terms: entry.terms, words: entry.words });
  }
  ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return ranked;
}

const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const unescapeHtml = (html) => html.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (e) => ENTITIES[e]);

// Escaped text (as stored) -> escaped text with the matched words in <mark>: marking works on
// the plain text, so no entity is ever cut, and everything else is escaped again.
export function highlight(stored, matched) {
  const text = unescapeHtml(stored);
  let html = "";
  let last = 0;
  for (const run of text.matchAll(RUNS)) {
    if (!words(run[0]).some((word) => matched.has(word))) continue;
    html += escapeHtml(text.slice(last, run.index)) + `<mark>${escapeHtml(run[0])}</mark>`;
    last = run.index + run[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

// A search over the files: `shards` is the map from search_index.json's config, `load(path)`
// fetches one file (site-relative path) and resolves to its JSON.
export function createSearch(shards, load) {
  const cache = new Map();
  const stopWords = new Set(shards.stop_words ?? []);
  const file = (path) => {
    if (!cache.has(path)) cache.set(path, load(shards.folder + path).catch((error) => {
      cache.delete(path); // a failed request is tried again by the next query
      throw error;
    }));
    return cache.get(path);
  };
  const document = (n) => file(`d${Math.floor(n / shards.per_file)}.json`).then((docs) => docs[n % shards.per_file]);

  return async function search(query) {
    const parsed = parseQuery(query);
    if (!parsed.terms.length) return { items: [] };
    const needed = new Map();
    for (const term of parsed.terms) {
      const completing = parsed.typing && term === parsed.terms[parsed.terms.length - 1];
      needed.set(term, await Promise.all(wordFiles(shards.prefixes, term, completing).map((n) => file(`w${n}.json`))));
    }
    const ranked = rank(parsed, (term) => needed.get(term), shards.documents, stopWords).slice(0, MAX_RESULTS);
    const shown = await Promise.all(ranked.map((hit) => document(hit.doc)));
    return { items: await groups(ranked, shown, document) };
  };
}

// Material's result shape: a list per page, the page's own document first among its sections.
async function groups(ranked, shown, document) {
  const pages = new Map();
  ranked.forEach((hit, i) => {
    const [location, title, text, page] = shown[i];
    const key = page ?? hit.doc;
    const item = { location, title: highlight(title, hit.words), text: highlight(text, hit.words), score: hit.score, terms: hit.terms };
    if (!pages.has(key)) pages.set(key, []);
    pages.get(key).push({ doc: hit.doc, item });
  });
  const items = [];
  for (const [page, members] of pages) {
    if (!members.some((member) => member.doc === page)) {
      const [location, title, text] = await document(page);
      members.push({ doc: page, item: { location, title: highlight(title, new Set()), text: highlight(text, new Set()), score: 0, terms: {} } });
    }
    items.push(members.map((member) => member.item));
  }
  return items;
}
