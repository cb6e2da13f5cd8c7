"""Shared core: configuration, SQL and graph stores, extensions, errors, OpenAPI."""
