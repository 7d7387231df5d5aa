"""Security suite: each test reproduces a finding of the hardening review (issue: hardening, round two)."""
