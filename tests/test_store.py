from loancoach.records.store import (
    HandoffRequest,
    conversation_key,
    list_handoffs,
    record_handoff,
    session_scope,
)


def test_handoff_is_recorded_with_a_reference_and_redacted_context(db_url):
    ticket = record_handoff(
        "user-42", "zh", "user_request", ["我手机13812345678", "身份证110101199003071234"], url=db_url
    )
    assert ticket.reference == "H000001"
    rows = list_handoffs(url=db_url)
    assert len(rows) == 1
    row = rows[0]
    assert row.language == "zh" and row.reason == "user_request" and row.status == "open"
    assert "13812345678" not in row.context and "110101199003071234" not in row.context
    assert "[手机号/PHONE]" in row.context
    # the sender id itself is not stored, only a stable pseudonym
    assert row.conversation == conversation_key("user-42") != "user-42"


def test_references_increase(db_url):
    first = record_handoff("a", "en", "fallback", [], url=db_url)
    second = record_handoff("b", "en", "user_request", [], url=db_url)
    assert (first.reference, second.reference) == ("H000001", "H000002")


def test_a_failed_unit_of_work_is_rolled_back(db_url):
    try:
        with session_scope(db_url) as session:
            session.add(HandoffRequest(created_at=None, conversation="x", language="zh", reason="r"))
            session.flush()
    except Exception:
        pass
    assert list_handoffs(url=db_url) == []
    record_handoff("c", "zh", "user_request", [], url=db_url)  # the store still works afterwards
    assert len(list_handoffs(url=db_url)) == 1
