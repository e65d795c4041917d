"""Validation by concern: problems and reporting, headers, cells, declared rules, references and geography.

The entry points (validate_file, validate_raw, validate_frame) are in `etl.validate`.
"""
