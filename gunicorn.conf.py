"""gunicorn's settings for this app, read from the working directory (`gunicorn wsgi:app`).

The first Excel export after a change of the data builds the whole workbook; at 50 times the
seed's size that takes longer than gunicorn's default 30 s, after which the worker would be
killed mid-answer. Once built, it is kept per data revision and answers at once.
"""

timeout = 120
