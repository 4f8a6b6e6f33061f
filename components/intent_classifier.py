"""Intent classifier: Rasa's logistic regression, saved as plain arrays.

Rasa's LogisticRegressionClassifier scores as well as DIET on our held-out
phrasings and answers in well under a millisecond, but it saves the model with
`skops`, whose import alone takes 10+ seconds at every server start. This
subclass stores the fitted weights in a NumPy .npz file instead (no pickle),
and rebuilds the scikit-learn model from them when loading.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.patch_check import check_intent_classifier

check_intent_classifier()

WEIGHTS_FILE = "weights.npz"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(LogisticRegressionClassifier):
    """LogisticRegressionClassifier that persists weights, classes and bias as arrays."""

    def _create_X(self, messages: List[Message]) -> sp.csr_matrix:
        """Rasa's feature matrix, built in one step when the features are sparse only (ours).

        Rasa combines every featurizer's sequence and sentence features of a message (copies
        and pairwise stacking), uses only the sentence ones, stacks those with the (absent)
        dense ones, then stacks the messages. Here the sparse sentence features, in the same
        order, go straight into one matrix (`_stacked`): the same matrix, a few milliseconds
        sooner."""
        rows = []
        for message in messages:
            sentence = [
                f.features
                for f in message.features
                if f.attribute == TEXT and f.is_sparse() and f.type == FEATURE_TYPE_SENTENCE
            ]
            if not sentence or message.get_dense_features(TEXT)[1] is not None:
                return super()._create_X(messages)
            rows.append(sentence)
        if not rows:
            return super()._create_X(messages)
        return _stacked(rows)

    def persist(self) -> None:
        """Write coefficients, intercepts and intent names to the model storage."""
        with self._model_storage.write_to(self._resource) as model_dir:
            np.savez(
                model_dir / WEIGHTS_FILE,
                coef=self.clf.coef_,
                intercept=self.clf.intercept_,
                classes=np.asarray(self.clf.classes_, dtype=str),
            )

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        """Rebuild the fitted model from the stored arrays (or an untrained one if none)."""
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                with np.load(model_dir / WEIGHTS_FILE, allow_pickle=False) as weights:
                    # Fortran order makes coef_.T C-ordered, which the sparse
                    # product needs: otherwise every prediction copies the weights.
                    component.clf.coef_ = np.asfortranarray(weights["coef"])
                    component.clf.intercept_ = weights["intercept"]
                    component.clf.classes_ = weights["classes"].astype(object)
        except (ValueError, FileNotFoundError):
            return component  # nothing trained (e.g. no intents): like Rasa's own
        component.clf.n_features_in_ = component.clf.coef_.shape[1]
        return component


def _stacked(rows: List[List[Any]]) -> sp.csr_matrix:
    """The block matrix of one row of blocks per message, each block a 1 x width sparse row
    (widths alike for every message), as float64 CSR in canonical form (sorted indices):
    what `scipy.sparse.bmat(rows, format="csr", dtype=np.float64)` gives, which handles any
    other shape (and raises its errors), without its general block bookkeeping."""
    widths = [block.shape[1] for block in rows[0]]
    if any([block.shape for block in row] != [(1, width) for width in widths] for row in rows):
        return sp.bmat(rows, format="csr", dtype=np.float64)
    offsets = np.cumsum([0] + widths[:-1])
    data, columns, indptr = [], [], [0]
    for row in rows:
        blocks = [block.tocoo() for block in row]
        data += [block.data for block in blocks]
        columns += [block.col + offset for block, offset in zip(blocks, offsets, strict=True)]
        indptr.append(indptr[-1] + sum(block.nnz for block in blocks))
    matrix = sp.csr_matrix(
        (np.concatenate(data).astype(np.float64), np.concatenate(columns), np.asarray(indptr)),
        shape=(len(rows), sum(widths)),
    )
    matrix.sum_duplicates()  # canonical: sorted column indices, as bmat's conversion leaves them
    return matrix
