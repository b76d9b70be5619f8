// Filter state and matching, shared by the timeline's filters and the map. Pure functions, no
// DOM: the state lives in the URL (?actor=russia&from=2024-12-02&to=2024-12-02), records come
// from data/filter-index.json (one per event; see hooks/timeline_core/filterindex.py).

/** URL parameters that may repeat (any of their values matches). */
export const LISTS = ["actor", "location", "type", "status", "tag"];
/** Which record field each repeatable parameter is checked against. */
const FIELDS = { actor: "actors", location: "locations", type: "type", status: "status", tag: "tags" };
const DAY = /^(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** An empty state: nothing filtered. */
export function emptyState() {
  return { actor: [], location: [], type: [], status: [], tag: [], from: null, to: null, text: "" };
}

/** The state a URL's query asks for; unknown parameters and malformed dates are ignored. */
export function readState(params) {
  const state = emptyState();
  for (const name of LISTS) {
    const values = params.getAll(name).map((value) => value.trim()).filter(Boolean);
    state[name] = [...new Set(values)];
  }
  state.from = normaliseDay(params.get("from"), "start");
  state.to = normaliseDay(params.get("to"), "end");
  state.text = (params.get("text") || "").trim();
  return state;
}

/** The query that gives back `state`, parameters in a fixed order, empty ones left out. */
export function writeState(state) {
  const params = new URLSearchParams();
  for (const name of LISTS) {
    for (const value of state[name] || []) params.append(name, value);
  }
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.text && state.text.trim()) params.set("text", state.text.trim());
  return params;
}

/** Whether nothing is filtered. */
export function isEmpty(state) {
  return writeState(state).toString() === "";
}

/**
 * Whether one filter-index record passes every filter: within a parameter any value may match
 * (actor=a&actor=b: a or b), across parameters all must. A date range keeps the events whose
 * possible span overlaps it; an open end of an event's span reaches as far as it can.
 */
export function matches(record, state) {
  for (const name of LISTS) {
    const wanted = state[name] || [];
    if (!wanted.length) continue;
    const have = record[FIELDS[name]];
    const values = Array.isArray(have) ? have : [have];
    if (!wanted.some((value) => values.includes(value))) return false;
  }
  if (state.from && record.end && compareDays(record.end, state.from) < 0) return false;
  if (state.to && record.start && compareDays(record.start, state.to) > 0) return false;
  const words = (state.text || "").toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => (record.text || "").includes(word));
}

/** Compare two ISO days numerically, so that years before 1 or after 9999 still order. */
export function compareDays(a, b) {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i += 1) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

function parts(day) {
  const match = DAY.exec(day);
  return match ? [Number(match[1]), Number(match[2] || 1), Number(match[3] || 1)] : [0, 0, 0];
}

/** "2024-12" as a `from` is its first day, as a `to` its last; anything else not a day is dropped. */
function normaliseDay(value, side) {
  const match = DAY.exec((value || "").trim());
  if (!match) return null;
  const [, year, month, day] = match;
  if (day) return validDay(Number(year), Number(month), Number(day)) ? value.trim() : null;
  if (month && (Number(month) < 1 || Number(month) > 12)) return null;
  const lastMonth = side === "start" ? (month || "01") : (month || "12");
  const lastDay = side === "start" ? 1 : daysIn(Number(year), Number(lastMonth));
  return `${year}-${lastMonth}-${String(lastDay).padStart(2, "0")}`;
}

function validDay(year, month, day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

function daysIn(year, month) {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
