"""Readers: turn a disclosure's tables and text into typed views the checks reason about
(table lookups, narrative sentences and figures, prose paragraphs, printed cells of the
performance tables, project sheets, self-evaluation sections, project names). No findings here."""
