"""The parser version: part of every record's identity; bump it when parse output can change."""

PARSER_VERSION = "0.4.3"
