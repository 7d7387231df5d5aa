"""Review flags and gap questions for the report as it will be shown (computed after the last engine step)."""
