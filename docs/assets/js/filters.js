// The timeline's filters: progressive enhancement over a page that lists every event. Reads
// data/filter-index.json, reveals the (hidden) form, keeps the state in the URL
// (?actor=russia&from=2024-12-02&to=2024-12-02) and hides what does not match. Works with and
// without Material's instant navigation (document$).

import { LISTS, emptyState, isEmpty, matches, readState, writeState } from "./filter-core.js";

const indexes = new Map(); // index URL -> Promise of records, fetched once per visit

function recordsFrom(url) {
  if (!indexes.has(url)) {
    indexes.set(url, fetch(url, { credentials: "same-origin" }).then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.json();
    }).then((data) => data.events));
  }
  return indexes.get(url);
}

function urlFor(state) {
  const query = writeState(state).toString();
  return location.pathname + (query ? `?${query}` : "") + location.hash;
}

/** The state the form shows (values the form does not offer are dropped). */
function stateOf(form) {
  const state = emptyState();
  for (const name of LISTS) {
    state[name] = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
  }
  state.from = form.elements.from.value || null;
  state.to = form.elements.to.value || null;
  state.text = form.elements.text.value;
  return readState(writeState(state)); // the same normalising as a URL gets
}

function show(form, state) {
  for (const name of LISTS) {
    const wanted = new Set(state[name]);
    for (const box of form.querySelectorAll(`input[name="${name}"]`)) box.checked = wanted.has(box.value);
  }
  form.elements.from.value = state.from || "";
  form.elements.to.value = state.to || "";
  if (form.elements.text.value.trim() !== state.text) form.elements.text.value = state.text;
  // Each closed facet still says what it filters by: "Actors: Russia, Iran".
  for (const facet of form.querySelectorAll("[data-facet]")) {
    const names = state[facet.dataset.facet].map((value) => {
      const box = [...facet.querySelectorAll("input")].find((input) => input.value === value);
      return box && box.nextSibling ? box.nextSibling.textContent.trim() : value;
    });
    facet.querySelector("[data-chosen]").textContent = names.length ? `: ${names.join(", ")}` : "";
  }
}

function countText(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Hide the entries that do not match, then the days and months left empty. */
function filter(section, entries, state) {
  let shown = 0;
  for (const [element, record] of entries) {
    const visible = matches(record, state);
    element.hidden = !visible;
    if (visible) shown += 1;
  }
  for (const day of section.querySelectorAll(".tl-day")) {
    day.hidden = !day.querySelector("li.tl-entry:not([hidden])");
  }
  for (const month of section.querySelectorAll(".tl-month")) {
    const count = month.querySelectorAll("li.tl-entry:not([hidden])").length;
    month.hidden = count === 0;
    const label = month.querySelector(".tl-month__title .tl-count");
    if (label) label.textContent = countText(count, "event");
    const key = month.getAttribute("aria-labelledby").replace(/^month-/, "");
    const jump = section.querySelector(`.tl-jump li[data-month="${CSS.escape(key)}"]`);
    if (jump) {
      jump.hidden = count === 0;
      jump.querySelector(".tl-count").textContent = String(count);
    }
  }
  section.classList.toggle("tl-timeline--filtered", !isEmpty(state));
  return shown;
}

const ELSEWHERE_LISTED = 200; // then a count: the other periods' pages list the rest

/**
 * A split timeline (one period per page): while a filter is on, the matches on other periods'
 * pages are listed from the filter index, each linking to its entry there. Titles are set as
 * text, never as HTML (they come from contributors).
 */
function listElsewhere(box, records, onPage, state) {
  const list = box.querySelector("ol");
  list.replaceChildren();
  const found = isEmpty(state) ? [] : records.filter((r) => !onPage.has(`event-${r.id}`) && matches(r, state));
  for (const record of found.slice(0, ELSEWHERE_LISTED)) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `${box.dataset.root}${record.period || ""}#event-${encodeURIComponent(record.id)}`;
    link.textContent = record.title;
    const when = document.createElement("small");
    when.textContent = ` ${record.start || ""}`;
    item.append(link, when);
    list.append(item);
  }
  if (found.length > ELSEWHERE_LISTED) {
    const more = document.createElement("li");
    more.textContent = `and ${found.length - ELSEWHERE_LISTED} more`;
    list.append(more);
  }
  box.hidden = found.length === 0;
  return found.length;
}

function start(section, form, records, signal) {
  const byId = new Map(records.map((record) => [`event-${record.id}`, record]));
  const entries = [...section.querySelectorAll("li.tl-entry")]
    .filter((element) => byId.has(element.id))
    .map((element) => [element, byId.get(element.id)]);
  const counter = form.querySelector("[data-tl-count]");
  const total = entries.length;

  const onPage = new Set(entries.map(([element]) => element.id));
  const elsewhere = section.querySelector("[data-tl-elsewhere]");
  const apply = (state) => {
    show(form, state);
    const shown = filter(section, entries, state);
    const others = elsewhere ? listElsewhere(elsewhere, records, onPage, state) : 0;
    counter.textContent = others
      ? `${shown} of ${countText(total, "event")} on this page, ${others} in other periods`
      : `${shown} of ${countText(total, "event")}`;
  };
  const fromLocation = () => apply(readState(new URLSearchParams(location.search)));
  let pending = 0;
  const changed = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      const state = stateOf(form);
      history.replaceState(history.state, "", urlFor(state));
      apply(state);
    });
  };

  form.addEventListener("input", changed, { signal });
  form.addEventListener("change", changed, { signal });
  form.addEventListener("submit", (event) => { event.preventDefault(); changed(); }, { signal });
  form.querySelector("[data-tl-clear]").addEventListener("click", () => {
    history.replaceState(history.state, "", urlFor(emptyState()));
    apply(emptyState());
    form.elements.text.focus();
  }, { signal });
  // Links to another view of this page (chips' funnels, "everything on this day", the chart):
  // a new history entry, no reload; back and forward walk through the views.
  section.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = new URL(link.href, location.href);
    if (target.origin !== location.origin || target.pathname !== location.pathname || !target.search) return;
    event.preventDefault();
    history.pushState(null, "", target.pathname + target.search + target.hash);
    fromLocation();
    form.scrollIntoView({ block: "start" });
  }, { signal });
  window.addEventListener("popstate", fromLocation, { signal });

  form.hidden = false;
  fromLocation();
}

const CHIP_FILTERS = { actors: "actor", locations: "location", types: "type", tags: "tag" };

/**
 * Beside every chip (a link to an actor's, place's, type's or tag's page), a funnel that opens
 * the timeline filtered by it. Added here rather than built into every page: the filter needs
 * this script anyway, and the pages stay small. The site's root is worked out from the chip's
 * own address (…/actors/<id>/), so it holds in any folder a site is served from.
 */
function addFunnels(root) {
  for (const chip of root.querySelectorAll("a.tl-chip:not([data-no-filter])")) {
    if (chip.parentElement.classList.contains("tl-chip-pair")) continue;
    const target = new URL(chip.getAttribute("href"), location.href);
    const match = /^(.*\/)(actors|locations|types|tags)\/([^/]+)\/$/.exec(target.pathname);
    if (!match || target.origin !== location.origin) continue;
    const name = (chip.firstChild && chip.firstChild.textContent || chip.textContent).trim();
    const funnel = document.createElement("a");
    funnel.className = "tl-chip__filter";
    funnel.href = `${match[1]}?${CHIP_FILTERS[match[2]]}=${match[3]}`;
    funnel.title = `Timeline of ${name}`;
    funnel.setAttribute("aria-label", `Timeline of ${name}`);
    const pair = document.createElement("span");
    pair.className = "tl-chip-pair";
    chip.replaceWith(pair);
    pair.append(chip, funnel);
  }
}

let current = null; // the AbortController of the page on screen

function setUp() {
  if (current) current.abort(); // instant navigation: the previous page's listeners go
  current = new AbortController();
  addFunnels(document);
  const section = document.querySelector("[data-tl-timeline]");
  const form = section && section.querySelector("[data-tl-filters]");
  if (!form) return;
  const signal = current.signal;
  const url = new URL(section.dataset.filterIndex, location.href).href;
  recordsFrom(url).then((records) => {
    if (!signal.aborted) start(section, form, records, signal);
  }).catch((error) => {
    // The list stays whole and the controls stay hidden: nothing half-works.
    console.warn("Timeline filters unavailable:", error);
  });
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(setUp);
} else {
  setUp();
}
