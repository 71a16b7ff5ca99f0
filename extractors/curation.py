"""Curator decisions: curation/decisions.yaml, read and checked before a run, applied last in reconciliation.

A decision accepts and/or rejects values of one (subject, field):

    decisions:
      - subject_id: TA98:A04.7.02.044
        field: nerve_root
        accept: [ROOT:S1, ROOT:S2]
        reject: [ROOT:L5]
        curator: J. Doe
        date: 2026-11-23
        note: Standard texts give S1–S2; L5 is a minor contribution in one source.

Accepted values become facts with status ``curated`` (whatever their support), rejected values leave
the facts, the (subject, field) conflict is closed with the decision recorded in it, and every fact
it touches keeps the decision in its provenance. A decision whose subject, field or values match no
claim of the run is reported (run.json, the conflicts report), never dropped silently.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REQUIRED = ("subject_id", "field", "curator", "date")


class CurationError(ValueError):
    """The decisions file cannot be used; the message names the entry and the fix."""


@dataclass(frozen=True)
class Decision:
    subject_id: str
    field: str
    accept: tuple[str, ...]
    reject: tuple[str, ...]
    curator: str
    date: str
    note: str = ""
    conflict_id: str | None = None

    def describe(self) -> str:
        parts = []
        if self.accept:
            parts.append("accept " + ", ".join(self.accept))
        if self.reject:
            parts.append("reject " + ", ".join(self.reject))
        text = f"{'; '.join(parts)} ({self.curator}, {self.date})"
        return f"{text}: {self.note}" if self.note else text


@dataclass
class CurationOutcome:
    applied: list[Decision] = field(default_factory=list)
    unmatched: list[tuple[Decision, str]] = field(default_factory=list)  # (decision, what did not match)

    def as_dict(self) -> dict:
        return {
            "applied": len(self.applied),
            "unmatched": [{"subject_id": d.subject_id, "field": d.field, "problem": why} for d, why in self.unmatched],
        }


EXAMPLE = "see the example at the top of extractors/curation.py or curation/decisions.yaml"


def load_decisions(path: Path) -> list[Decision]:
    """Decisions from a YAML file; a missing file means no decisions. Raises CurationError when malformed:
    the message names the file, the entry and what to change."""
    path = Path(path)
    if not path.exists():
        return []
    if path.is_dir():
        raise CurationError(f"{path} is a folder, not a decisions file; pass the YAML file with --curation FILE")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CurationError(f"{path}: not UTF-8 text (byte {error.start}); save the decisions file as UTF-8 "
                            "YAML") from None
    except OSError as error:
        raise CurationError(f"{path}: cannot be read ({error.strerror}); make it readable or pass another "
                            "--curation FILE") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CurationError(f"{path}: not valid YAML ({str(error).splitlines()[0]}); fix the syntax") from error
    except RecursionError:
        raise CurationError(f"{path}: nested too deeply to be a decisions file; {EXAMPLE}") from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise CurationError(f"{path}: the file must be a mapping with one key, decisions (a list), not a "
                            f"{type(data).__name__}; {EXAMPLE}")
    unknown = sorted(str(key) for key in data if key != "decisions")
    if unknown:
        raise CurationError(f"{path}: unknown top-level key(s) {', '.join(unknown)}: the file has one key, "
                            f"decisions; {EXAMPLE}")
    entries = data.get("decisions")
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise CurationError(f"{path}: 'decisions' must be a list of entries (each line starting with '- '); "
                            f"{EXAMPLE}")
    return [parse_decision(entry, f"{path}: decision {index + 1}") for index, entry in enumerate(entries)]


def parse_decision(entry, where: str) -> Decision:
    if not isinstance(entry, dict):
        raise CurationError(f"{where}: must be a mapping with {', '.join(REQUIRED)}, accept and/or reject; "
                            f"{EXAMPLE}")
    missing = [key for key in REQUIRED if not entry.get(key)]
    if missing:
        raise CurationError(f"{where}: missing {', '.join(missing)}; every decision names {', '.join(REQUIRED)}")
    accept, reject = _values(entry, "accept", where), _values(entry, "reject", where)
    if not accept and not reject:
        raise CurationError(f"{where}: give at least one value under accept or reject")
    if set(accept) & set(reject):
        raise CurationError(f"{where}: {sorted(set(accept) & set(reject))} both accepted and rejected; keep each "
                            "value under one of them")
    date = entry["date"]
    if isinstance(date, (dt.date, dt.datetime)):
        date = date.isoformat()
    return Decision(str(entry["subject_id"]), str(entry["field"]), accept, reject, str(entry["curator"]),
                    str(date), str(entry.get("note") or ""), entry.get("conflict_id"))


def _values(entry: dict, key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CurationError(f"{where}: {key} must be a list of value ids such as ROOT:S1")
    return tuple(value)
