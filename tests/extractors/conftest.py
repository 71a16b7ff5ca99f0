"""Helpers for the rule tests that run a short page through process_item (no Prefect)."""
from __future__ import annotations

import pytest

from extractors.model import SourceItem
from extractors.process import process_item


def _claims(title: str, body: str, path: str = "page.md") -> list[dict]:
    """The claims of a one-page Jekyll page (``.md``) or HTML page with this title and body."""
    page = f"---\ntitle: '{title}'\n---\n\n{body}\n" if path.endswith(".md") else \
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    result = process_item(SourceItem(path, page.encode("utf-8")))
    assert result.documents[0]["status"] == "ok", result.documents[0]
    return result.claims


def _values(rows: list[dict], field: str) -> set[str]:
    return {c["value_id"] for c in rows if c["field"] == field and c["value_id"]}


@pytest.fixture()
def claims():
    return _claims


@pytest.fixture()
def values():
    return _values
