"""Stages 4 and 5, the pages: `derive` computes every figure a page shows from the checked
records (views), `rankings` ranks the countries of each edition, `sections` numbers the notes,
`figures` and `charts/` draw the views as inline SVG, `render` lays the views out as Markdown
through the Jinja2 templates, `downloads` writes the data files and `publish` the feed and
robots.txt.

Imports `generator.model`, `generator.search` (the search page's folder name) and the shared
helpers; never `generator.site`.
"""
