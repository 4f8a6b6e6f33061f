"""Every patch of Rasa internals checks the Rasa code it replaces (components/patch_check.py):
the installed Rasa passes, and a changed method, signature or import is reported."""

from __future__ import annotations

import ast
from pathlib import Path

import jsonschema
import pytest
import rasa.core.actions.action as rasa_action
from rasa.core.channels.socketio import SocketIOOutput
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.tracker_store import SQLTrackerStore
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier

import components  # noqa: F401  (installs the patches, running their checks)
from components import action_timeout, patch_check, speedups
from components.patch_check import RasaPatchMismatch

ROOT = Path(__file__).resolve().parents[2]


def check_speedups() -> None:
    patch_check.check_speedups(speedups._original_validate, speedups._original_resolve_by_type)


CHECKS = {
    "speedups": check_speedups,
    "action_timeout": patch_check.check_action_timeout,
    "rule_policy": patch_check.check_rule_policy,
    "tracker_store": patch_check.check_tracker_store,
    "socketio": patch_check.check_socketio,
    "intent_classifier": patch_check.check_intent_classifier,
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_pinned_rasa_passes(name):
    CHECKS[name]()


# Where each check must run: (file, function or None for module level, check called there)
CALL_SITES = [
    ("components/speedups.py", "install", "check_speedups"),
    ("components/action_timeout.py", "install", "check_action_timeout"),
    ("components/rule_policy.py", None, "check_rule_policy"),
    ("components/tracker_store.py", None, "check_tracker_store"),
    ("channels/socketio.py", None, "check_socketio"),
    ("components/intent_classifier.py", None, "check_intent_classifier"),
]


@pytest.mark.parametrize("path, function, check", CALL_SITES)
def test_each_patch_runs_its_check_where_it_is_installed(path, function, check):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    if function is None:
        body = tree.body
    else:
        body = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function).body
    called = [
        s.value.func.id
        for s in body
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and isinstance(s.value.func, ast.Name)
    ]
    assert check in called


def test_every_check_is_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Upgrading Rasa", 1)[1].split("\n## ", 1)[0]
    for path, _, _ in CALL_SITES:
        assert f"`{path}`" in section, path


# A mismatch is reported, naming the patch


def test_a_missing_method_is_reported(monkeypatch):
    monkeypatch.delattr(SQLTrackerStore, "_event_query")
    with pytest.raises(
        RasaPatchMismatch, match=r"components/tracker_store\.py: SQLTrackerStore\._event_query no longer exists"
    ):
        patch_check.check_tracker_store()


def test_a_changed_signature_is_reported(monkeypatch):
    def _get_possible_keys(self, lookup, states, domain):  # a parameter more
        return set()

    monkeypatch.setattr(RulePolicy, "_get_possible_keys", _get_possible_keys)
    with pytest.raises(
        RasaPatchMismatch,
        match=r"components/rule_policy\.py: RulePolicy\._get_possible_keys takes \(self, lookup, states, domain\), "
        r"expected \(self, lookup, states\)",
    ):
        patch_check.check_rule_policy()


def test_renamed_parameters_are_reported(monkeypatch):
    async def _send_message(self, recipient_id, message):
        return None

    monkeypatch.setattr(SocketIOOutput, "_send_message", _send_message)
    with pytest.raises(RasaPatchMismatch, match=r"channels/socketio\.py: SocketIOOutput\._send_message takes"):
        patch_check.check_socketio()


def test_validate_imported_at_module_level_is_reported(monkeypatch):
    """The silent failure of the validate cache: Rasa binding `validate` once, at import."""
    monkeypatch.setattr(rasa_action, "validate", jsonschema.validate, raising=False)
    with pytest.raises(RasaPatchMismatch, match="binds jsonschema's `validate` at import"):
        check_speedups()


def test_validate_no_longer_imported_in_the_function_is_reported(monkeypatch):
    def _validate_action_result(self, result):
        return True

    monkeypatch.setattr(rasa_action.RemoteAction, "_validate_action_result", _validate_action_result)
    with pytest.raises(RasaPatchMismatch, match="no longer contains 'from jsonschema import validate'"):
        check_speedups()
    with pytest.raises(RasaPatchMismatch):  # the patch refuses to install
        speedups.install()


def test_a_moved_timeout_constant_is_reported(monkeypatch):
    monkeypatch.delattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT")
    with pytest.raises(
        RasaPatchMismatch, match=r"components/action_timeout\.py: .*DEFAULT_REQUEST_TIMEOUT no longer exists"
    ):
        action_timeout.install()


def test_a_changed_save_is_reported(monkeypatch):
    async def save(self, tracker):  # Rasa writing its rows another way
        return None

    monkeypatch.setattr(SQLTrackerStore, "save", save)
    with pytest.raises(RasaPatchMismatch, match=r"save no longer contains 'self\._additional_events\('"):
        patch_check.check_tracker_store()


def test_a_changed_feature_method_is_reported(monkeypatch):
    monkeypatch.setattr(LogisticRegressionClassifier, "_create_X", lambda self, messages, extra: None)
    with pytest.raises(RasaPatchMismatch, match="_create_X takes"):
        patch_check.check_intent_classifier()


def test_the_error_points_to_the_upgrade_notes(monkeypatch):
    monkeypatch.delattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT")
    with pytest.raises(RasaPatchMismatch, match=r"Rasa 3\.6\.\d+\).*'Upgrading Rasa'"):
        patch_check.check_action_timeout()
