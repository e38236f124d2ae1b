"""Helpers for the project's tests (importable code, not tests): PDF makers and fakes."""
