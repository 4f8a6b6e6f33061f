"""Start-up checks for the project's patches of Rasa internals.

Each patch (components/speedups.py, rule_policy.py, tracker_store.py,
action_timeout.py, intent_classifier.py, channels/socketio.py) replaces or
relies on private Rasa code written for the pinned Rasa (requirements.txt). When
the patch is installed or its class created, it calls these helpers to check that
the code it replaces is still what it was written against: the attribute is there,
the parameters are named as expected, and the source still contains what the
patch depends on. Otherwise RasaPatchMismatch stops the server at start-up
instead of the patch silently doing nothing or something else. README.md,
"Upgrading Rasa", lists every patch.
"""

from __future__ import annotations

import inspect
from typing import Any, Iterable, Sequence, Text


class RasaPatchMismatch(RuntimeError):
    """The Rasa code a patch replaces is not the code the patch was written for."""


def _rasa_version() -> Text:
    try:
        from rasa.version import __version__

        return __version__
    except Exception:  # pragma: no cover - rasa always has a version
        return "?"


def mismatch(patch: Text, what: Text) -> RasaPatchMismatch:
    """The error to raise when a patch finds `what` changed in Rasa."""
    return RasaPatchMismatch(
        f"{patch}: {what} (Rasa {_rasa_version()}). The patch was written for the pinned Rasa "
        f"version; see README.md, 'Upgrading Rasa', before changing Rasa or the patch."
    )


def _name(owner: Any) -> Text:
    return getattr(owner, "__qualname__", None) or getattr(owner, "__name__", None) or repr(owner)


def expect_attribute(owner: Any, name: Text, patch: Text) -> Any:
    """`owner.name` (a module, class or object attribute); RasaPatchMismatch if it is missing."""
    if not hasattr(owner, name):
        raise mismatch(patch, f"{_name(owner)}.{name} no longer exists")
    return getattr(owner, name)


def expect_signature(owner: Any, name: Text, parameters: Sequence[Text], patch: Text) -> Any:
    """`owner.name`, a callable whose parameter names are exactly `parameters`, in order
    (`self` included for a method looked up on its class; `*args` as "args").

    Returns the callable. Raises RasaPatchMismatch if it is missing, not callable or
    its parameters differ.
    """
    function = expect_attribute(owner, name, patch)
    expect_parameters(function, parameters, patch, f"{_name(owner)}.{name}")
    return function


def expect_parameters(function: Any, parameters: Sequence[Text], patch: Text, label: Text = "") -> None:
    """The parameter names of `function` are exactly `parameters`, in order; else RasaPatchMismatch."""
    label = label or _name(function)
    if not callable(function):
        raise mismatch(patch, f"{label} is no longer callable")
    try:
        found = list(inspect.signature(function).parameters)
    except (TypeError, ValueError) as e:
        raise mismatch(patch, f"the signature of {label} cannot be read: {e}") from e
    if found != list(parameters):
        raise mismatch(patch, f"{label} takes ({', '.join(found)}), expected ({', '.join(parameters)})")


def expect_source(function: Any, snippets: Iterable[Text], patch: Text) -> None:
    """Every snippet occurs in the source code of `function` (a function, method, class
    or module); RasaPatchMismatch otherwise, or if the source cannot be read."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError) as e:
        raise mismatch(patch, f"the source of {_name(function)} cannot be read: {e}") from e
    missing = [s for s in snippets if s not in source]
    if missing:
        raise mismatch(patch, f"{_name(function)} no longer contains {', '.join(repr(s) for s in missing)}")


# What each patch expects of Rasa. Each runs where its patch is installed or its class created.


def check_speedups(original_validate: Any, original_resolve_by_type: Any) -> None:
    """components/speedups.py: the functions it replaces (the originals, as saved before install)."""
    import rasa.core.actions.action as action
    import rasa.core.processor as processor
    from rasa.engine.runner.dask import DaskGraphRunner

    patch = "components/speedups.py"
    expect_parameters(original_validate, ["instance", "schema", "cls", "args", "kwargs"], patch, "jsonschema.validate")
    # the cache acts only because Rasa imports `validate` inside the function, at each call
    expect_source(action.RemoteAction._validate_action_result, ["from jsonschema import validate"], patch)
    if hasattr(action, "validate"):
        raise mismatch(patch, "rasa.core.actions.action binds jsonschema's `validate` at import: the cache is bypassed")
    expect_parameters(original_resolve_by_type, ["type_name", "default"], patch, "Event.resolve_by_type")
    # the runner is swapped by name: the processor must look it up in its module when loading a model
    expect_attribute(processor, "DaskGraphRunner", patch)
    expect_source(processor.MessageProcessor._load_model, ["DaskGraphRunner,"], patch)
    expect_signature(DaskGraphRunner, "run", ["self", "inputs", "targets"], patch)
    expect_source(DaskGraphRunner.__init__, ["self._graph_schema =", "self._instantiated_nodes"], patch)


def check_action_timeout() -> None:
    """components/action_timeout.py: RemoteAction.run reads the module constant at each call."""
    import rasa.core.actions.action as action

    patch = "components/action_timeout.py"
    expect_attribute(action, "DEFAULT_REQUEST_TIMEOUT", patch)
    expect_source(action.RemoteAction.run, ["timeout=DEFAULT_REQUEST_TIMEOUT"], patch)


def check_rule_policy() -> None:
    """components/rule_policy.py: the method TailRulePolicy overrides and the helpers it calls."""
    from rasa.core.policies.rule_policy import RulePolicy

    patch = "components/rule_policy.py"
    expect_signature(RulePolicy, "_get_possible_keys", ["self", "lookup", "states"], patch)
    expect_signature(RulePolicy, "_rule_key_to_state", ["rule_key"], patch)
    expect_signature(RulePolicy, "_is_rule_applicable", ["self", "rule_key", "turn_index", "conversation_state"], patch)
    # matching the tail only is exact because a rule shorter than the conversation accepts older turns
    expect_source(RulePolicy._is_rule_applicable, ["turn_index >= len(reversed_rule_states)"], patch)
    expect_signature(RulePolicy, "load", ["config", "model_storage", "resource", "execution_context", "kwargs"], patch)
    # the last states only: made as Rasa makes each state, one per action of the replayed tracker
    from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    expect_signature(
        RulePolicy,
        "_prediction_states",
        ["self", "tracker", "domain", "use_text_for_last_user_input", "rule_only_data"],
        patch,
    )
    expect_source(RulePolicy._find_action_from_rules, ["states = self._prediction_states("], patch)
    expect_source(
        DialogueStateTracker.generate_all_prior_trackers,
        ["tracker = self.init_copy()", "for event in self.applied_events():", "tracker.update(event)"],
        patch,
    )
    expect_source(
        Domain.states_for_tracker_history,
        ["self.get_active_state(tr, omit_unset_slots=omit_unset_slots)", "states.append(self._clean_state(state))"],
        patch,
    )
    expect_signature(Domain, "_clean_state", ["state"], patch)
    expect_signature(
        MaxHistoryTrackerFeaturizer,
        "_choose_last_user_input",
        ["self", "trackers_as_states", "use_text_for_last_user_input"],
        patch,
    )
    expect_source(
        MaxHistoryTrackerFeaturizer.prediction_states,
        ["self.slice_state_history(states, self.max_history)", "self._choose_last_user_input("],
        patch,
    )


def check_tracker_store() -> None:
    """components/tracker_store.py: the methods EnvSQLTrackerStore overrides or calls, the
    attributes it swaps after `__init__`, and the events table whose rows its `save` writes."""
    from rasa.core.tracker_store import SQLTrackerStore

    patch = "components/tracker_store.py"
    expect_signature(
        SQLTrackerStore,
        "__init__",
        [
            "self",
            "domain",
            "dialect",
            "host",
            "port",
            "db",
            "username",
            "password",
            "event_broker",
            "login_db",
            "query",
            "kwargs",
        ],
        patch,
    )
    expect_source(SQLTrackerStore.__init__, ["self.engine =", "self.sessionmaker ="], patch)
    expect_signature(SQLTrackerStore, "_retrieve", ["self", "sender_id", "fetch_events_from_all_sessions"], patch)
    expect_signature(SQLTrackerStore, "save", ["self", "tracker"], patch)
    expect_signature(
        SQLTrackerStore, "_event_query", ["self", "session", "sender_id", "fetch_events_from_all_sessions"], patch
    )
    expect_signature(SQLTrackerStore, "session_scope", ["self"], patch)
    expect_signature(SQLTrackerStore, "stream_events", ["self", "tracker"], patch)
    # `save` is re-implemented: the columns and how Rasa fills them must be the ones it writes
    columns = list(SQLTrackerStore.SQLEvent.__table__.columns.keys())
    if columns != ["id", "sender_id", "type_name", "timestamp", "intent_name", "action_name", "data"]:
        raise mismatch(patch, f"SQLTrackerStore.SQLEvent has columns {columns}")
    expect_source(
        SQLTrackerStore.save,
        [
            "self._additional_events(",
            "type_name=event.type_name",
            "intent_name=intent",
            "action_name=action",
            "data=json.dumps(data)",
        ],
        patch,
    )


def check_socketio() -> None:
    """channels/socketio.py: the output method it rebinds to count replies, and the
    socket.io server attributes it reads to put its origin check before Rasa's."""
    from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput

    patch = "channels/socketio.py"
    expect_signature(SocketIOOutput, "_send_message", ["self", "socket_id", "response"], patch)
    for method in ("send_text_message", "send_image_url", "send_text_with_buttons", "send_elements", "send_attachment"):
        expect_source(getattr(SocketIOOutput, method), ["self._send_message("], patch)
    expect_signature(SocketIOInput, "blueprint", ["self", "on_new_message"], patch)
    expect_source(SocketIOInput.blueprint, ["self.sio = ", '@sio.on("connect", namespace=self.namespace)'], patch)


def check_intent_classifier() -> None:
    """components/intent_classifier.py: the feature-matrix method LinearIntentClassifier overrides."""
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier

    patch = "components/intent_classifier.py"
    expect_signature(LogisticRegressionClassifier, "_create_X", ["self", "messages"], patch)
