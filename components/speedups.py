"""Two caches for Rasa 3.6 hot paths, measured with bench/bench.py.

* Rasa validates every reply of the action server with `jsonschema.validate`,
  which first re-checks the schema itself against the JSON-Schema metaschema:
  about 100 ms per custom action here, more than the rest of a turn. We keep one
  checked validator per schema; replies are still validated in full and the
  same errors are raised.
* Rasa finds an event's class by name, while reading a conversation from the
  tracker store, by walking every Event subclass, for every event. We remember
  the class per name.

`install()` applies both; `components/__init__.py` calls it, so every Rasa
process that loads our model or endpoints has them.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Optional, Text, Type

import jsonschema
from jsonschema import exceptions, validators
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

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


def install() -> None:
    """Swap in the cached versions (idempotent)."""
    jsonschema.validate = cached_validate
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[assignment]
