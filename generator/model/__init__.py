"""Stages 1 to 3, the content: load the YAML files with the position of every value (`load`),
parse them into typed records (`records`, `parse`, with schema messages from `schema_errors`),
and check them (`validate`, `validate_text`, the methodology arithmetic of `scoring`; `check`
runs all of it on every core). `history` reads each file's last change from git.

Imports only `generator.diagnostics` and `generator.workers`.
"""
