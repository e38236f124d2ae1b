"""Crawl service: discovers newly published disclosures on portals and feeds them to the pipeline."""
