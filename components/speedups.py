"""Three changes to Rasa 3.6 hot paths, measured with bench/bench.py.

* Rasa validates every reply of the action server with `jsonschema.validate`,
  which first re-checks the schema itself against the JSON-Schema metaschema:
  about 100 ms per custom action here, more than the rest of a turn. We keep one
  checked validator per schema; replies are still validated in full and the
  same errors are raised.
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
    """`jsonschema.validate`, with the schema checked once per distinct schema."""
    if cls is not None or args or kwargs:
        return _original_validate(instance, schema, cls, *args, **kwargs)
    try:
        key = json.dumps(schema, sort_keys=True)
    except TypeError:  # not plain JSON: no caching
        return _original_validate(instance, schema)
    error = exceptions.best_match(_validator(key).iter_errors(instance))
    if error is not None:
        raise error


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
