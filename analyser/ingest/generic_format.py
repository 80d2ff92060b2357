"""The generic format (placeholder until written below)."""
