"""Fusion of the dense and BM25 rankings, without an index."""

from __future__ import annotations

import numpy as np

from assistant.config import Settings
from assistant.retrieve.hybrid import Fusion, rrf_fusion, weighted_fusion


def test_weighted_fusion_adds_dense_similarity_and_bm25_normalised_by_its_best():
    fused = weighted_fusion(np.array([1, 2]), np.array([0.9, 0.5]), np.array([2, 3]), np.array([4.0, 2.0]), 0.5)
    assert fused == {1: 0.45, 2: 0.25 + 0.5, 3: 0.25}


def test_rrf_rewards_agreement_between_the_rankings():
    fused = rrf_fusion([1, 2], [2, 3], k=60)
    assert max(fused, key=fused.get) == 2 and fused[1] == 1 / 61 and fused[3] == 1 / 62


def test_the_configured_default_is_weighted():
    assert Fusion(Settings().fusion) is Fusion.WEIGHTED
