"""Pseudonyms for sender ids: keyed hashes (HMAC-SHA256), so an id cannot be found again by hashing
every candidate (an 11-digit mobile number or an OpenID) the way a plain SHA-256 can.

The key is ``LOANCOACH_PSEUDONYM_KEY`` (at least 16 characters) if set; else a random key made once and
kept in ``pseudonym.key`` under :func:`loancoach.records.settings.var_dir` (readable by its owner only).
Every process that reads or writes the same records must use the same key: the Rasa server (tracker
store), the action server and the ``loancoach`` commands. With several servers, set the variable to the
same secret on each. Another key gives other pseudonyms, so the rows written under the old ones are no
longer found by sender id (they are still removed by ``loancoach purge`` when they are old enough).

Rows written before pseudonyms were keyed used the plain SHA-256; :func:`legacy_conversation_key` and
:func:`legacy_stored_sender_id` give those, for deleting such rows by sender id.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path

from loancoach.records.settings import var_dir
from loancoach.text.privacy import redact

logger = logging.getLogger(__name__)

KEY_VARIABLE = "LOANCOACH_PSEUDONYM_KEY"
KEY_FILE = "pseudonym.key"
MIN_KEY_CHARS = 16
MASKED_PREFIX = "masked-"


def pseudonym_key() -> bytes:
    """The key of every pseudonym: the environment variable, else the key file (made on first use)."""
    secret = os.environ.get(KEY_VARIABLE, "").strip()
    if secret:
        if len(secret) < MIN_KEY_CHARS:
            raise ValueError(f"{KEY_VARIABLE} must be at least {MIN_KEY_CHARS} characters long")
        return secret.encode("utf-8")
    return _stored_key((var_dir() / KEY_FILE).resolve())


@lru_cache(maxsize=8)
def _stored_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, draft = tempfile.mkstemp(dir=path.parent, prefix=".pseudonym-")  # mode 0600
        try:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(secrets.token_hex(32) + "\n")
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(draft, path)  # appears whole, once: a worker that comes second keeps the first
                logger.info("new pseudonym key in %s (set %s to choose your own)", path, KEY_VARIABLE)
            except FileExistsError:
                pass
        finally:
            os.unlink(draft)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        logger.warning("%s can be read by other users; make it readable by its owner only", path)
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_KEY_CHARS:
        raise ValueError(f"{path} holds no pseudonym key; delete it or set {KEY_VARIABLE}")
    return key.encode("ascii")


def pseudonym(value: str, length: int = 24) -> str:
    """``length`` hex digits of the HMAC-SHA256 of ``value``: the same for the same value and key."""
    return hmac.new(pseudonym_key(), value.encode("utf-8"), hashlib.sha256).hexdigest()[:length]


def conversation_key(sender_id: str) -> str:
    """The pseudonym our records keep for a sender id, so they can be grouped without storing the id."""
    return pseudonym(sender_id, 16)


def stored_sender_id(sender_id: str) -> str:
    """The conversation id to store in the tracker store for ``sender_id``: itself, unless it holds
    personal data (an SMS or WhatsApp sender is a phone number), then "masked-" and a pseudonym, so the
    tracker store can still find the conversation by it."""
    if not sender_id or redact(sender_id) == sender_id:
        return sender_id
    return MASKED_PREFIX + pseudonym(sender_id, 24)


def legacy_conversation_key(sender_id: str) -> str:
    """:func:`conversation_key` as it was before it was keyed (plain SHA-256): only to find old rows."""
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:16]


def legacy_stored_sender_id(sender_id: str) -> str:
    """:func:`stored_sender_id` as it was before it was keyed (plain SHA-256): only to find old rows."""
    if not sender_id or redact(sender_id) == sender_id:
        return sender_id
    return MASKED_PREFIX + hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:24]
