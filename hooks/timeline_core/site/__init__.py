"""Making the site from the checked records: the index every output reads (`index`), the
pages (`pages` plans them, `render` renders them through Jinja templates), and each other
output in a module of its own, fed by the index: exports (`exports`), feeds (`feeds`), the
filter index (`filterindex`), search (`search`, `search_shards`), maps (`maps`), redirects.
What the preview keeps and decides between builds is in `incremental`. Imports only from
`reading`.
"""
