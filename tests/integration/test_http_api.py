"""Rasa's HTTP API: off by default; with RASA_API_TOKEN set it requires that token.

scripts/test.sh runs this file twice: on a server started with a token, and
(RASA_API=off) on one started without.
"""

from __future__ import annotations

import os

import pytest
import requests

TOKEN = os.environ.get("RASA_API_TOKEN")
PRIVATE = ["/status", "/conversations/test-patient/tracker", "/domain"]


@pytest.mark.skipif(not TOKEN, reason="the server under test has no API token")
@pytest.mark.parametrize("path", PRIVATE)
def test_the_api_refuses_requests_without_the_token(rasa_url: str, path: str) -> None:
    assert requests.get(rasa_url + path, timeout=10).status_code == 401
    assert requests.get(rasa_url + path, params={"token": "wrong"}, timeout=10).status_code == 401


@pytest.mark.skipif(not TOKEN, reason="the server under test has no API token")
def test_the_api_answers_with_the_token(rasa_url: str) -> None:
    reply = requests.get(rasa_url + "/status", params={"token": TOKEN}, timeout=10)
    assert reply.status_code == 200
    assert "model_file" in reply.json()


@pytest.mark.skipif(os.environ.get("RASA_API") != "off", reason="the server under test has the API on")
@pytest.mark.parametrize("path", PRIVATE)
def test_without_a_token_the_api_is_off(rasa_url: str, path: str) -> None:
    assert requests.get(rasa_url + path, timeout=10).status_code == 404
    # while the chat webhook works
    reply = requests.post(rasa_url + "/webhooks/rest/webhook", json={"sender": "api-off", "message": "hi"}, timeout=60)
    assert reply.ok and reply.json()
