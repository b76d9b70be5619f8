// The worker behind Material's search box (overrides/main.html names it in __config.search).
// It speaks Material's worker protocol: SETUP (0) brings search_index.json, whose config holds
// the map of the small index files; the worker answers READY (1); each QUERY (2) gets a RESULT
// (3) with Material's result shape, built from only the files that query needs
// (search-core.js, timeline_core/search_shards.py).
//
// Material starts this file as a classic worker (`new Worker(url)`), so it cannot be an ES
// module itself: it loads the module with import() and keeps the messages that arrive first.
// Only the answer to the latest query is sent: a reader types faster than files arrive.

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;
const ROOT = new URL("../../", self.location.href); // this file is assets/js/ in the site

const waiting = [];
let handle = (message) => waiting.push(message);
self.addEventListener("message", (event) => handle(event.data));

import("./search-core.js").then(({ createSearch }) => {
  let search = null;
  let latest = 0;
  const load = (path) => fetch(new URL(path, ROOT)).then((response) => {
    if (!response.ok) throw new Error(`${response.status} ${path}`);
    return response.json();
  });
  handle = async (message) => {
    if (message.type === SETUP) {
      // No map when the preview has data problems (the hook writes no files then): no results.
      const shards = message.data.config.shards;
      search = shards ? createSearch(shards, load) : async () => ({ items: [] });
      self.postMessage({ type: READY });
    } else if (message.type === QUERY && search) {
      const asked = ++latest;
      let data = { items: [] };
      try {
        data = await search(message.data);
      } catch (error) {
        console.warn(`search failed for ${JSON.stringify(message.data)}:`, error);
      }
      if (asked === latest) self.postMessage({ type: RESULT, data });
    }
  };
  waiting.splice(0).forEach((message) => handle(message));
});
