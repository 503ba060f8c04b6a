"""The public projection of the tracker: what anyone may read, in one typed shape.

Reports (`reports/`), the open-data API and its CSV downloads build from these models, never from
the database rows directly. A field is public because it is listed here; internal notes, account
names and e-mail addresses have no field, so no reader can leak them by forgetting to drop them.
"""
