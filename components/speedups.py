"""Three changes to Rasa 3.6 hot paths, measured with bench/bench.py.

* Rasa validates every reply of the action server with `jsonschema.validate`,
  which first re-checks the schema itself against the JSON-Schema metaschema:
  about 100 ms per custom action here, more than the rest of a turn. We keep one
  checked validator per schema; replies are still validated in full and the
  same errors are raised. Checking one event against Rasa's event schema (one of
  23 kinds) costs about 0.2 ms, and the actions send the same few events (slots
  set to the same values) again and again: an event found valid is remembered by
  its JSON text (validity depends on nothing else), so a reply made of such events
  is valid without checking them again. Any reply not found valid that way is
  validated in full, as before, and raises the same error.
* Rasa finds an event's class by name, while reading a conversation from the
  tracker store, by walking every Event subclass, for every event. We remember
  the class per name.
* Rasa runs the trained model's graph (the NLU pipeline for every message, the
  policies for every prediction: three runs per turn) with dask, whose
  scheduler costs more than most of our components do. The graphs are small
  chains, and dask's synchronous scheduler runs them one node at a time anyway:
  `SequentialGraphRunner` runs the same nodes in dependency order, without it.
  Training keeps dask.

`install()` applies all three; `components/__init__.py` calls it, so every Rasa
process that loads our model or endpoints has them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text, Tuple, Type

import jsonschema
import rasa.core.processor
from jsonschema import exceptions, validators
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from components.patch_check import check_speedups

_original_validate = jsonschema.validate
_original_resolve_by_type = Event.resolve_by_type


@lru_cache(maxsize=64)
def _validator(schema_json: str) -> Any:
    schema = json.loads(schema_json)
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def cached_validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """`jsonschema.validate`, with the schema checked once per distinct schema, and the items
    of a plain object's array properties (the events of an action's reply) remembered once
    found valid (see `_known_valid`)."""
    if cls is not None or args or kwargs:
        return _original_validate(instance, schema, cls, *args, **kwargs)
    try:
        key = json.dumps(schema, sort_keys=True)
    except TypeError:  # not plain JSON: no caching
        return _original_validate(instance, schema)
    if _known_valid(instance, key):
        return
    error = exceptions.best_match(_validator(key).iter_errors(instance))
    if error is not None:
        raise error


MAX_REMEMBERED_ITEM = 2_000  # characters of an item's JSON text; longer ones are checked each time


@lru_cache(maxsize=64)
def _split(schema_json: str) -> Optional[Tuple[Any, Dict[str, Any]]]:
    """For a schema that is only {"type": "object", "properties": {...}}, without $ref: the
    validator of its other properties, and the validator of the items of each property that
    is only {"type": "array", "items": {...}}. An object is valid against the schema exactly
    when the first accepts its other properties and each such property is a list of valid
    items. None for any other schema (or one without such a property)."""
    schema = json.loads(schema_json)
    properties = schema.get("properties")
    if set(schema) != {"type", "properties"} or schema["type"] != "object" or not isinstance(properties, dict):
        return None
    if '"$ref"' in schema_json:
        return None
    arrays = {
        name: sub["items"]
        for name, sub in properties.items()
        if isinstance(sub, dict) and set(sub) == {"type", "items"} and sub["type"] == "array"
        if isinstance(sub["items"], dict)
    }
    if not arrays:
        return None
    cls = _validator(schema_json).__class__  # the schema's draft, for its parts too
    rest = {**schema, "properties": {name: sub for name, sub in properties.items() if name not in arrays}}
    return cls(rest), {name: cls(items) for name, items in arrays.items()}


@lru_cache(maxsize=4096)
def _valid_item(schema_json: str, name: str, item_json: str) -> bool:
    """Whether the item (as JSON text) is valid against the items schema of property `name`."""
    return bool(_split(schema_json)[1][name].is_valid(json.loads(item_json)))  # type: ignore[index]


def _known_valid(instance: Any, schema_json: str) -> bool:
    """True if the instance is valid against the schema, checked part by part (`_split`) with
    remembered items; False if it is not, or cannot be told that way (then validate in full)."""
    split = _split(schema_json)
    if split is None or not isinstance(instance, dict):
        return False
    rest, arrays = split
    if not rest.is_valid({name: value for name, value in instance.items() if name not in arrays}):
        return False
    for name, items in arrays.items():
        if name not in instance:
            continue
        if not isinstance(instance[name], list):
            return False
        for item in instance[name]:
            try:
                item_json = json.dumps(item, sort_keys=True, allow_nan=False)
            except (TypeError, ValueError):
                return False
            # the JSON text stands for the item only if it reads back as an equal value
            # (not so for a tuple, which JSON Schema does not count as an array)
            if len(item_json) > MAX_REMEMBERED_ITEM or json.loads(item_json) != item:
                if not items.is_valid(item):
                    return False
            elif not _valid_item(schema_json, name, item_json):
                return False
    return True


@lru_cache(maxsize=None)
def _event_class(type_name: Text) -> Optional[Type[Event]]:
    return next((cls for cls in all_subclasses(Event) if cls.type_name == type_name), None)


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """`Event.resolve_by_type`, with the class looked up once per event name."""
    return _event_class(type_name) or _original_resolve_by_type(type_name, default)


class SequentialGraphRunner(DaskGraphRunner):
    """DaskGraphRunner that runs the needed nodes itself, parents first."""

    def run(self, inputs: Optional[Dict[Text, Any]] = None, targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
        """Run the graph for `targets`, as DaskGraphRunner.run does (same inputs, outputs, errors)."""
        run_targets = targets if targets else self._graph_schema.target_names
        values: Dict[Text, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in self._graph_schema.nodes:
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure that none of the input "
                    f"names passed to the `run` method are the same as node names in the graph schema."
                )
            values[name] = (name, value)  # the shape dask hands to a node
        try:
            for name, needs in self._plan(tuple(run_targets)):
                if name not in values:  # an input of the same name replaces the node, as in dask
                    values[name] = self._instantiated_nodes[name](*(values.get(n, n) for n in needs))
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(values[target] for target in run_targets)

    def _plan(self, targets: Tuple[Text, ...]) -> List[Tuple[Text, List[Text]]]:
        """The nodes `targets` depend on, each after its parents, with the names it needs."""
        plans = self.__dict__.setdefault("_plans", {})
        if targets not in plans:
            order: List[Tuple[Text, List[Text]]] = []
            seen: set = set()

            def visit(name: Text) -> None:
                node = self._graph_schema.nodes.get(name)
                if node is None or name in seen:  # an input placeholder, or done
                    return
                seen.add(name)
                for parent in node.needs.values():
                    visit(parent)
                order.append((name, list(node.needs.values())))

            for target in targets:
                visit(target)
            plans[targets] = order
        return plans[targets]


def install() -> None:
    """Swap in the cached versions and the prediction graph runner (idempotent)."""
    check_speedups(_original_validate, _original_resolve_by_type)
    jsonschema.validate = cached_validate
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[assignment]
    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner  # type: ignore[misc]
