"""Language of a page and of a block, among the supported languages only (schemas/lang/*.yaml).

Restricting lingua to the languages we have rules for keeps short anatomical strings from being
read as one of 75 others; a declared language (html lang, front matter) always wins.
"""
from __future__ import annotations

from functools import lru_cache

from extractors.lang import supported_languages

DETECTION_SAMPLE_CHARS = 3000  # enough prose for a stable answer; detection cost grows with length
LATIN_MIN_SHARE = 0.8  # Latin terms pepper every anatomy text: call a page Latin only when it clearly is


@lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in supported_languages()]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect(text: str, declared: str | None = None, default: str = "en") -> str:
    """ISO 639-1 code of ``text``: the declared language if supported, else lingua's best guess."""
    if declared:
        code = declared.split("-")[0].split("_")[0].lower()
        if code in supported_languages():
            return code
    sample = text[:DETECTION_SAMPLE_CHARS]
    if not sample.strip():
        return default
    confidences = _detector().compute_language_confidence_values(sample)
    if not confidences:
        return default
    best = confidences[0]
    code = best.language.iso_code_639_1.name.lower()
    if code == "la" and best.value < LATIN_MIN_SHARE and len(confidences) > 1:
        code = confidences[1].language.iso_code_639_1.name.lower()
    return code
