"""Vendors: companies and their categories, reviews, "ask my network" requests, and the trusted shortlist."""
