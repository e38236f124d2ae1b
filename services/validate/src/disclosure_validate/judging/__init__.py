"""Judging: how a difference becomes a finding. Tolerance and comparison (SPEC §3.0), the one
severity ladder, whether our extraction is suspect, and the finding builders every check calls."""
