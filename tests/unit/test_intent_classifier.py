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


def test_feature_matrix_is_rasas(storage: LocalModelStorage) -> None:
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    def message(seed: int) -> Message:
        m = Message(data={"text": f"message {seed}"})
        for origin, width in [("words", 50), ("chars", 80)]:  # two featurizers, combined by Rasa
            counts = sp.random(1, width, density=0.2, format="coo", random_state=seed, dtype=np.int64)
            m.add_features(Features(counts, "sentence", "text", origin))
            # per-token features too, as CountVectorsFeaturizer adds them: not the classifier's
            tokens = sp.random(2, width, density=0.2, format="coo", random_state=seed + 1, dtype=np.int64)
            m.add_features(Features(tokens, "sequence", "text", origin))
        return m

    component = fitted(storage)
    for messages in ([message(1)], [message(i) for i in range(6)]):
        ours = component._create_X(messages)
        rasas = LogisticRegressionClassifier._create_X(component, messages)
        assert ours.shape == rasas.shape and ours.dtype == rasas.dtype
        assert (ours != rasas).nnz == 0
        # stored as the CSR matrix scikit-learn makes of Rasa's (so sums run in the same order)
        canonical = rasas.tocsr()
        canonical.sum_duplicates()
        for part in ("data", "indices", "indptr"):
            assert np.array_equal(getattr(ours, part), getattr(canonical, part)), part
    dense = message(3)
    dense.add_features(Features(np.ones((1, 4)), "sentence", "text", "dense"))
    assert LinearIntentClassifier._create_X(component, [dense]).shape == (1, 134)  # Rasa's path
