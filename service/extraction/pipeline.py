"""extract(text): sentences, then attributions per sentence, then statements."""
from __future__ import annotations

from service.extraction.model import Claim, Extraction
from service.extraction.segment import split_sentences


def extract(text: str) -> Extraction:
    """Split ``text`` into claims, one per sentence, with their attributions."""
    claims = tuple(
        Claim(index=i, sentence=sentence, paragraph=paragraph, statement=sentence.text)
        for i, (sentence, paragraph) in enumerate(split_sentences(text))
    )
    return Extraction(text=text, claims=claims)
