"""incident-brief: turn raw incident notes into a one-page executive report."""

__version__ = "0.1.0"
