"""The contributor tools behind `python -m timeline_core` (and the Makefile): `check`
validates the data, `diff` reports what a change does to the records, `schema` writes the
editor schemas, `scaffold` starts a new event; `annotate` turns problems into GitHub
annotations, `history` reads a git revision's tree. Imports only from `reading`.
"""
