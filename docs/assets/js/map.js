// The map: progressive enhancement over a page that already works (an SVG outline made at
// build time and a list of places with their events). This script
//  - applies the timeline's filters (same URL parameters) to the overview map and its list;
//  - offers the street map, and loads Leaflet and OpenStreetMap's tiles only after the reader
//    asks for them: until then no request leaves the site.
import { matches, readState, writeState } from "./filter-core.js";

const TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const ATTRIBUTION =
  '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

function init() {
  for (const section of document.querySelectorAll("section.tl-map")) {
    if (section.dataset.ready) continue;
    section.dataset.ready = "1";
    const button = section.querySelector(".tl-map__tiles");
    button.hidden = false;
    button.addEventListener("click", () => showStreetMap(section, button), { once: true });
    if (section.hasAttribute("data-filterable")) applyFilters(section);
  }
}

async function applyFilters(section) {
  const params = new URLSearchParams(window.location.search);
  const state = readState(params);
  const query = writeState(state).toString();
  for (const link of document.querySelectorAll("a.tl-map__timeline")) {
    link.search = query; // the same view on the timeline
  }
  if (!query) return;
  let records;
  try {
    const response = await fetch(section.dataset.root + "data/filter-index.json");
    records = new Map((await response.json()).events.map((record) => [record.id, record]));
  } catch {
    return; // the unfiltered map is still right, only wider
  }
  // Counted from the index, not from the list: a busy place lists only its latest events.
  const places = section.querySelectorAll(".tl-map__places > li[data-place]");
  const onMap = new Set([...places].map((place) => place.dataset.place));
  const matching = new Map();
  let located = 0;
  let shown = 0;
  for (const record of records.values()) {
    const here = (record.locations_direct || []).filter((place) => onMap.has(place));
    if (here.length === 0) continue;
    located += 1;
    if (!matches(record, state)) continue;
    shown += 1;
    for (const place of here) matching.set(place, (matching.get(place) || 0) + 1);
  }
  let placesShown = 0;
  for (const place of places) {
    const count = matching.get(place.dataset.place) || 0;
    for (const item of place.querySelectorAll("li[data-event]")) {
      const record = records.get(item.dataset.event);
      item.hidden = !(record !== undefined && matches(record, state));
    }
    const more = place.querySelector("li.tl-map__more");
    if (more) {
      const link = more.querySelector("a");
      more.replaceChildren(link, ` (${count} of them match the filters); those among the latest that match:`);
    }
    place.hidden = count === 0;
    if (count) placesShown += 1;
    const marker = section.querySelector(`a.tl-map__marker[data-place="${CSS.escape(place.dataset.place)}"]`);
    if (marker) marker.style.display = count ? "" : "none";
  }
  for (const item of document.querySelectorAll(".tl-map__unlocated li[data-event]")) {
    const record = records.get(item.dataset.event);
    item.hidden = !(record && matches(record, state));
  }
  section.querySelector(".tl-map__count").textContent =
    `Filtered: ${shown} of ${located} located events, at ${placesShown} of ${places.length} places.`;
}

function loadLeaflet(folder) {
  if (window.L) return Promise.resolve(window.L);
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = folder + "leaflet.css";
  document.head.append(css);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = folder + "leaflet.js";
    script.onload = () => resolve(window.L);
    script.onerror = () => reject(new Error("Leaflet did not load"));
    document.head.append(script);
  });
}

async function showStreetMap(section, button) {
  button.disabled = true;
  const L = await loadLeaflet(section.dataset.leaflet);
  const canvas = section.querySelector(".tl-map__canvas");
  const holder = document.createElement("div");
  holder.className = "tl-map__leaflet";
  canvas.querySelector("svg").hidden = true;
  canvas.append(holder);
  const [south, west, north, east] = section.dataset.bounds.split(",").map(Number);
  const map = L.map(holder, { scrollWheelZoom: false });
  map.fitBounds([[south, west], [north, east]]);
  L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
  for (const place of section.querySelectorAll(".tl-map__places > li[data-place]")) {
    if (place.hidden) continue;
    const name = place.querySelector("a").textContent;
    const icon = L.divIcon({ className: "tl-map__pin", iconSize: [14, 14] });
    const marker = L.marker([Number(place.dataset.lat), Number(place.dataset.lon)], { icon, title: name, alt: name });
    const popup = document.createElement("div"); // our own escaped HTML, never a string from data
    popup.className = "tl-map__popup";
    popup.append(...place.cloneNode(true).childNodes);
    marker.bindPopup(popup).addTo(map);
    marker.getElement().dataset.place = place.dataset.place;
  }
  button.hidden = true;
}

if (window.document$) {
  window.document$.subscribe(init); // Material's instant navigation swaps pages in place
} else {
  init();
}
