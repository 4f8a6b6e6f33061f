"""Build the local spaCy pipeline used by Rasa's SpacyNLP (no model download).

A blank English pipeline with the lookup lemmatizer from spacy-lookups-data and
an entity ruler that labels every procedure name and alias from
data/procedures/*.yml as a `procedure` entity.

Usage: python scripts/build_spacy_pipeline.py OUTPUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.tokenizer import Tokenizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from clinic.knowledge import default_knowledge_base  # noqa: E402

ENTITY_LABEL = "procedure"


def build(output: Path) -> None:
    """Create the pipeline and write it to `output`."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    nlp.initialize()  # loads the lemma lookup tables from spacy-lookups-data
    patterns = [
        {"label": ENTITY_LABEL, "pattern": name, "id": procedure.id}
        for procedure in default_knowledge_base().procedures.values()
        for name in {procedure.name, *procedure.aliases}
    ]
    ruler.add_patterns(patterns)
    nlp.meta["name"] = "clinic_pipeline"
    nlp.meta["description"] = "Blank English + lookup lemmas + procedure entity ruler"
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    # spaCy rebuilds the tokenizer's special cases (about 1,350 English exceptions) for every
    # property it loads: on start-up once when config.cfg creates the default English tokenizer,
    # then twice in tokenizer.from_disk (its rules, then its faster_heuristics flag). The flag
    # is the default (True) that the first step already set, so it is not stored: start-up
    # rebuilds them twice instead of three times (about 0.2 s), for the same tokenizer.
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer) and tokenizer.faster_heuristics, "store the flag if its default changes"
    tokenizer.to_disk(output / "tokenizer", exclude=["vocab", "faster_heuristics"])
    print(f"spaCy pipeline with {len(patterns)} procedure patterns written to {output}")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else ".spacy/en_clinic"))
