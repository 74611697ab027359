"""Read messages with a trained model (Rasa's own parsing), for the report's check of taught messages.
Used lazily by ``loancoach report``; the engine imports no Rasa."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from typing import Dict, List, Sequence


def parse_all(model_path: str, texts: Sequence[str]) -> List[Dict]:
    """``[{"intent": name, "confidence": float}, ...]`` for ``texts``, in order."""
    from rasa.core.agent import Agent

    logging.getLogger("rasa").setLevel(logging.WARNING)
    with contextlib.redirect_stdout(io.StringIO()):  # Rasa's structlog prints each parse to stdout
        agent = Agent.load(model_path)

    async def parse() -> List[Dict]:
        results = []
        for text in texts:
            parsed = await agent.parse_message(text)
            intent = parsed.get("intent") or {}
            results.append({"intent": intent.get("name"), "confidence": float(intent.get("confidence") or 0)})
        return results

    with contextlib.redirect_stdout(io.StringIO()):
        return asyncio.run(parse())
