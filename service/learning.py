"""The instance's learned model: trained on the desk's reviewed documents and on gold files the user
is licensed to use, kept in the instance folder with a model card, used by extract and ingest.

    <instance>/models/attribution-crf/model.crfsuite   the CRF weights
    <instance>/models/attribution-crf/card.json        what it was trained on, when, held-back scores
    <instance>/models/attribution-crf/card.md          the same card, for people

The package itself ships no weights (PolNeAR's licence says nothing about training on it).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from service import extraction
from service.extraction.scoring import new_totals, score_document, summarize
from service.extraction.serialize import extraction_dict
from service.models import utcnow

MODEL_DIR = Path("models") / "attribution-crf"
MODEL_FILE, CARD_FILE, CARD_TEXT = "model.crfsuite", "card.json", "card.md"
HELD_BACK_EVERY = 5  # every fifth document (in id order) is held back for the card's scores
FIGURES = ("source.overlap", "cue.overlap", "content.overlap", "relation")


@dataclass(frozen=True)
class InstanceModel:
    path: Path  # the model file
    card: dict

    @property
    def id(self) -> str:
        return self.card.get("id", "crf")

    def describe(self) -> str:
        trained = self.card.get("trained_on", {})
        return (f"instance model {self.id} (trained {self.card.get('trained_at', '?')} on "
                f"{trained.get('documents', '?')} documents, {trained.get('attributions', '?')} attributions; "
                f"{self.path})")


def model_folder(instance_path: str | os.PathLike) -> Path:
    return Path(instance_path) / MODEL_DIR


def instance_model(instance_path: str | os.PathLike) -> InstanceModel | None:
    """The instance's trained model, or None when it has none (extraction then uses the rules only)."""
    folder = model_folder(instance_path)
    path = folder / MODEL_FILE
    if not path.is_file():
        return None
    try:
        card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        card = {}
    return InstanceModel(path, card)


def extractor_name(model: InstanceModel | None) -> str:
    """What Document.extractor records: the rules alone, or the rules and which model."""
    return "rules" if model is None else f"rules+crf {model.id}"


def split(documents: list[dict]) -> tuple[list[dict], list[dict]]:
    """(training, held back): every HELD_BACK_EVERY-th document is held back, at least one of two or more."""
    held = [d for i, d in enumerate(documents) if i % HELD_BACK_EVERY == HELD_BACK_EVERY - 1]
    if not held and len(documents) >= 2:
        held = [documents[-1]]
    return [d for d in documents if d not in held], held


def score(documents: list[dict], model: Path | None) -> dict:
    """The evaluation's figures for the extractor (rules, or rules + ``model``) on gold documents."""
    totals = new_totals()
    for number, gold in enumerate(documents, 1):
        prediction = extraction_dict(extraction.extract(gold["text"], model=model), id=gold.get("id", number))
        score_document(gold, prediction, totals)
    return summarize(totals)


def train_instance_model(instance_path, documents: list[dict], trained_from: list[dict], *,
                         iterations: int = 100, now: datetime | None = None) -> InstanceModel:
    """Train on ``documents`` (gold records) less the held-back part, score both extractors on that
    part, and install model and card in the instance folder (replacing any earlier model whole)."""
    now = now or utcnow()
    training, held = split(documents)
    if not any(d["attributions"] for d in training):
        raise ValueError("the training documents hold no attributions")
    folder = model_folder(instance_path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".training-", dir=folder.parent))
    try:
        model_path = staging / MODEL_FILE
        sequences = extraction.train_tagger(training, model_path, iterations)
        digest = hashlib.sha256(model_path.read_bytes()).hexdigest()
        card = {
            "id": "crf-" + digest[:12], "model": MODEL_FILE, "sha256": digest, "bytes": model_path.stat().st_size,
            "trained_at": now.isoformat(timespec="seconds"),
            "trained_on": {**_counts(training), "sequences": sequences, "sources": trained_from},
            "held_back": {**_counts(held), "every": HELD_BACK_EVERY,
                          "scores": {"rules": _figures(score(held, None)),
                                     "rules+crf": _figures(score(held, model_path))} if held else None},
            "iterations": iterations, "params": extraction.TRAINING_PARAMS,
            "lexicon": "package cue lexicon (attribution-crf.cues.json: word statistics, no weights)",
        }
        (staging / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (staging / CARD_TEXT).write_text(card_text(card), encoding="utf-8")
        old = folder.with_name(folder.name + ".old")
        if folder.exists():
            shutil.rmtree(old, ignore_errors=True)
            folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return instance_model(instance_path)


def card_text(card: dict) -> str:
    trained, held = card["trained_on"], card["held_back"]
    lines = [f"# Model card: {card['id']}", "",
             "Attribution tagger (linear-chain CRF over words; BIO tags for source, cue, content), "
             "added to claimdesk's rules by `extract --learned` and by ingest.", "",
             f"- Trained: {card['trained_at']}, {card['iterations']} iterations",
             f"- Training data: {trained['documents']} documents, {trained['attributions']} attributions, "
             f"published {trained['published']['first'] or '?'} to {trained['published']['last'] or '?'}"]
    for source in trained["sources"]:
        lines.append(f"  - {source['what']}: {source['documents']} documents")
    lines.append(f"- Held back (every {held['every']}th document): {held['documents']} documents, "
                 f"{held['attributions']} attributions")
    if held["scores"]:
        lines += ["", "| held back | " + " | ".join(FIGURES) + " |", "|---" * (len(FIGURES) + 1) + "|"]
        for name, figures in held["scores"].items():
            lines.append(f"| {name} | " + " | ".join(
                f"{figures[k]['p']} / {figures[k]['r']} / {figures[k]['f1']}" if k in figures else "–"
                for k in FIGURES) + " |")
        lines += ["", "Cells: precision / recall / F1, the evaluation's metrics."]
    lines += ["", f"File: {card['model']}, {card['bytes']} bytes, sha256 {card['sha256']}", ""]
    return "\n".join(lines)


def _counts(documents: list[dict]) -> dict:
    dates = sorted(d["published"] for d in documents if d.get("published"))
    return {"documents": len(documents),
            "attributions": sum(len(d["attributions"]) for d in documents),
            "published": {"first": dates[0] if dates else None, "last": dates[-1] if dates else None}}


def _figures(result: dict) -> dict:
    return {key: result[key] for key in FIGURES if key in result}
