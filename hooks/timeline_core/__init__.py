"""The timeline's core: everything but the MkDocs wiring (the hooks in hooks/), never
importing MkDocs, so that the same data and pages could feed another builder.

Grouped by side, each subpackage importing only from those before it:

- `reading`: the data contract. Files are read (`read`, `read_simple`), their fields checked
  and converted (`fields`, `load`), references linked (`link`), all through `files`, every
  problem a located `Problem`. The records are `model`; dates are EDTF (`dates`).
- `site`: the site made from the records. `index` is what every output reads; `pages` plans
  the pages and `render` renders them; each other output is a stage module of its own
  (`exports`, `feeds`, `filterindex`, `search_shards`, `maps`, ...), and the preview's
  between-builds decisions are in `incremental`.
- `tools`: the contributor tools behind `python -m timeline_core` (`check`, `diff`, `schema`,
  `new`) and what they share (`annotate`, `history`).
"""
