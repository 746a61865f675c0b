"""Claim and attribution extraction: pure Python, text in, dataclasses out.

No Flask and no database here, so the extractor can run in a notebook, a batch job or a worker.
"""
from service.extraction.model import Attribution, Claim, Extraction, Source, Span
from service.extraction.pipeline import extract

__all__ = ["extract", "Extraction", "Claim", "Attribution", "Source", "Span"]
