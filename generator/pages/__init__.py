"""Stages 4 and 5, the pages: `derive` computes every figure a page shows from the checked
records, once, as views (`derive_figures` makes the charts' data models they carry; `rankings`
ranks the countries of each edition; `sections` numbers the notes); `render` lays the views out
as Markdown through the Jinja2 templates, which draw the figure models with `figures.draw`
(SVG from `charts/`) and call nothing that reads the records; `downloads` writes the data
files and `publish` the feed and robots.txt.

Imports `generator.model`, `generator.search` (the search page's folder name) and the shared
helpers; never `generator.site`.
"""
