"""Within-table identities (SPEC §3.1, I-01…I-20): one printed table against itself."""
