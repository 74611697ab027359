"""A crawler clicks every button the assistant offers, as a borrower in the widget would.

From the greeting in each language it clicks every offered button breadth-first to depth 4, plus every
button under every knowledge answer, a calculator result and an ad check. No reply may be the
fallback or "don't know how to answer", no turn may be silent, and the language stays the user's.
A (reply, button) pair already explored is not explored again; the number of distinct paths covered
is printed and written to results/crawl.json. Needs the trained model and a real action server.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import deque

import pytest
import yaml
from conftest import PROJECT_ROOT as ROOT
from conftest import copy_conversation

pytestmark = pytest.mark.model

DEPTH = 4
HAN = re.compile(r"[\u4e00-\u9fff]")
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))
# The replies that mean "not understood": a click must never get one.
NOT_UNDERSTOOD = {
    v["text"].strip() for name in ("utter_default", "utter_ask_rephrase") for v in DOMAIN["responses"][name]
}
TOPICS = sorted(i for i in DOMAIN["intents"] if isinstance(i, str) and i.startswith("ask_"))
GREETING = {"zh": "你好", "en": "hello"}
CALCULATION = {
    "zh": ["借5万，年化18%，分24期", "月薪8000"],
    "en": ["borrow 50,000 at 18% APR over 24 months", "my income is 8000 a month"],
}
AD = {
    "zh": "这个广告靠谱吗：黑户秒下，先交500保证金",
    "en": "is this ad legit: bad credit OK, pay a 500 deposit first and get the loan today",
}


def language_ok(text: str, language: str) -> bool:
    han = len(HAN.findall(text))
    return han > 0 if language == "zh" else han <= max(12, len(text) // 15)  # en may quote a term: 征信


class Crawler:
    def __init__(self, agent, loop, language):
        self.agent, self.loop, self.language = agent, loop, language
        self.paths = 0
        self.seen: set[tuple[str, str]] = set()
        self.problems: list[str] = []
        self.had: dict[tuple, str] = {}  # (opening, payloads clicked) -> the conversation that said them

    def send(self, sender, text):
        return self.loop.run_until_complete(self.agent.handle_text(text, sender_id=sender))

    def replay(self, opening: list[str], clicks: list[dict]):
        """A new conversation: the opening messages, then the clicks; returns the last replies.

        Breadth-first, the conversation up to the last click was had (and checked) before: it is copied
        into the new conversation instead of being said again, and only the last click is sent."""
        sender = f"crawl-{uuid.uuid4().hex[:10]}"
        replies = []
        steps = [(t, t) for t in opening] + [(b["payload"], b["title"]) for b in clicks]
        before = self.had.get((tuple(opening), tuple(b["payload"] for b in clicks[:-1])))
        if clicks and before:
            copy_conversation(self.agent, self.loop, before, sender)
            steps = steps[-1:]
        for sent, shown in steps:
            replies = self.send(sender, sent)
            self.check(opening, clicks, shown, replies)
        self.had[(tuple(opening), tuple(b["payload"] for b in clicks))] = sender
        return replies

    def check(self, opening, clicks, shown, replies):
        where = " > ".join([*opening, *(b["title"] for b in clicks)])
        texts = [r.get("text") or "" for r in replies]
        if not any(t.strip() for t in texts):
            self.problems.append(f"silent after {shown!r}: {where}")
        for text in texts:
            if text.strip() in NOT_UNDERSTOOD:
                self.problems.append(f"not understood after {shown!r}: {where}")
            if text.strip() and not language_ok(text, self.language):
                self.problems.append(f"wrong language after {shown!r}: {where}: {text[:60]!r}")

    def crawl(self, opening: list[str], depth: int):
        queue = deque([[]])
        while queue:
            clicks = queue.popleft()
            replies = self.replay(opening, clicks)
            self.paths += 1
            if len(clicks) >= depth:
                continue
            last_text = "\n".join(r.get("text") or "" for r in replies)
            for reply in replies:
                for button in reply.get("buttons") or []:
                    key = (last_text, button["payload"])
                    if key not in self.seen:
                        self.seen.add(key)
                        queue.append([*clicks, button])


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_button_works_in_every_flow(agent, loop, language):
    crawler = Crawler(agent, loop, language)
    crawler.crawl([GREETING[language]], DEPTH)
    greeting_paths = crawler.paths
    switch = "用中文" if language == "zh" else "in English please"
    for topic in TOPICS:  # every knowledge answer's buttons, one level down
        crawler.crawl([switch, f"/{topic}"], 1)
    crawler.crawl(CALCULATION[language], 2)  # the calculator's questions and its result
    crawler.crawl([AD[language]], 1)
    out = ROOT / "results" / f"crawl_{language}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"paths": crawler.paths, "from_greeting": greeting_paths}, indent=1))
    print(f"\n{language}: {crawler.paths} distinct paths ({greeting_paths} from the greeting, depth {DEPTH})")
    assert not crawler.problems, "\n".join(crawler.problems[:30])
    assert greeting_paths > 20
