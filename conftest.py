"""Registers the shared fixtures (real services, namespaces, corpus) for every test package."""

pytest_plugins = ["disclosure_shared.testing.fixtures"]
