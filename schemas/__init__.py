"""Table contracts and controlled vocabularies: data, declared once, read by extractors and pipelines."""
from pathlib import Path

SCHEMAS_DIR = Path(__file__).resolve().parent
RULES_DIR = SCHEMAS_DIR / "rules"
VOCAB_DIR = SCHEMAS_DIR / "vocab"
LANG_DIR = SCHEMAS_DIR / "lang"
