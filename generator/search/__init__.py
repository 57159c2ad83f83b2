"""The search indexes of a built site: `pagefind` indexes the website with Pagefind (and the
search page's quick index), or cuts Material's index for the offline bundle; `parts` splits a
large site into parts indexed one Pagefind run each and reused in a rebuild when unchanged.

Reads built HTML only; imports nothing of the generator but `generator.workers`.
"""
