"""The Rasa server's own replies: domain responses, plus the escalations written from clinic/.

Configured in endpoints.yml (`nlg: type: components.nlg.ClinicNaturalLanguageGenerator`).
Every response of the domain (domain/) is generated as Rasa's TemplatedNaturalLanguageGenerator
does. The responses in WRITTEN_HERE are written from clinic/server_replies.py instead (one
source for their wording, with the phone numbers of clinic.yml), so the red-flag
escalation needs no action server: the rules pick `utter_red_flag`, and the tier
comes from the NLU (components/red_flag_classifier.py).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from clinic import server_replies as replies
from clinic.settings import clinic
from clinic.understanding.red_flags import EMERGENCY, tier_of


def red_flag_reply(tracker: DialogueStateTracker) -> replies.Reply:
    """The escalation for the tier of the latest message (emergency if it has none)."""
    return replies.red_flag(tier_of(tracker.latest_message.parse_data) or EMERGENCY, clinic())


# response name -> the reply written for the tracker
WRITTEN_HERE: Dict[Text, Callable[[DialogueStateTracker], replies.Reply]] = {
    "utter_red_flag": red_flag_reply,
}


class ClinicNaturalLanguageGenerator(TemplatedNaturalLanguageGenerator):
    """Domain responses as usual; those in WRITTEN_HERE from clinic/server_replies.py."""

    def __init__(
        self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None, **_: Any
    ) -> None:
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        """The response as a bot message dict (text, buttons), or None if there is none."""
        write = WRITTEN_HERE.get(utter_action)
        if write is None:
            return await super().generate(utter_action, tracker, output_channel, **kwargs)
        reply = write(tracker)
        return {"text": reply.text, "buttons": list(reply.buttons)}
