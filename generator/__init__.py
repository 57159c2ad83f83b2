"""Static report-site generator for democracy and human-rights country reports."""

__version__ = "0.1.0"
