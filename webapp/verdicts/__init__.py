"""Verdicts on claims, their evidence, and the rating scales they use."""
