"""gunicorn's settings for this app, read from the working directory (`gunicorn wsgi:app`).

The first Excel export after a change of the data builds the whole workbook: a few seconds at
50 times the seed's size, more on a slow or busy machine. gunicorn's default of 30 s leaves too
little room, after which the worker would be killed mid-answer. Once built, the workbook is a
file per data revision (app/excel/store.py) and answers at once.
"""

timeout = 120
