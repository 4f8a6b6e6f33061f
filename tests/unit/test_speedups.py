"""The two caches in components/speedups.py behave exactly like Rasa's originals."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
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
