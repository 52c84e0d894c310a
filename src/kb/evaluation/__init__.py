"""Measuring relevance: metrics over graded queries, and a scratch index to run them on."""
