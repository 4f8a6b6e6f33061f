"""The changes in components/speedups.py behave exactly like Rasa's originals."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.engine.exceptions import GraphComponentException, GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

import components  # noqa: F401  (installs the caches)
from components import speedups

SCHEMA = RemoteAction.action_response_format_spec()
GOOD_REPLY = {"events": [{"event": "slot", "name": "topic", "value": "risks"}], "responses": [{"text": "hi"}]}
BAD_REPLY = {"events": [{"event": "slot", "name": 3}], "responses": "not a list"}


def test_installed() -> None:
    assert jsonschema.validate is speedups.cached_validate
    assert Event.resolve_by_type is speedups.resolve_by_type


def test_valid_reply_passes() -> None:
    speedups.cached_validate(GOOD_REPLY, SCHEMA)


def test_invalid_reply_raises_the_same_error_as_jsonschema() -> None:
    with pytest.raises(jsonschema.ValidationError) as ours:
        speedups.cached_validate(BAD_REPLY, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as original:
        speedups._original_validate(BAD_REPLY, SCHEMA)
    assert ours.value.message == original.value.message
    assert list(ours.value.path) == list(original.value.path)


def test_invalid_schema_is_still_refused() -> None:
    with pytest.raises(jsonschema.SchemaError):
        speedups.cached_validate({}, {"type": "no-such-type"})


def test_every_event_name_resolves_to_the_same_class() -> None:
    names = {cls.type_name for cls in all_subclasses(Event)}
    for name in names:
        assert Event.resolve_by_type(name) is speedups._original_resolve_by_type(name)


def test_unknown_event_name_keeps_rasas_behaviour() -> None:
    assert Event.resolve_by_type("no-such-event", default=Event) is Event
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError):
        Event.resolve_by_type("no-such-event")


class Step(GraphComponent):
    """A graph node that adds its number to what its parents gave it, and logs its run."""

    runs: List[str] = []

    def __init__(self, config: Dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls, config: Dict[str, Any], model_storage: Any, resource: Any, execution_context: Any, **kwargs: Any
    ) -> "Step":
        return cls(config)

    def run(self, **parents: Any) -> int:
        Step.runs.append(self.config["name"])
        if self.config.get("fail"):
            raise RuntimeError("broken node")
        return self.config["add"] + sum(parents.values())


def schema(fail: bool = False) -> GraphSchema:
    def node(name: str, add: int, needs: Dict[str, str], target: bool = False) -> SchemaNode:
        config = {"name": name, "add": add, "fail": fail and name == "b"}
        return SchemaNode(
            needs=needs, uses=Step, constructor_name="create", fn="run", config=config, eager=True, is_target=target
        )

    return GraphSchema(
        {
            "a": node("a", 1, {"x": "__input__"}),
            "b": node("b", 10, {"y": "a"}),
            "c": node("c", 100, {"p": "a", "q": "b"}, target=True),
            "unused": node("unused", 1000, {"x": "__input__"}),
        }
    )


def run_both(graph: GraphSchema, **kwargs: Any) -> List[Tuple[Any, List[str]]]:
    outcomes = []
    for runner_class in (DaskGraphRunner, speedups.SequentialGraphRunner):
        runner = runner_class.create(graph, model_storage=None, execution_context=ExecutionContext(graph, "test"))
        Step.runs = []
        try:
            outcomes.append((runner.run(**kwargs), Step.runs))
        except Exception as e:  # compared below
            outcomes.append((type(e), Step.runs))
    return outcomes


@pytest.mark.parametrize(
    "kwargs",
    [
        {"inputs": {"__input__": 5}},
        {"inputs": {"__input__": 5}, "targets": ["b", "c"]},
        {"inputs": {"__input__": 5}, "targets": ["unused", "a"]},
        {"inputs": {"__input__": 5, "a": 7}, "targets": ["c"]},  # an input replaces a node
    ],
)
def test_sequential_runner_gives_dasks_results(kwargs: Dict[str, Any]) -> None:
    (dask_result, dask_runs), (ours, our_runs) = run_both(schema(), **kwargs)
    assert ours == dask_result
    assert sorted(our_runs) == sorted(dask_runs)  # the same nodes, each once


def test_sequential_runner_raises_dasks_errors() -> None:
    (dask_error, _), (our_error, _) = run_both(schema(fail=True), inputs={"__input__": 5})
    assert our_error is dask_error is GraphComponentException  # a node's error, wrapped by the node
    (dask_error, _), (our_error, _) = run_both(schema(), inputs={"__input__": "a"})
    assert our_error is dask_error is GraphRunError


def test_model_loading_uses_the_sequential_runner() -> None:
    import rasa.core.processor

    assert rasa.core.processor.DaskGraphRunner is speedups.SequentialGraphRunner


def replies() -> List[Any]:
    """Action-server replies, valid and not: every event kind, and broken variants."""
    names = sorted({cls.type_name for cls in all_subclasses(Event)} | {"no_such_event"})
    events: List[Any] = [{"event": name, "timestamp": None} for name in names]
    events += [
        {"event": "slot", "name": "topic", "value": "risks"},
        {"event": "slot", "name": "topic"},  # no value
        {"event": "slot", "name": 3, "value": None},
        {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet", "confidence": "high"}}},
        {"event": "user", "text": "hi", "parse_data": {"entities": [{"entity": "procedure", "value": "x"}]}},
        {"event": "action", "name": "action_listen", "confidence": 1},
        {"event": "action", "name": 7},
        {"event": "entities", "entities": [{"entity": "procedure"}]},
        {"timestamp": 1.5},  # no event name
        {"event": "bot", "text": "x" * 3000},  # longer than the remembered ones
        "not an event",
        ["a", "list"],
        {"event": "slot", "name": "topic", "value": ("a", "tuple")},
        {"event": "entities", "entities": ()},  # a tuple is not a JSON array: invalid
        {"event": "entities", "entities": []},  # the same JSON text: valid
    ]
    found: List[Any] = [{}, [], "text", {"events": "not a list"}, {"responses": [{"text": "hi"}, "no"]}]
    for i, event in enumerate(events):
        found.append({"events": [event]})
        found.append({"events": [events[(i * 7) % len(events)], event], "responses": [{"text": "hi"}]})
    found.append({"events": ({"event": "bot"},), "responses": []})  # a tuple is not a JSON array
    return found


def test_remembered_events_give_jsonschemas_verdicts_and_errors() -> None:
    for _ in range(2):  # the second round is answered from memory where valid
        for reply in replies():
            try:
                speedups._original_validate(reply, SCHEMA)
                expected = None
            except jsonschema.ValidationError as e:
                expected = (e.message, list(e.path))
            try:
                speedups.cached_validate(reply, SCHEMA)
                found = None
            except jsonschema.ValidationError as e:
                found = (e.message, list(e.path))
            assert found == expected, reply
    assert speedups._valid_item.cache_info().hits > 20
