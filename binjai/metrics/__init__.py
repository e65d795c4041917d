"""The metric catalogue and the one place its figures are computed (through the query layer).

`catalogue` reads the definitions (data_sources/reference/metrics.csv); `compute` gives every metric's value
for a set of filters; `docs` renders the catalogue as Markdown. Surfaces (pages, slides, handouts, the
`python -m etl metrics` command) take labels, help text and formatted values from here.
"""
