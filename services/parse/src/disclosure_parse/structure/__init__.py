"""Structure stage: a disclosure (PDF or text export) -> document info, tables, claims, findings.

The entry point is `parsing.parse_disclosure`:

    parse_disclosure(data, content_type, pages) -> ParsedContent
      ├── pdf_source / text_source   physical table blocks (RawTable) with their surrounding text
      ├── merge                      page continuations joined into logical tables
      ├── build                      classify, header -> columns, rows
      ├── document                   kind / scope / year / organization / region / title
      └── claims/                    numbers stated in the narrative
"""
