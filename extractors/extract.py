"""Claims from a cleaned page: labelled fields, link lists and prose relation patterns.

Every claim carries the rule that produced it (label map, pattern or link rule), its span in the
cleaned text, the evidence sentence and qualifiers. Values are normalized by extractors.vocabulary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from extractors import vocabulary
from extractors.clean import Cleaned
from extractors.fields import field_specs
from extractors.hierarchy import same_whole
from extractors.lang import FALLBACK, LanguageRules, field_for_label, rules, setting
from extractors.nlp import norm
from extractors.model import Block, Claim
from extractors.roots import find_roots
from extractors.vocabulary import Analysis, Mention

MUSCLE_KINDS = frozenset({"muscle", "muscle_part"})
PROSE_KINDS = ("paragraph", "list_item", "heading")
SECTION_FIELD_MAX_WORDS = 14  # a block this short under a field heading ("Nerve Supply") is that field's value
DIRECT_ACTOR_WORDS = 3  # "the soleus inserts", "the soleus muscle then inserts": that muscle is the actor
NEGATION_WINDOW = 30  # characters before a motion in which a negation cancels it
NEGATED_TRIGGER_WINDOW = 12  # characters before a relation's trigger: "does not insert", "never arises"
CONFIDENCE = {"field": 0.95, "link": 0.9, "pattern": 0.75}
NORMALIZER_FACTOR = {"exact": 1.0, "context": 0.95, "composed": 0.95, "fuzzy": 0.85}
UNRESOLVED_CONFIDENCE = 0.3
HEDGED_FACTOR = 0.7
GRAY_NUMBER = re.compile(r"\d{1,4}")
TISSUE_KIND = "tissue"  # skin, dermis: what a muscle attaches to in the region or soft part named after it
SOFT_KINDS = frozenset({TISSUE_KIND, "soft_part"})
PLACE_KINDS = frozenset({"region", "soft_part", "digit"})  # where a tissue lies: "the skin OF THE chin"


@dataclass
class PageContext:
    """What extraction needs to know about the page besides its text."""

    subject_id: str
    lang: str
    cleaned: Cleaned
    analysis: Analysis
    permalink: str | None = None
    family: set[str] = field(default_factory=set)  # ids that stand for the subject: itself, its parts, its whole

    @property
    def text(self) -> str:
        return self.cleaned.text


def subject_family(subject_id: str, mentions: list[Mention]) -> set[str]:
    family = {subject_id}
    whole = vocabulary.parent(subject_id)
    if whole and vocabulary.kind(whole) in MUSCLE_KINDS:
        family.add(whole)
    family.update(m.value_id for m in mentions if m.value_id and vocabulary.parent(m.value_id) == subject_id)
    return family


def extract(ctx: PageContext) -> list[Claim]:
    ctx.analysis = Analysis(ctx.analysis.text, ctx.analysis.sentences, _refine_motions(ctx))
    ctx.family = subject_family(ctx.subject_id, ctx.analysis.mentions)
    claims: list[Claim] = []
    for block, offset in zip(ctx.cleaned.blocks, ctx.cleaned.offsets):
        label = _block_field_label(block)
        if label is not None:
            claims.extend(_field_claims(ctx, block, offset, label))
    claims.extend(_link_claims(ctx))
    claims.extend(_prose_claims(ctx))
    claims.extend(_whole_claims(ctx))
    return _unique(_settle_alternatives(claims, ctx))


# ---- labelled fields ------------------------------------------------------------------------------

def _block_field_label(block: Block) -> str | None:
    """The label a block's value answers to: its own, or its section heading's for a short block under a field
    heading ("Nerve Supply" / "Tibial nerve, L4, L5, S1, S2"), unless the block says it is about something else
    (an antagonist or an injury under "Function")."""
    if block.kind == "field":
        return block.label
    if block.kind in ("paragraph", "list_item") and block.section and len(block.text.split()) <= SECTION_FIELD_MAX_WORDS:
        if field_for_label(block.section, block.language, heading=True) is not None and not _off_topic(block):
            return block.section
    return None


def _off_topic(block: Block) -> bool:
    context = rules(block.language or FALLBACK).not_function_context
    return bool(context and context.search(block.text))


def _field_claims(ctx: PageContext, block: Block, offset: int, label: str) -> list[Claim]:
    ctx = replace(ctx, lang=block.language or ctx.lang)  # the block's own language (declared or detected)
    field_name, label_qualifier, label_lang = field_for_label(label, ctx.lang, heading=block.kind != "field")
    rule_id = f"{label_lang}.{'label' if block.kind == 'field' else 'section'}.{field_name}"
    value_start = offset + (block.value_start if block.kind == "field" else 0)
    value_end = offset + len(block.text)
    evidence = block.text
    qualifier = _part_qualifier(ctx, label_qualifier)
    make = lambda **kw: Claim(subject_id=ctx.subject_id, field=kw.pop("field", field_name), evidence=evidence,
                              method="field", rule_id=kw.pop("rule_id", rule_id),
                              language=ctx.lang, **kw)
    claims: list[Claim] = []
    if field_name in ("nerve", "nerve_root"):
        claims.extend(_root_claims(ctx, value_start, value_end, make, qualifier))
    if field_name == "gray_reference":
        return [make(value_text=m.group(0), char_start=value_start + m.start(), char_end=value_start + m.end(),
                     value_id=m.group(0), confidence=CONFIDENCE["field"])
                for m in GRAY_NUMBER.finditer(ctx.text[value_start:value_end])]
    if field_name in ("latin", "nerve_root") or field_name not in field_specs():
        return claims
    spec = field_specs()[field_name]
    kinds = spec.kinds
    values = _with_tissues(_mentions_between(ctx, value_start, value_end), kinds, spec.tissue_of)
    # "it originates from the parotid fascia and extends anteriorly to the corner of the mouth": soft parts after
    # a structure in a value say where the muscle runs to, not where it attaches
    first_structure = next((m.start for m, _ in values if m.kind not in SOFT_KINDS | spec.tissue_of), value_end)
    values = [(m, q) for m, q in values if m.kind not in SOFT_KINDS | spec.tissue_of or m.start < first_structure]
    mentions = [m for m, _ in values]
    if field_name == "nerve":
        mentions = _drop_parent_trunks(ctx, mentions)
    tissues = dict(values)
    for mention in mentions:
        claims.append(_claim_from_mention(make, mention, [*qualifier, *tissues[mention]], "field"))
    if not mentions and not claims:
        claims.extend(_unmatched_value(ctx, make, value_start, value_end, kinds, qualifier))
    return claims


def _unmatched_value(ctx, make, start: int, end: int, kinds, qualifier) -> list[Claim]:
    """A field value with no vocabulary mention: fuzzy per segment, else one unresolved claim."""
    claims = []
    value = ctx.text[start:end]
    for segment in re.finditer(r"[^,;]+", value):
        surface = segment.group(0).strip()
        if not surface:
            continue
        seg_start = start + segment.start() + segment.group(0).index(surface)
        # soft parts only by name: "parte alta de la nariz" is no typo of "ala de la nariz"
        found = vocabulary.resolve(surface, ctx.lang, set(kinds) - SOFT_KINDS, ctx.subject_id)
        if found is not None and found.value_id:
            claims.append(make(value_text=surface, char_start=seg_start, char_end=seg_start + len(surface),
                               value_id=found.value_id, value_label=found.label, qualifier=list(qualifier),
                               normalizer=found.method,
                               confidence=CONFIDENCE["field"] * NORMALIZER_FACTOR.get(found.method, 0.8)))
    if claims:
        return claims
    surface = value.strip()
    if not surface:
        return []
    seg_start = start + value.index(surface)
    return [make(value_text=surface, char_start=seg_start, char_end=seg_start + len(surface),
                 qualifier=list(qualifier), unresolved_reason="unknown", confidence=UNRESOLVED_CONFIDENCE)]


def _part_qualifier(ctx: PageContext, label_qualifier: str | None) -> list[str]:
    if not label_qualifier:
        return []
    part = vocabulary.resolve(label_qualifier, ctx.lang, set(MUSCLE_KINDS), ctx.subject_id)
    if part is not None and part.value_id and part.value_id != ctx.subject_id:
        return [f"part:{part.value_id}"]
    return [f"label:{label_qualifier}"]


def _drop_parent_trunks(ctx: PageContext, mentions: list[Mention]) -> list[Mention]:
    """"tibial nerve from the sciatic": a nerve introduced by "from the" after another is its trunk."""
    pattern = rules(ctx.lang).parent_trunk
    kept = []
    for index, mention in enumerate(mentions):
        before = ctx.text[mentions[index - 1].end:mention.start] if index else ""
        if index and pattern is not None and pattern.search(before):
            continue
        kept.append(mention)
    return kept


# ---- roots ----------------------------------------------------------------------------------------

def _root_claims(ctx: PageContext, start: int, end: int, make, qualifier: list[str], rule_id: str | None = None):
    claims = []
    segment_text = ctx.text[start:end]
    lang_rules = rules(ctx.lang)
    for root in find_roots(segment_text):
        cue = _root_cue(lang_rules, segment_text[: root.start])
        extra = {"rule_id": rule_id} if rule_id else {}
        claims.append(make(field="nerve_root", value_text=segment_text[root.start:root.end],
                           char_start=start + root.start, char_end=start + root.end,
                           value_id=root.value_id, value_label=root.segment,
                           qualifier=[*qualifier, *cue], normalizer="exact",
                           confidence=CONFIDENCE["field"], **extra))
    return claims


def _root_cue(lang_rules: LanguageRules, before: str) -> list[str]:
    """primary / minor from the words since the last clause break before the root."""
    clause = re.split(r"[,;]", before)[-1]
    return [name for name in ("primary", "minor") if (p := lang_rules.qualifiers.get(name)) and p.search(clause)][:1]


# ---- link lists (Jekyll sub-page navigation) ----------------------------------------------------

def _link_claims(ctx: PageContext) -> list[Claim]:
    """Links nested one level under the link to this page are its parts (has_part)."""
    claims = []
    blocks = list(zip(ctx.cleaned.blocks, ctx.cleaned.offsets))
    for index, (block, _) in enumerate(blocks):
        if block.kind != "link" or not ctx.permalink or block.target.rstrip("/") != ctx.permalink.rstrip("/"):
            continue
        for child, child_offset in blocks[index + 1:]:
            if child.kind != "link" or child.depth <= block.depth:
                break
            if child.depth != block.depth + 1:
                continue
            found = vocabulary.resolve(child.text, ctx.lang, {"muscle", "muscle_part"}, ctx.subject_id)
            claims.append(Claim(
                subject_id=ctx.subject_id, field="has_part", value_text=child.text, char_start=child_offset,
                char_end=child_offset + len(child.text), evidence=child.text, method="link",
                rule_id="link.subpage", value_id=found.value_id if found else None,
                value_label=found.label if found else None, language=ctx.lang,
                normalizer=found.method if found else None,
                unresolved_reason=None if found and found.value_id else "unknown",
                confidence=CONFIDENCE["link"] if found and found.value_id else UNRESOLVED_CONFIDENCE))
    return claims


# ---- prose ----------------------------------------------------------------------------------------

def _prose_spans(ctx: PageContext) -> list[tuple[int, int, str]]:
    """(start, end, language) of the prose blocks."""
    return [(offset, offset + len(block.text), block.language or ctx.lang)
            for block, offset in zip(ctx.cleaned.blocks, ctx.cleaned.offsets)
            if block.kind in PROSE_KINDS and _block_field_label(block) is None]


def _prose_claims(ctx: PageContext) -> list[Claim]:
    spans = _prose_spans(ctx)
    claims: list[Claim] = []
    for start, end in ctx.analysis.sentences:
        lang = next((lang for s, e, lang in spans if s <= start and end <= e), None)
        if lang is None:
            continue
        sentence = _Sentence(replace(ctx, lang=lang), rules(lang), start, end)
        claims.extend(sentence.claims())
    return claims


class _Sentence:
    def __init__(self, ctx: PageContext, lang_rules: LanguageRules, start: int, end: int):
        self.ctx, self.rules, self.start, self.end = ctx, lang_rules, start, end
        self.text = ctx.text[start:end]
        self.mentions = _mentions_between(ctx, start, end)
        # every muscle named, locators too: in "the tendon of the gastrocnemius inserts" the gastrocnemius is the actor
        self.muscles = [m for m in ctx.analysis.mentions if start <= m.start and m.end <= end and _is_muscle(m)]
        names = [(m.start, m.end) for m in self.mentions if _is_muscle(m)]
        self.triggers = sorted(
            ((start + m.start(), start + m.end(), relation) for relation in lang_rules.relations
             for m in relation.pattern.finditer(self.text)
             if not _inside(start + m.start(), start + m.end(), names)),  # "extensor" in "extensor digitorum longus"
            key=lambda t: t[0],
        )
        # Only another attachment-like relation ends a clause's values; an action word inside it does not.
        self.boundaries = [t for t in self.triggers if field_specs().get(t[2].field) and
                           field_specs()[t[2].field].scope == "clause"]
        hedge = lang_rules.qualifiers.get("hedged")
        self.hedged = bool(hedge and hedge.search(self.text))

    def make(self, **kw) -> Claim:
        qualifier = kw.pop("qualifier", [])
        confidence = kw.pop("confidence")
        if self.hedged:
            qualifier, confidence = [*qualifier, "hedged"], confidence * HEDGED_FACTOR
        return Claim(subject_id=self.ctx.subject_id, evidence=self.text.strip(), method="pattern",
                     language=self.ctx.lang, qualifier=qualifier, confidence=confidence, **kw)

    def claims(self) -> list[Claim]:
        out: list[Claim] = []
        used: set[tuple[str, int]] = set()
        for position, trigger_end, relation in self.triggers:
            spec = field_specs().get(relation.field)
            if relation.field == "action" or spec is None:
                continue
            if not self.about_subject(position) or self.negated_trigger(position):
                continue
            if relation.value is not None:
                out.append(self.make(field=relation.field, value_text=self.ctx.text[position:trigger_end],
                                     char_start=position, char_end=trigger_end, value_id=relation.value,
                                     value_label=relation.value.split(":", 1)[1], rule_id=relation.rule_id,
                                     normalizer="exact", confidence=CONFIDENCE["pattern"]))
                continue
            if relation.field == "nerve_root":
                out.extend(_root_claims(self.ctx, self.start, self.end, self.make_root(relation.rule_id), []))
                continue
            tissue_of = frozenset() if relation.kinds else spec.tissue_of  # "forms a tendon": tendons only
            for mention, tissues in self.values_for(relation, position, trigger_end, relation.kinds or spec.kinds,
                                                    tissue_of):
                if (relation.field, mention.start) in used:
                    continue
                used.add((relation.field, mention.start))
                qualifier = [*(self.part_before(position) if spec.inherited else []), *tissues]
                out.append(_claim_from_mention(self.make_field(relation.field, relation.rule_id), mention,
                                               qualifier, "pattern"))
        out.extend(self.action_claims())
        return out

    def make_root(self, rule_id: str):
        def make(**kw):
            kw.pop("rule_id", None)
            return self.make(rule_id=rule_id, **kw)
        return make

    def make_field(self, field_name: str, rule_id: str):
        return lambda **kw: self.make(field=field_name, rule_id=rule_id, **kw)

    def values_for(self, relation, position: int, trigger_end: int, kinds,
                   tissue_of: frozenset[str] = frozenset()) -> list[tuple[Mention, list[str]]]:
        """Values of the relation's kinds, each with its tissue qualifiers (_with_tissues): after the trigger up
        to the next attachment-like trigger, before it for inverted patterns ("… serve as the proximal
        attachment"), or anywhere for sentence scope."""
        field_name = relation.field
        if field_specs()[field_name].scope == "sentence":
            window = (self.start, self.end)
        elif relation.before:
            preceding = [t[1] for t in self.boundaries if t[1] <= position]
            window = (max(preceding, default=self.start), position)
        else:  # up to the next attachment-like trigger: "the lateral head originates from X, while the medial … from Y"
            following = [t[0] for t in self.boundaries if t[0] >= trigger_end]
            window = (trigger_end, min(following, default=self.end))
        values = _with_tissues([m for m in self.mentions if window[0] <= m.start and m.end <= window[1]],
                               kinds, tissue_of)
        found = [m for m, _ in values]
        if field_name == "nerve":
            found = _drop_parent_trunks(self.ctx, found)
        if field_name in ("has_part",):
            found = [m for m in found if m.value_id and vocabulary.parent(m.value_id) == self.ctx.subject_id]
        tissues = dict(values)
        return [(m, tissues[m]) for m in found if m.value_id != self.ctx.subject_id]

    def part_before(self, position: int) -> list[str]:
        parts = [m for m in self.mentions if m.end <= position and m.value_id and m.value_id in self.ctx.family
                 and vocabulary.parent(m.value_id) == self.ctx.subject_id]
        return [f"part:{parts[-1].value_id}"] if parts else []

    def about_subject(self, position: int) -> bool:
        """Is what the sentence says at ``position`` said of the page subject?

        Another muscle named just before the trigger ("the soleus inserts", "…, which inserts") is the
        actor, unless it is coordinated with the subject ("the gastrocnemius and the soleus attach", "both the
        long and short heads form a tendon that inserts" on the long head's page); otherwise the sentence's own
        subject decides: a pronoun or the subject at its start. A muscle inside a closed parenthesis or in a
        phrase a preposition governs ("join with the aponeuroses of the gastrocnemius muscles … and inserts",
        "(more superiorly than the origin of the semitendinosus) and attaches") is no actor.
        """
        named = [m for m in self.muscles if m.end <= position]
        if any(m.value_id not in self.ctx.family for m in named) and self.relative_clause_of(
                [m for m in named if m.value_id not in self.ctx.family][-1], position):
            return False  # "as opposed to the soleus, which has …": the clause is the soleus's, governed or not
        muscles = [m for m in named if not self.oblique(m, position)]
        others = [m for m in muscles if m.value_id not in self.ctx.family]
        if not others:
            return True
        last_other = others[-1]
        if self.elliptic_own(last_other):
            return True
        own = [m for m in muscles if m.value_id in self.ctx.family]
        if own and own[-1].start > last_other.start:
            return True
        if own and self.rules.coordination and self.rules.coordination.search(self.ctx.text[own[-1].end:last_other.start]):
            return True
        between = self.ctx.text[last_other.end:position]
        breaks = list(self.rules.clause_break.finditer(between)) if self.rules.clause_break else []
        if breaks:
            if self.relative_clause_of(last_other, position):
                return False
        elif "," not in between and len(between.split()) <= DIRECT_ACTOR_WORDS:
            return False
        pronoun = self.rules.subject_pronoun
        return muscles[0].value_id in self.ctx.family or bool(pronoun and pronoun.search(self.text))

    def relative_clause_of(self, muscle: Mention, position: int) -> bool:
        """"…, which inserts": the relative clause is about the noun before it (a muscle: not ours; the tendon the
        subject forms: ours); after "; this tendon …" the sentence's own subject decides."""
        between = self.ctx.text[muscle.end:position]
        breaks = list(self.rules.clause_break.finditer(between)) if self.rules.clause_break else []
        relative = self.rules.relative_pronoun
        if not breaks or not relative or not relative.search(breaks[-1].group(0)):
            return False
        cut = muscle.end + breaks[-1].start()
        return [m for m in self.mentions if m.end <= cut and m.kind != "action"][-1] is muscle

    def oblique(self, mention: Mention, position: int) -> bool:
        """Is the muscle inside a parenthesis closed before ``position``, or the object of a preposition (with the
        muscles coordinated before it: "than the semitendinosus and biceps femoris")?"""
        after = self.ctx.text[mention.end:position]
        if after.count(")") > after.count("("):
            return True
        pattern = _pattern(self.rules.code, "oblique")
        if pattern is None:
            return False
        first = mention
        for previous in reversed([m for m in self.muscles if m.end <= mention.start]):
            if not (self.rules.coordination and self.rules.coordination.search(self.ctx.text[previous.end:first.start])):
                break
            first = previous
        return bool(pattern.search(self.ctx.text[self.start:first.start]))

    def elliptic_own(self, mention: Mention) -> bool:
        """"the long and short heads": the word coordinated before a part's name, with the name's noun, names
        another part of the same whole; is it the subject (or one of its family)?"""
        pattern = _pattern(self.rules.code, "elliptic_coordination")
        whole = vocabulary.parent(mention.value_id) if mention.value_id else None
        found = pattern.search(self.ctx.text[self.start:mention.start]) if pattern and whole else None
        if found is None:
            return False
        sibling = vocabulary.resolve(f"{found.group(1)} {mention.text.split()[-1]}", self.ctx.lang,
                                     set(MUSCLE_KINDS), whole)
        return bool(sibling and sibling.value_id in self.ctx.family and sibling.value_id != mention.value_id
                    and vocabulary.parent(sibling.value_id) == whole)

    def action_claims(self) -> list[Claim]:
        actions = [m for m in self.mentions if m.kind == "action"]
        if not actions:
            return []
        context = self.rules.not_function_context
        if context is not None and context.search(self.text):
            return []
        triggers = [(p, e, r) for p, e, r in self.triggers if r.field == "action"]
        out = []
        for mention in actions:
            rule_id = self.action_trigger(mention, triggers)
            if rule_id is None or self.negated(mention) or not self.about_subject(mention.start):
                continue
            out.append(_claim_from_mention(self.make_field("action", rule_id), mention, [], "pattern"))
        return out

    def action_trigger(self, mention: Mention, triggers) -> str | None:
        """The rule that makes a motion an action of the muscle: a trigger in the sentence, or "to <motion>"."""
        overlapping = [r for p, e, r in triggers if p < mention.end and mention.start < e]
        if overlapping or triggers:
            return (overlapping or [triggers[0][2]])[0].rule_id
        purpose = self.rules.action_purpose
        before = self.ctx.text[max(self.start, mention.start - 20):mention.start]
        return purpose.rule_id if purpose and purpose.pattern.search(before) else None

    def negated_trigger(self, position: int) -> bool:
        """"the brachialis does not insert on the radius": a negation right before the relation's trigger."""
        negation = self.rules.negation
        window = self.ctx.text[max(self.start, position - NEGATED_TRIGGER_WINDOW):position]
        return bool(negation and negation.search(window))

    def negated(self, mention: Mention) -> bool:
        negation = self.rules.negation
        window = self.ctx.text[max(self.start, mention.start - NEGATION_WINDOW):mention.start]
        return bool(negation and negation.search(window))


def _whole_claims(ctx: PageContext) -> list[Claim]:
    """A page about a part (a head) names its whole: part_of, read from the whole's first mention."""
    whole = vocabulary.parent(ctx.subject_id)
    if not whole or vocabulary.kind(whole) != "muscle" or vocabulary.kind(ctx.subject_id) != "muscle_part":
        return []
    for mention in ctx.analysis.mentions:
        if mention.value_id == whole:
            sentence = next(((s, e) for s, e in ctx.analysis.sentences if s <= mention.start < e),
                            (mention.start, mention.end))
            return [Claim(subject_id=ctx.subject_id, field="part_of", value_text=mention.text,
                          char_start=mention.start, char_end=mention.end,
                          evidence=ctx.text[sentence[0]:sentence[1]].strip(), method="pattern",
                          rule_id="vocab.part_of.whole_named", value_id=whole, value_label=mention.label,
                          language=ctx.lang, normalizer=mention.method, confidence=CONFIDENCE["pattern"])]
    return []


def _settle_alternatives(claims: list[Claim], ctx: PageContext) -> list[Claim]:
    """A claim from an ambiguous trigger ("attach to": origin or insertion) whose value lies on the same whole as
    the page's claims of the alternative field (the femur, where the femur's condyles are origins) takes it."""
    alternatives = {r.rule_id: r.alternative for r in rules(ctx.lang).relations if r.alternative}
    settled = []
    for claim in claims:
        other = alternatives.get(claim.rule_id)
        if other and claim.value_id and any(
                c.field == other and c.value_id and c.rule_id not in alternatives and same_whole(c.value_id, claim.value_id)
                for c in claims):
            claim = replace(claim, field=other)
        settled.append(claim)
    return settled


# ---- motions: what the sentence says beyond the vocabulary's joint ---------------------------------

def _refine_motions(ctx: PageContext) -> list[Mention]:
    """The analysis's mentions with motions settled further from their sentence and page:

    - a plain rotation with a direction word ("internally (medially) rotate", "rotates the upper leg outward")
      is that rotation (rotation_direction in the language file);
    - a motion coordinated with the one before it ("arm abduction and flexion") shares its joint, unless its own
      word implies one (motion_coordination);
    - a motion left without a joint takes the nearest joint named before it in its sentence ("At the hip joint,
      it acts as a flexor, abductor, ... while at the knee joint, it acts as a flexor": joint_frame), else the one
      joint the page title names ("The gemellus inferior muscle of the hip").
    """
    mentions = list(ctx.analysis.mentions)
    if not any(m.kind == "action" for m in mentions):
        return mentions
    sentences = ctx.analysis.sentences
    title_joints = _title_joints(ctx)
    previous: Mention | None = None
    for index, mention in enumerate(mentions):
        if mention.kind != "action":
            continue
        lang = _language_at(ctx, mention.start)
        sentence = next(((s, e) for s, e in sentences if s <= mention.start < e), (mention.start, mention.end))
        joint, motion = _joint_motion(mention, lang)
        if motion == "rotation":
            motion = _rotation_direction(ctx.text, sentence, mention, lang) or motion
        coordination = setting(lang, "motion_coordination")
        if (joint and previous is not None and previous.value_id and sentence[0] <= previous.start
                and coordination and re.match(coordination, ctx.text[previous.end:mention.start], re.IGNORECASE)
                and not _implied_joint(mention.text, lang)):
            joint = previous.value_id[7:].partition(".")[0]
        if motion and not joint:
            frame = setting(lang, "joint_frame")
            joints = _joints_in(ctx.text[sentence[0]:mention.start], lang, frame) if frame else []
            joint = joints[-1] if joints else (title_joints[0] if len(title_joints) == 1 else None)
        value_id = f"ACTION:{joint}.{motion}" if joint and motion else None
        if value_id and value_id != mention.value_id and vocabulary.kind(value_id) == "action":
            mention = replace(mention, value_id=value_id, label=vocabulary.label(value_id), method="composed",
                              reason=None, candidates=())
            mentions[index] = mention
        previous = mention
    return mentions


def _language_at(ctx: PageContext, position: int) -> str:
    for block, offset in zip(ctx.cleaned.blocks, ctx.cleaned.offsets):
        if offset <= position < offset + len(block.text):
            return block.language or ctx.lang
    return ctx.lang


def _joint_motion(mention: Mention, lang: str) -> tuple[str | None, str | None]:
    if mention.value_id:
        joint, _, motion = mention.value_id[7:].partition(".")
        return joint, motion
    if mention.reason != "no_joint":  # ambiguous ("ankle flexion"): left as the vocabulary decided
        return None, None
    return None, _motion_words(lang).get(norm(mention.text))


def _rotation_direction(text: str, sentence: tuple[int, int], mention: Mention, lang: str) -> str | None:
    for motion, patterns in (setting(lang, "rotation_direction") or {}).items():
        if (re.search(patterns["before"], text[sentence[0]:mention.start], re.IGNORECASE)
                or re.search(patterns["after"], text[mention.end:sentence[1]], re.IGNORECASE)):
            return motion
    return None


def _implied_joint(text: str, lang: str) -> bool:
    """Does the motion word name its joint by itself ("plantarflexion", "Hüftbeugung")?"""
    return any(m.kind == "action" and m.value_id for m in vocabulary.analyze(text, lang).mentions)


@lru_cache(maxsize=None)
def _pattern(lang: str, key: str) -> re.Pattern | None:
    """A pattern of the language file that only extraction reads (setting), compiled."""
    value = setting(lang, key)
    return re.compile(value, re.IGNORECASE) if value else None


@lru_cache(maxsize=None)
def _motion_words(lang: str) -> dict[str, str]:
    return {norm(word): name.split(":", 1)[1] for name, words in vocabulary.action_forms(lang).items()
            if name.startswith("MOTION:") for word in words}


@lru_cache(maxsize=None)
def _joint_pattern(lang: str) -> re.Pattern | None:
    words = {norm(word): name.split(":", 1)[1] for name, words in vocabulary.action_forms(lang).items()
             if name.startswith("JOINT:") for word in words}
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


def _joints_in(text: str, lang: str, frame: str | None = None) -> list[str]:
    """The joints named in ``text`` by a joint word (not a segment: "the leg" says no joint), in order; with
    ``frame``, only those the frame pattern introduces ("at the hip joint")."""
    pattern = _joint_pattern(lang)
    if pattern is None:
        return []
    words = {norm(word): name.split(":", 1)[1] for name, words in vocabulary.action_forms(lang).items()
             if name.startswith("JOINT:") for word in words}
    folded = norm(text)
    return [words[m.group(0)] for m in pattern.finditer(folded)
            if frame is None or re.search(frame, folded[:m.start()], re.IGNORECASE)]


def _title_joints(ctx: PageContext) -> list[str]:
    first = ctx.cleaned.blocks[0] if ctx.cleaned.blocks else None
    if first is None or first.kind not in ("title", "heading"):
        return []
    return list(dict.fromkeys(_joints_in(first.text, first.language or ctx.lang)))


# ---- helpers --------------------------------------------------------------------------------------

def _is_muscle(mention: Mention) -> bool:
    """A muscle or a head of one (a "femoral triangle" filed under muscles in TA98 is neither)."""
    if mention.kind == "muscle":
        return True
    whole = vocabulary.parent(mention.value_id) if mention.value_id else None
    return mention.kind == "muscle_part" and whole is not None and vocabulary.kind(whole) == "muscle"


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _mentions_between(ctx: PageContext, start: int, end: int) -> list[Mention]:
    """Value mentions in [start, end), without locators: in "the ischial tuberosity of the pelvis" the pelvis only
    says where the (resolved) tuberosity is; after an unresolved "posterior surface" it is the value. A finger or
    toe is a value even so: in "the proximal phalanx of the thumb" it says which digit, which the phalanx (of the
    hand, of the foot) does not. A tissue's place is a value too ("the skin of the chin": _with_tissues); a soft
    part a structure locates is that structure's ("the lower lip of the posterior border", "the lateral lip of
    the bicipital groove"): the soft part is dropped, the structure kept."""
    inside = [m for m in ctx.analysis.mentions if start <= m.start and m.end <= end]
    locator = rules(ctx.lang).locator
    if locator is None:
        return inside
    dropped: set[int] = set()
    for i, m in enumerate(inside[1:], 1):
        previous = inside[i - 1]
        if not (previous.value_id and previous.kind != "action" and locator.match(ctx.text[previous.end:m.start])):
            continue
        if previous.kind in SOFT_KINDS and m.kind not in PLACE_KINDS | SOFT_KINDS:
            dropped.add(i - 1)
        elif not (m.kind == "digit" or (previous.kind == TISSUE_KIND and m.kind in PLACE_KINDS)):
            dropped.add(i)
    return [m for i, m in enumerate(inside) if i not in dropped]


def _with_tissues(mentions: list[Mention], kinds, tissue_of) -> list[tuple[Mention, list[str]]]:
    """The mentions that are values of a field of ``kinds``, each with its tissue qualifiers: a tissue (skin,
    dermis) is where the muscle attaches in the places of ``tissue_of`` kinds named after it in the window ("the
    skin of the masseteric region, chin and labial commissure"): those are the values, qualified tissue:<id>, and
    the tissue is none; a tissue with no place after it is the value itself ("inserts deep into the skin")."""
    out: list[tuple[Mention, list[str]]] = []
    tissues: list[Mention] = []
    placed: set[Mention] = set()
    for mention in mentions:
        if mention.kind == TISSUE_KIND and mention.kind in kinds:
            tissues.append(mention)
        elif tissues and mention.kind in tissue_of:
            placed.update(tissues)
            out.append((mention, list(dict.fromkeys(f"tissue:{t.value_id}" for t in tissues if t.value_id))))
            continue
        if mention.kind in kinds:
            out.append((mention, []))
    return [(m, q) for m, q in out if m not in placed]


def _claim_from_mention(make, mention: Mention, qualifier: list[str], method: str) -> Claim:
    if mention.value_id:
        confidence = CONFIDENCE[method] * NORMALIZER_FACTOR.get(mention.method, 0.8)
    else:
        confidence = UNRESOLVED_CONFIDENCE
    return make(value_text=mention.text, char_start=mention.start, char_end=mention.end,
                value_id=mention.value_id, value_label=mention.label, qualifier=list(qualifier),
                normalizer=mention.method, unresolved_reason=None if mention.value_id else (mention.reason or "unknown"),
                confidence=round(confidence, 3))


def _unique(claims: list[Claim]) -> list[Claim]:
    seen, out = set(), []
    for claim in claims:
        key = (claim.subject_id, claim.field, claim.value_id, claim.char_start, claim.char_end)
        if key not in seen:
            seen.add(key)
            out.append(claim)
    return out
