"""The local spaCy pipeline (scripts/build_spacy_pipeline.py), loaded as Rasa's SpacyNLP loads it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.lang.en import English
from spacy.tokenizer import Tokenizer

ROOT = Path(__file__).resolve().parents[2]


def build(output: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_spacy_pipeline", ROOT / "scripts" / "build_spacy_pipeline.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(output)


def test_the_stored_tokenizer_loads_as_spacys_english_tokenizer(tmp_path: Path) -> None:
    """The build leaves a flag out of the stored tokenizer to load faster: loaded, it is still
    spaCy's English tokenizer in every rule, pattern and flag."""
    build(tmp_path / "en_clinic")
    nlp = spacy.load(tmp_path / "en_clinic", disable=["parser"])
    loaded, default = nlp.tokenizer, English().tokenizer
    assert isinstance(loaded, Tokenizer) and isinstance(default, Tokenizer)
    assert loaded.to_bytes(exclude=["vocab"]) == default.to_bytes(exclude=["vocab"])
    assert [t.text for t in nlp("Can't I drive 2 wks after SI-joint fusion?")] == [
        "Ca", "n't", "I", "drive", "2", "wks", "after", "SI", "-", "joint", "fusion", "?"
    ]  # fmt: skip
    assert nlp.pipe_names == ["lemmatizer", "entity_ruler"]
    assert [(e.text, e.label_) for e in nlp("how long after spinopelvic fixation").ents] == [
        ("spinopelvic fixation", "procedure")
    ]
