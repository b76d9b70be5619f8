// PLACEHOLDER (branch explore-data): a minimal filter-core.js written to the shared contract so
// the map's tests run before the explore-filters branch is merged. The lead replaces this file
// with that branch's real one.
const LISTS = ["actor", "location", "type", "status", "tag"];

export function readState(params) {
  const state = { from: params.get("from") || "", to: params.get("to") || "", text: (params.get("text") || "").trim() };
  for (const name of LISTS) state[name] = params.getAll(name).filter(Boolean);
  return state;
}

export function writeState(state) {
  const params = new URLSearchParams();
  for (const name of LISTS) for (const value of state[name] || []) params.append(name, value);
  for (const name of ["from", "to", "text"]) if (state[name]) params.set(name, state[name]);
  return params;
}

function any(wanted, have) {
  return wanted.length === 0 || wanted.some((value) => have.includes(value));
}

export function matches(record, state) {
  if (!any(state.actor, record.actors) || !any(state.location, record.locations)) return false;
  if (!any(state.type, [record.type]) || !any(state.status, [record.status]) || !any(state.tag, record.tags)) return false;
  if (state.from && record.end !== null && record.end < state.from) return false;
  if (state.to && record.start !== null && record.start > state.to) return false;
  const words = state.text.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((word) => record.text.includes(word));
}
