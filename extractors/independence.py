"""What counts as independent evidence: who published a page, which pages are copies, which sources copy others.

Three pure steps, all before any vote (DESIGN.md step 7; README "Reconciliation"):

1. **Source of a page** (``source_of``): the first rule of the sources file that matches the page (a glob on its
   path, its canonical URL's host, a glob on that URL), else the host of the page's own canonical URL or permalink,
   else the first folder under the input root, else the file itself.
2. **Near-duplicate pages** (``fingerprint``, ``duplicate_clusters``): every page gets a MinHash sketch of its
   cleaned text (rensa's R-MinHash over word 3-shingles, computed once per page and kept in the page cache);
   pages about the same subject whose sketches LSH (rensa's RMinHashLSH) puts in one bucket and whose estimated
   Jaccard similarity reaches ``duplicates.threshold`` (schemas/rules/policies.yaml) are one cluster; every page
   but the cluster's first (in discovery order) gets ``duplicate_of`` = that first page's path, and its claims
   count for the first page's source. Only pages about the same subject are compared: a site that pastes one text
   under two muscles (a real error) is not a copy of itself, and the comparison stays within small groups.
3. **Dependence between sources** (``dependence``), after Dong, Berti-Equille and Srivastava, "Integrating
   Conflicting Data: The Role of Source Dependence" (VLDB 2009): for two sources that speak to the same
   (subject, field) groups, the values both give are counted as kt (a value the reconciliation keeps, and that at
   most ``rare_share`` of the other sources speaking to the group give: a common value says nothing), kf (a value
   the reconciliation disputes and ranks below another: sharing an error is the strongest sign of copying), and
   kd (a value one gives and the other gives nothing compatible with). With error rate e, n false values per
   object, copy probability c and prior a (policies.yaml):

       Pt = (1-e)^2, Pf = e^2/n, Pd = 1 - Pt - Pf                      (independent sources)
       Pt' = Pt(1-c) + c(1-e), Pf' = Pf(1-c) + c e, Pd' = Pd(1-c)       (one copies the other)
       odds(dependent) = a/(1-a) * (Pt'/Pt)^kt * (Pf'/Pf)^kf * (Pd'/Pd)^kd

   A pair whose posterior reaches ``threshold`` with at least ``min_shared`` shared values is dependent; dependent
   pairs join (transitively) into one witness, whose values count once. extractors.reconcile alternates this with
   the vote until the witnesses no longer change (the vote decides which shared values are errors).

No Prefect, no I/O but ``load_sources``.
"""
from __future__ import annotations

import base64
import fnmatch
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import yaml

from schemas import RULES_DIR

SHINGLE_WORDS = 3
NUM_PERM = 64
SEED = 17
_WORD = re.compile(r"\w+")


class SourcesError(ValueError):
    """The sources file cannot be used; the message names the entry and the fix."""


@lru_cache(maxsize=1)
def settings() -> dict:
    with (RULES_DIR / "policies.yaml").open(encoding="utf-8") as handle:
        rules = yaml.safe_load(handle)
    return {"duplicates": rules["duplicates"], "dependence": rules["dependence"]}


# ---- 1. sources -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SourceRule:
    name: str
    paths: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    trust: float | None = None

    def matches(self, path: str, url: str | None, host: str | None) -> bool:
        if any(fnmatch.fnmatchcase(path, pattern) for pattern in self.paths):
            return True
        if host and any(host == h or (h.startswith("*.") and host.endswith(h[1:])) for h in self.hosts):
            return True
        return bool(url) and any(fnmatch.fnmatchcase(url, pattern) for pattern in self.urls)


@dataclass(frozen=True)
class SourceRules:
    """The sources file, as loaded: rules in order (the first match wins)."""

    rules: tuple[SourceRule, ...] = ()

    def prior(self, source: str) -> float:
        """The prior trust the file gives the source, else 0.5 (nobody can tell)."""
        for rule in self.rules:
            if rule.name == source and rule.trust is not None:
                return rule.trust
        return 0.5

    def as_dict(self) -> list[dict]:
        return [{"name": r.name, "paths": list(r.paths), "hosts": list(r.hosts), "urls": list(r.urls),
                 "trust": r.trust} for r in self.rules]


NO_RULES = SourceRules()


def load_sources(path: Path | None) -> SourceRules:
    """The sources file (YAML: ``sources: [{name, paths, hosts, urls, trust}]``); a missing file means no rules.

        sources:
          - name: wikipedia
            hosts: [en.wikipedia.org, "*.wikipedia.org"]
            trust: 0.7
          - name: iaomai
            paths: ["html-iaomai/**"]
    """
    if path is None or not Path(path).is_file():
        return NO_RULES
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SourcesError(f"{path}: cannot be read as YAML ({error})") from error
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SourcesError(f"{path}: expected a list under 'sources:'")
    rules = []
    for index, entry in enumerate(entries):
        where = f"{path}: sources[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise SourcesError(f"{where}: every entry needs a name")
        unknown = set(entry) - {"name", "paths", "hosts", "urls", "trust"}
        if unknown:
            raise SourcesError(f"{where} ({entry['name']}): unknown keys {sorted(unknown)}")
        lists = {}
        for key in ("paths", "hosts", "urls"):
            value = entry.get(key) or []
            value = [value] if isinstance(value, str) else value
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SourcesError(f"{where} ({entry['name']}): {key} must be a list of strings")
            lists[key] = tuple(v.lower() if key == "hosts" else v for v in value)
        if not any(lists.values()):
            raise SourcesError(f"{where} ({entry['name']}): give paths, hosts or urls to match pages by")
        trust = entry.get("trust")
        if trust is not None and (isinstance(trust, bool) or not isinstance(trust, (int, float)) or not 0 < trust < 1):
            raise SourcesError(f"{where} ({entry['name']}): trust must be a number between 0 and 1 (exclusive)")
        rules.append(SourceRule(entry["name"].strip(), trust=None if trust is None else float(trust), **lists))
    return SourceRules(tuple(rules))


def url_host(url: str | None) -> str | None:
    """The host of an absolute URL ("https://en.wikipedia.org/wiki/X?utm_source=y" -> en.wikipedia.org)."""
    if not url or "//" not in url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


def source_of(path: str, permalink: str | None = None, rules: SourceRules = NO_RULES) -> str:
    """Who published the page (see the module docstring for the order)."""
    host = url_host(permalink)
    for rule in rules.rules:
        if rule.matches(path, permalink, host):
            return rule.name
    if host:
        return host
    file_path = PurePosixPath(path.split("#", 1)[0])
    return file_path.parts[0] if len(file_path.parts) > 1 else file_path.as_posix()


# ---- 2. fingerprints and near-duplicates ----------------------------------------------------------------

def shingles(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return list({" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)})


def fingerprint(text: str | None) -> str | None:
    """The page's R-MinHash sketch of its cleaned text, serialized (base64), None for a page without words."""
    from rensa import RMinHash

    tokens = shingles(text or "")
    if not tokens:
        return None
    sketch = RMinHash(num_perm=NUM_PERM, seed=SEED)
    sketch.update(tokens)
    return base64.b64encode(sketch.__reduce__()[2]).decode("ascii")


def _sketch(encoded: str):
    from rensa import RMinHash

    sketch = RMinHash(NUM_PERM, SEED)
    sketch.__setstate__(base64.b64decode(encoded))  # the pickle protocol's own state (rensa checks its version)
    return sketch


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of two fingerprints."""
    return _sketch(a).jaccard(_sketch(b))


def duplicate_clusters(pages: Iterable[tuple[str, str | None, str | None]]) -> dict[str, str]:
    """path -> path of the first page of its near-duplicate cluster, for every page that is a copy.

    ``pages``: (path, about_id, fingerprint) in discovery order; pages without a subject or a fingerprint are
    not compared. Clusters are the connected components of the near-duplicate pairs.
    """
    from rensa import RMinHashLSH

    rule = settings()["duplicates"]
    by_subject: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for order, (path, about_id, encoded) in enumerate(pages):
        if about_id and encoded:
            by_subject[about_id].append((order, path, encoded))
    first_of: dict[str, str] = {}
    for members in by_subject.values():
        if len(members) < 2:
            continue
        sketches = [_sketch(encoded) for _, _, encoded in members]
        lsh = RMinHashLSH(threshold=rule["threshold"], num_perm=NUM_PERM, num_bands=rule["bands"])
        for key, sketch in enumerate(sketches):
            lsh.insert(key, sketch)
        parent = list(range(len(members)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for key, sketch in enumerate(sketches):
            for other in lsh.query(sketch):
                if other > key and sketch.jaccard(sketches[other]) >= rule["threshold"]:
                    a, b = find(key), find(other)
                    parent[max(a, b)] = min(a, b)  # the root is the earliest page: members are in discovery order
        for key, (_, path, _) in enumerate(members):
            root = find(key)
            if root != key:
                first_of[path] = members[root][1]
    return first_of


# ---- 3. dependence between sources ------------------------------------------------------------------------

@dataclass
class PairEvidence:
    kt: int = 0
    kf: int = 0
    kd: int = 0
    shared: list[tuple[str, str, str, str]] = field(default_factory=list)  # (subject, field, value, "true"|"false")


def dependence_log_odds(evidence: PairEvidence) -> float:
    rule = settings()["dependence"]
    e, n, c, a = rule["error_rate"], rule["false_values"], rule["copy_probability"], rule["prior"]
    pt, pf = (1 - e) ** 2, e * e / n
    pd = 1 - pt - pf
    return (math.log(a / (1 - a)) + evidence.kt * math.log((pt * (1 - c) + c * (1 - e)) / pt)
            + evidence.kf * math.log((pf * (1 - c) + c * e) / pf) + evidence.kd * math.log(1 - c))


def posterior(evidence: PairEvidence) -> float:
    odds = dependence_log_odds(evidence)
    return 1.0 if odds > 700 else round(1 - 1 / (1 + math.exp(odds)), 4)


def is_dependent(evidence: PairEvidence) -> bool:
    rule = settings()["dependence"]
    return evidence.kt + evidence.kf >= rule["min_shared"] and posterior(evidence) >= rule["threshold"]


def pair_evidence(items: Iterable[tuple[str, str, dict[str, set[str]], set[str], object]]) -> dict[tuple, PairEvidence]:
    """Evidence per pair of sources from the groups: (subject, field, source -> its values, false values,
    compatible(a, b) -> bool). A group spoken to by more than ``max_group_sources`` sources is skipped (its pairs
    would be quadratic; such a value is common knowledge anyway)."""
    rule = settings()["dependence"]
    rare, cap = rule["rare_share"], rule["max_group_sources"]
    pairs: dict[tuple[str, str], PairEvidence] = defaultdict(PairEvidence)
    for subject, field_name, by_source, false_values, compatible in items:
        names = sorted(by_source)
        if len(names) < 2 or len(names) > cap:
            continue
        givers: dict[str, set[str]] = defaultdict(set)
        for name, values in by_source.items():
            for value in values:
                givers[value].add(name)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                evidence = pairs[(a, b)]
                va, vb = by_source[a], by_source[b]
                others = len(names) - 2
                for value in sorted(va & vb):
                    if value in false_values:
                        evidence.kf += 1
                        evidence.shared.append((subject, field_name, value, "false"))
                    elif others and (len(givers[value]) - 2) / others <= rare:
                        evidence.kt += 1
                        evidence.shared.append((subject, field_name, value, "true"))
                evidence.kd += sum(1 for v in va - vb if not any(compatible(v, w) for w in vb))
                evidence.kd += sum(1 for v in vb - va if not any(compatible(v, w) for w in va))
    return dict(pairs)


def witnesses(sources: Iterable[str], dependent: Iterable[tuple[str, str]]) -> dict[str, str]:
    """source -> its witness: the first (by name) source of its component of dependent pairs."""
    parent = {s: s for s in sources}

    def find(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    for a, b in dependent:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {s: find(s) for s in parent}
