"""Reading and checking the data: every file of events/, seeds/, docs/actors/ and
docs/locations/ (untrusted input) becomes a checked record, or a located problem.

Stages, in order: `read` (bytes to YAML nodes with positions; `read_simple` for ordinary
YAML), `fields` and `load` (fields to records), `link` (references between records), `files`
(all of it over a project's folders). `model` holds the records, `dates` the EDTF dates,
`markup` the contributors' Markdown, `problems` the located messages. Nothing here imports
from `site` or `tools`.
"""
