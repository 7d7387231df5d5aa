"""Batch: many notes documents in, one report each, a manifest and a portfolio rollup out."""
