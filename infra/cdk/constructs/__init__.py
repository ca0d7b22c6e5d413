"""Reusable constructs: one per repeated shape, never a pasted block."""
