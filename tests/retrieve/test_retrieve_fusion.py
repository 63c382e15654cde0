"""Fusion of the dense and BM25 rankings, without an index."""

from __future__ import annotations

import numpy as np

from assistant.config import Settings
from assistant.retrieve.hybrid import Fusion, relative_fusion, rrf_fusion, weighted_fusion


def test_weighted_fusion_adds_dense_similarity_and_bm25_normalised_by_its_best():
    fused = weighted_fusion(np.array([1, 2]), np.array([0.9, 0.5]), np.array([2, 3]), np.array([4.0, 2.0]), 0.5)
    assert fused == {1: 0.45, 2: 0.25 + 0.5, 3: 0.25}


def test_relative_fusion_lets_a_narrow_band_of_cosines_count_as_much_as_bm25():
    # Cosines 0.90 / 0.88 / 0.86: raw, BM25 decides; spread over the candidates, the nearest in
    # meaning (row 1) beats the best in words (row 3) when both agree on nothing else.
    d_ids, d_scores = np.array([1, 2, 3]), np.array([0.90, 0.88, 0.86])
    b_ids, b_scores = np.array([3, 2, 1]), np.array([6.0, 5.0, 4.0])
    assert max(weighted_fusion(d_ids, d_scores, b_ids, b_scores, 0.6).items(), key=lambda kv: kv[1])[0] == 3
    fused = relative_fusion(d_ids, d_scores, b_ids, b_scores, 0.6)
    assert max(fused, key=fused.get) == 1
    assert fused[1] == 0.6 and abs(fused[2] - 0.5) < 1e-9 and fused[3] == 0.4


def test_relative_fusion_of_one_candidate_or_equal_scores_counts_them_fully():
    assert relative_fusion(np.array([7]), np.array([0.9]), np.array([7]), np.array([3.0]), 0.5) == {7: 1.0}
    assert relative_fusion(np.array([]), np.array([]), np.array([4, 5]), np.array([2.0, 2.0]), 0.5) == {4: 0.5, 5: 0.5}


def test_rrf_rewards_agreement_between_the_rankings():
    fused = rrf_fusion([1, 2], [2, 3], k=60)
    assert max(fused, key=fused.get) == 2 and fused[1] == 1 / 61 and fused[3] == 1 / 62


def test_the_configured_default_is_weighted():
    assert Fusion(Settings().fusion) is Fusion.WEIGHTED
