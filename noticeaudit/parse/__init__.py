"""Parsers: one per input format, each producing a Document via build_document."""
