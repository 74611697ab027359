"""Knowledge answers: short bilingual explanations of loan terms, overdue debt and credit reports.

The texts live in ``topics.yml`` (one entry per topic; intent ``ask_<id>``); the figures that change
(the LPR and its date) live in ``rates.yml``. Answers carry the placeholders ``{lpr_1y}``,
``{lpr_5y}``, ``{lpr_date}`` and ``{lpr_cap}``; :func:`answer` fills them and appends the source line.
The private-lending cap ``lpr_cap`` (4 x one-year LPR) is computed here, never stored.

Optional fields: ``keywords`` (words in either language that show a short follow-up belongs to the
topic, :func:`keyword_score`) and, for ``named_product``, ``products`` (names the borrower may use and
the one sentence facts.md §11.7 allows about each, :func:`product_line`).

Pure Python (PyYAML and Decimal); no Rasa imports, so the content can be tested without a model.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Dict, List

import yaml

HERE = Path(__file__).resolve().parent
TOPICS_PATH = HERE / "topics.yml"
RATES_PATH = HERE / "rates.yml"

AREAS = ("loan_terms", "overdue", "credit_repair")
LANGUAGES = ("zh", "en")
REQUIRED_FIELDS = ("id", "area", "zh", "en", "source_zh", "source_en")
MAX_RELATED = 2
SOURCE_PREFIX = {"zh": "来源：", "en": "Source: "}

__all__ = [
    "AREAS",
    "LANGUAGES",
    "load_topics",
    "rates",
    "answer",
    "area_topics",
    "source_line",
    "keyword_score",
    "product_line",
]


@cache
def load_topics() -> Dict[str, dict]:
    """All topics by id, in file order. Raises ValueError naming the topic if an entry is incomplete."""
    raw = yaml.safe_load(TOPICS_PATH.read_text("utf-8")) or {}
    entries = raw.get("topics") if isinstance(raw, dict) else raw
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{TOPICS_PATH.name}: expected a non-empty list under 'topics'")
    topics: Dict[str, dict] = {}
    for index, entry in enumerate(entries):
        name = entry.get("id") if isinstance(entry, dict) else None
        label = f"topic {name!r}" if name else f"topic #{index + 1} (no id)"
        if not isinstance(entry, dict):
            raise ValueError(f"{label}: entry is not a mapping")
        missing = [f for f in REQUIRED_FIELDS if not isinstance(entry.get(f), str) or not entry[f].strip()]
        if missing:
            raise ValueError(f"{label}: missing or empty field(s) {', '.join(missing)}")
        if entry["area"] not in AREAS:
            raise ValueError(f"{label}: unknown area {entry['area']!r} (expected one of {', '.join(AREAS)})")
        if name in topics:
            raise ValueError(f"{label}: duplicate id")
        related = entry.get("related") or []
        if not isinstance(related, list) or len(related) > MAX_RELATED:
            raise ValueError(f"{label}: 'related' must be a list of at most {MAX_RELATED} topic ids")
        clean = dict(entry)  # optional extra fields (e.g. button titles) pass through unchanged
        clean.update({f: entry[f].strip() for f in REQUIRED_FIELDS})
        clean["related"] = list(related)
        keywords = entry.get("keywords") or []
        if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
            raise ValueError(f"{label}: 'keywords' must be a list of words")
        clean["keywords"] = [k.strip().lower() for k in keywords]
        clean["products"] = _products(label, entry.get("products") or [])
        topics[name] = clean
    for name, entry in topics.items():
        unknown = [r for r in entry["related"] if r not in topics or r == name]
        if unknown:
            raise ValueError(f"topic {name!r}: 'related' names unknown topic(s) {', '.join(unknown)}")
    return topics


@cache
def _rates_file() -> dict:
    raw = yaml.safe_load(RATES_PATH.read_text("utf-8")) or {}
    try:
        values = {
            "lpr_1y": Decimal(str(raw["lpr_1y"])),
            "lpr_5y": Decimal(str(raw["lpr_5y"])),
            "cap_multiple": Decimal(str(raw.get("cap_multiple", 4))),
            "lpr_date": date.fromisoformat(str(raw["lpr_date"])),
        }
    except (KeyError, InvalidOperation, ValueError) as exc:
        raise ValueError(f"{RATES_PATH.name}: missing or unreadable value ({exc})") from exc
    values["source"] = str(raw.get("source", "")).strip()
    values["note"] = str(raw.get("note", "")).strip()
    return values


def rates() -> dict:
    """The LPR figures as Decimals (percent per year), their date, and the computed cap ``lpr_cap``."""
    values = dict(_rates_file())
    values["lpr_cap"] = values["lpr_1y"] * values["cap_multiple"]
    return values


def _placeholders(language: str) -> Dict[str, str]:
    r = rates()
    day = r["lpr_date"]
    when = f"{day.year}年{day.month}月{day.day}日" if language == "zh" else f"{day.day} {day:%B} {day.year}"
    return {
        "lpr_1y": str(r["lpr_1y"]),
        "lpr_5y": str(r["lpr_5y"]),
        "lpr_cap": str(r["lpr_cap"]),
        "lpr_date": when,
    }


def source_line(topic_id: str, language: str) -> str:
    topic = _topic(topic_id, language)
    return SOURCE_PREFIX[language] + topic[f"source_{language}"]


def _topic(topic_id: str, language: str) -> dict:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (expected zh or en)")
    try:
        return load_topics()[topic_id]
    except KeyError:
        raise KeyError(f"unknown topic {topic_id!r}") from None


def answer(topic_id: str, language: str) -> str:
    """The topic's answer in ``language`` with the figures filled in, then a newline and the source."""
    topic = _topic(topic_id, language)
    try:
        text = topic[language].format_map(_placeholders(language))
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"topic {topic_id!r} [{language}]: bad placeholder ({exc})") from exc
    return f"{text}\n{source_line(topic_id, language)}"


def area_topics(area: str) -> List[str]:
    """The topic ids of one area, in file order."""
    if area not in AREAS:
        raise ValueError(f"unknown area {area!r}")
    return [name for name, topic in load_topics().items() if topic["area"] == area]


def _products(label: str, products) -> List[dict]:
    if not isinstance(products, list):
        raise ValueError(f"{label}: 'products' must be a list")
    out = []
    for product in products:
        names = product.get("names") if isinstance(product, dict) else None
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise ValueError(f"{label}: every product needs 'names'")
        if not all(isinstance(product.get(lang), str) and product[lang].strip() for lang in LANGUAGES):
            raise ValueError(f"{label}: product {names[0]!r} needs zh and en text")
        out.append(
            {
                "names": [n.strip().lower() for n in names],
                "zh": product["zh"].strip(),
                "en": product["en"].strip(),
            }
        )
    return out


def _folded(text: str) -> str:
    from loancoach.text.normalize import normalize

    return normalize(text or "").lower()


def keyword_score(topic_id: str, text: str) -> int:
    """How many of the topic's keywords occur in ``text`` (traditional and full-width read as simplified)."""
    folded = _folded(text)
    return sum(1 for word in load_topics()[topic_id]["keywords"] if word in folded)


def product_line(topic_id: str, text: str, language: str) -> str:
    """The sentence about the product named in ``text``, or "" when no known product is named.

    Only the products listed in topics.yml are named; anything else gets the topic's generic answer.
    When several are named, the first listed wins (one sentence keeps the answer short).
    """
    folded = _folded(text)
    for product in _topic(topic_id, language)["products"]:
        if any(name in folded for name in product["names"]):
            return product[language]
    return ""
