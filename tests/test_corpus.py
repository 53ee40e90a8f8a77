"""Whole-pipeline scores: the project's own corpus (must be perfect) and the
real seed notices of ../shared (at least 0.95; skipped when ../shared is absent)."""
from __future__ import annotations

from pathlib import Path

import pytest
from scoring import score

ROOT = Path(__file__).resolve().parents[1]
CORPUS_LABELS = ROOT / "corpus" / "labels.json"
SEED_LABELS = ROOT.parent / "shared" / "corpus" / "seeds" / "labels.json"


def test_own_corpus_scores_perfectly() -> None:
    result = score(CORPUS_LABELS)
    print("\n" + result.table())
    assert not result.errors
    assert result.wrong == []


@pytest.mark.skipif(not SEED_LABELS.exists(), reason="../shared/corpus/seeds is not here")
def test_seed_notices_score() -> None:
    result = score(SEED_LABELS)
    print("\n" + result.table())
    assert not result.errors
    assert result.precision() >= 0.95 and result.recall() >= 0.95
