"""The Rasa server's own replies: domain responses, plus the escalations written from clinic/.

Configured in endpoints.yml (`nlg: type: components.nlg.ClinicNaturalLanguageGenerator`).
Every response of the domain (domain/) is generated as Rasa's TemplatedNaturalLanguageGenerator
does. The responses in WRITTEN_HERE are written from clinic/server_replies.py instead (one
source for their wording, with the phone numbers of clinic.yml), so the red-flag
escalation needs no action server: the rules pick `utter_red_flag`, and the tier
comes from the NLU (components/red_flag_classifier.py).
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from clinic import server_replies as replies
from clinic.knowledge import default_knowledge_base
from clinic.settings import clinic
from clinic.understanding.red_flags import EMERGENCY, tier_of
from clinic.understanding.warning_sign_risks import risks_pointed_to

logger = logging.getLogger(__name__)


def red_flag_reply(tracker: DialogueStateTracker) -> replies.Reply:
    """The escalation for the tier of the latest message (emergency if it has none), with
    the risks the procedure's page mentions that the reported signs can point to."""
    tier = tier_of(tracker.latest_message.parse_data) or EMERGENCY
    try:
        page_risks = _page_risks(tracker)
    except Exception:  # noqa: BLE001 - the escalation itself must go out whatever happens here
        logger.exception("The page's risks could not be added to the escalation.")
        page_risks = ("", [])
    return replies.red_flag(tier, clinic(), page_risks=page_risks)


def _page_risks(tracker: DialogueStateTracker) -> Tuple[str, List[str]]:
    procedure = default_knowledge_base().procedures.get(str(tracker.get_slot("procedure") or ""))
    risks = procedure.answers.get("risks") if procedure else None
    if procedure is None or risks is None:
        return "", []
    return procedure.name, risks_pointed_to(tracker.latest_message.text or "", risks.text)


# response name -> the reply written for the tracker
WRITTEN_HERE: Dict[Text, Callable[[DialogueStateTracker], replies.Reply]] = {
    "utter_red_flag": red_flag_reply,
    "utter_bot_challenge": lambda tracker: replies.bot_challenge(clinic()),
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
