"""Rasa input channels adapted to LoanCoach (referenced by class path in credentials.yml).

- ``channels.rest.RestInput``: Rasa's REST channel that answers 400 with what was wrong (zh + en)
  to a malformed request (not a JSON object, no string ``sender`` or ``message``) instead of 500.
- ``channels.socketio.SocketIOInput``: Rasa's socket.io channel that also refuses browsers from
  origins outside ``CORS_ORIGINS`` (Rasa's own turns the Engine.IO origin check off).
- ``channels.twilio.TwilioInput``: SMS has no buttons and no markdown, so buttons become numbered
  lines ("1. 逾期的后果") and a reply "1" chooses the first one; markdown is sent as plain text.
"""
