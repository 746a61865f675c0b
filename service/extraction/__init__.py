"""Claim and attribution extraction: pure Python, text in, dataclasses out.

No Flask and no database here, so the extractor can run in a notebook, a batch job or a worker.
"""
from service.extraction.model import Attribution, Claim, Extraction, Source, Span
from service.extraction.statements import statement_of
from service.extraction.model import SOURCE_KINDS
from service.extraction.pipeline import extract
from service.extraction.learned import ModelMissing
from service.extraction.training import TRAINING_PARAMS
from service.extraction.training import train as train_tagger
from service.extraction.sources import classify as classify_source

__all__ = ["extract", "Extraction", "Claim", "Attribution", "Source", "Span", "statement_of", "classify_source",
           "SOURCE_KINDS", "ModelMissing", "train_tagger", "TRAINING_PARAMS"]
