"""extract(text): the stages in order.  Sentences (segment), tokens in bounded windows (tokens), cue
candidates (cues) and their frames (frames, side_frames, nesting), document passes (quotes,
document), sources (sources), statements (statements); then the claims are assembled.

Public surface: ``extract``.
"""
from __future__ import annotations

import bisect
from dataclasses import replace

from service.extraction import learned as learned_layer
from service.extraction.frames import find_in_sentence
from service.extraction.document import Raw, byline_attributions, continue_quotes, drop_nested, paragraph_extents
from service.extraction.quotes import QuoteIndex, extend_to_quotes, quote_regions, speaker_labels
from service.extraction.model import Attribution, Claim, Extraction, Span
from service.extraction.segment import split_sentences
from service.extraction.sources import classify, name_before, resolve, subject_before
from service.extraction.statements import statement_of
from service.extraction.tokens import windows

_TRIM = " \t\r\n,;"
# a cue ending its sentence with a colon takes the next sentence above this prior, or a quotation
NEXT_SENTENCE_PRIOR = 0.4
OPENING_QUOTES = frozenset("“\"‘'")
CONTEXT = 300  # characters between a source and its cue searched for an anonymity clause


def extract(text: str, *, learned: bool = False, model=None) -> Extraction:
    """Split ``text`` into claims, one per sentence, with their attributions.

    The rules (patterns over the cue lexicon, quotes across sentences, bylines) find them; with
    ``model`` (the path of a CRF model trained by ``claimdesk train``) the tagger then adds the
    speech-cue attributions no rule found (see docs/extraction.md). ``learned`` without a model
    raises ``learned.ModelMissing``: the package ships no trained weights.
    """
    claims = _rule_claims(text)
    if learned or model is not None:
        claims = learned_layer.augment(text, claims, model=model)
    return Extraction(text=text, claims=claims)


def _rule_claims(text: str) -> tuple[Claim, ...]:
    sentences = split_sentences(text)
    paragraphs = paragraph_extents(sentences)
    quotes = QuoteIndex(quote_regions(text, paragraphs))
    raws: list[Raw] = []
    labels = speaker_labels(text, sentences, paragraphs)
    for i, (span, paragraph) in enumerate(sentences):
        if i in labels:
            (ls, le), colon = labels[i]
            raws.append(Raw(i, (ls, le), (colon, colon + 1), [(colon + 1, paragraphs[paragraph][1])],
                            "speaker-label", ":", 0.7))
            continue
        previous = sentences[i - 1][0] if i and sentences[i - 1][1] == paragraph else None
        following = sentences[i + 1][0] if i + 1 < len(sentences) else None
        raws.extend(_sentence_attributions(text, i, span, quotes, (previous, following)))
    raws.extend(byline_attributions(text, sentences, quotes, paragraphs))
    for raw in raws:
        if raw.rule != "speaker-label":  # a transcript turn is its paragraph, whatever its quote marks
            raw.content = extend_to_quotes(raw.content, quotes)
        raw.content = _trimmed(text, raw.content)
    raws = drop_nested(raws)
    continue_quotes(text, raws, sentences, quotes)
    return _claims(text, sentences, raws)


def _sentence_attributions(
    text: str, index: int, span: Span, quotes: QuoteIndex, neighbours: tuple[Span | None, Span | None]
) -> list[Raw]:
    out = []
    for toks in windows(text, span.start, span.end):
        out.extend(_window_attributions(toks, index, quotes, neighbours, text))
    return out


def _window_attributions(toks, index, quotes, neighbours, text) -> list[Raw]:
    previous, following = neighbours
    out = []
    for f in find_in_sentence(toks, lambda pos: quotes.containing(pos) is not None):
        def chars(r):
            return (toks[r[0]].start, toks[r[1] - 1].end)
        source = chars(f.source) if f.source else None
        content = [chars(r) for r in f.content if r[1] > r[0]]
        if f.extra.get("previous") and previous is not None and previous.text.endswith(("”", '"', "''", "?")):
            content = [(previous.start, previous.end)]
        if f.extra.get("next") and following is not None and toks[f.cue[1]].end <= following.start:
            if f.prior < NEXT_SENTENCE_PRIOR and following.text[:1] not in OPENING_QUOTES:
                continue  # "The Post reports:" takes a quotation; "The plan includes:" a list
            content = [(following.start, following.end)]
        if content:
            out.append(Raw(index, source, chars(f.cue), content, f.rule, f.lemma, f.confidence))
    return out


def _trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in spans:
        while s < e and text[s] in _TRIM:
            s += 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
        if e > s and text[e - 1] == "." and not text[s:e - 1].rstrip().endswith(("Mr", "Mrs", "Ms", "Dr")):
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _claims(text: str, sentences, raws: list[Raw]) -> tuple[Claim, ...]:
    built: list[tuple[Raw, Attribution]] = []
    seen_sources = []
    for raw in raws:
        source_span = Span.of(text, *raw.source) if raw.source else None
        antecedent = None
        if source_span is not None and source_span.text.lower() in ("he", "she", "they", "it", "i", "we"):
            antecedent = resolve(source_span.text, seen_sources)
            if source_span.text.lower() in ("he", "she"):
                # the nearest person: a named source, or the subject of a sentence in between
                subject = subject_before(text, sentences[raw.sentence][0].start)
                if subject is not None and (antecedent is None or subject.start > antecedent.start):
                    antecedent = subject
                if antecedent is None:
                    antecedent = name_before(text, source_span.start)
        between = text[source_span.end:min(raw.cue[0], source_span.end + CONTEXT)] \
            if source_span is not None and source_span.end <= raw.cue[0] else ""
        source = classify(text, source_span, antecedent, context=between)
        if raw.rule in ("speaker-label", "byline") and source.kind == "organization":
            source = replace(source, kind="person")  # "WALLACE:", "― Ana Ruiz": people speak in turns
        if source.span is not None:
            seen_sources.append(source)
        attribution = Attribution(
            source=source,
            cue=Span.of(text, *raw.cue),
            content=tuple(Span.of(text, s, e) for s, e in raw.content),
            rule=raw.rule,
            cue_lemma=raw.lemma,
            confidence=round(raw.confidence, 3),
        )
        built.append((raw, attribution))
    own: dict[int, list[Attribution]] = {}
    shared: dict[int, list[Attribution]] = {}
    starts = [span.start for span, _ in sentences]
    for raw, attribution in built:
        own.setdefault(raw.sentence, []).append(attribution)
        for s, e in raw.content:  # the sentences a quote runs over carry its attribution too
            i = max(bisect.bisect_right(starts, s) - 1, 0)
            while i < len(sentences) and sentences[i][0].start < e:
                if i != raw.sentence and sentences[i][0].end > s and attribution not in shared.get(i, ()):
                    shared.setdefault(i, []).append(attribution)
                i += 1
    return tuple(
        # a sentence without attributions of its own is its own statement: no call needed
        Claim(index=i, sentence=span, paragraph=paragraph,
              statement=statement_of(text, span, own[i]) if i in own else span.text,
              attributions=tuple(own.get(i, []) + shared.get(i, [])))
        for i, (span, paragraph) in enumerate(sentences)
    )
