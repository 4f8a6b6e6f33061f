"""Integration tests talk to a running Rasa server (started by scripts/test.sh)."""

from __future__ import annotations

import os
import uuid
from typing import Any, Dict, List

import pytest
import requests


class Chat:
    """One patient's conversation over the REST webhook."""

    def __init__(self, base_url: str):
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.sender = f"test-{uuid.uuid4().hex[:12]}"

    def send(self, message: str) -> List[Dict[str, Any]]:
        response = requests.post(self.url, json={"sender": self.sender, "message": message}, timeout=30)
        response.raise_for_status()
        return response.json()

    def say(self, message: str) -> str:
        """Send a message and return all reply texts joined."""
        return "\n".join(m.get("text", "") for m in self.send(message))


@pytest.fixture(scope="session")
def rasa_url() -> str:
    url = os.environ.get("RASA_URL")
    if not url:
        pytest.fail("RASA_URL is not set: run these through `make test`")
    requests.get(url, timeout=10).raise_for_status()
    return url


@pytest.fixture
def chat(rasa_url: str) -> Chat:
    return Chat(rasa_url)
