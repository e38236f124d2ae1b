"""Narrative claims: the numbers a disclosure states in its prose (entry point `extract.extract_claims`).

extract       numbers with their unit, direction and subject -> Claim
narrative     the 情况说明 part as headings / numbered items / prose, lines joined
subjects      what each number is about (类/款/项 phrase, section, printed words)
subject_codes function code of a 类/款/项 phrase from the document's tables
"""
