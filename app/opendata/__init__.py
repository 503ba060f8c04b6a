"""Tweede Kamer open data: reading an OData export of toezeggingen into the Kamer register
(`flask kamer import`, docs/kamer-open-data.md)."""
