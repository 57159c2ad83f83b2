"""Tools beside the build: `sample` (and `sample_text`) writes clearly fictional content of
realistic shape for benchmarks and tests, and `diff` summarises what a change to the content
does to the data, for pull-request previews.

May import every stage below the command line.
"""
