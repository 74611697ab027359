"""Counselors' reporting: weekly report, charts, grouping of messages."""
