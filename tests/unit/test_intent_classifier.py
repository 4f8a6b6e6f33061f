"""LinearIntentClassifier: stored as plain arrays, loaded back to the same predictions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from components.intent_classifier import WEIGHTS_FILE, LinearIntentClassifier

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def fitted(storage: LocalModelStorage) -> LinearIntentClassifier:
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    component = LinearIntentClassifier.create({}, storage, Resource("intent_classifier"), context)
    rng = np.random.default_rng(0)
    X = sp.random(60, 200, density=0.05, format="csr", random_state=1)
    y = rng.choice(["ask_risks", "ask_duration", "greet"], size=60)
    component.clf.fit(X, y)
    component.persist()
    return component


def test_round_trip_gives_the_same_probabilities(storage: LocalModelStorage) -> None:
    trained = fitted(storage)
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    loaded = LinearIntentClassifier.load({}, storage, Resource("intent_classifier"), context)
    X = sp.random(5, 200, density=0.05, format="csr", random_state=2)
    assert np.allclose(loaded.clf.predict_proba(X), trained.clf.predict_proba(X))
    assert list(loaded.clf.classes_) == list(trained.clf.classes_)
    assert all(isinstance(name, str) for name in loaded.clf.classes_)


def test_weights_are_stored_without_pickle(storage: LocalModelStorage) -> None:
    fitted(storage)
    with storage.read_from(Resource("intent_classifier")) as model_dir:
        with np.load(model_dir / WEIGHTS_FILE, allow_pickle=False) as weights:
            assert set(weights.files) == {"coef", "intercept", "classes"}


def test_nothing_stored_gives_an_untrained_classifier(storage: LocalModelStorage) -> None:
    context = ExecutionContext(GraphSchema({}), node_name="intent_classifier")
    loaded = LinearIntentClassifier.load({}, storage, Resource("missing"), context)
    assert not hasattr(loaded.clf, "coef_")


def test_loading_does_not_import_skops(tmp_path: Path) -> None:
    """The point of the subclass: skops' import costs 10+ s at every start."""
    code = (
        "import sys, numpy as np, scipy.sparse as sp\n"
        "from rasa.engine.graph import ExecutionContext, GraphSchema\n"
        "from rasa.engine.storage.local_model_storage import LocalModelStorage\n"
        "from rasa.engine.storage.resource import Resource\n"
        "from components.intent_classifier import LinearIntentClassifier\n"
        f"storage = LocalModelStorage(__import__('pathlib').Path({str(tmp_path)!r}))\n"
        "ctx = ExecutionContext(GraphSchema({}), node_name='c')\n"
        "c = LinearIntentClassifier.create({}, storage, Resource('c'), ctx)\n"
        "c.clf.fit(sp.random(20, 30, density=0.3, format='csr', random_state=0), ['a', 'b'] * 10)\n"
        "c.persist()\n"
        "LinearIntentClassifier.load({}, storage, Resource('c'), ctx)\n"
        "assert 'skops' not in sys.modules, 'skops was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
