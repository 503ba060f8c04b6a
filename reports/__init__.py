"""Pure report builders: data in, .docx / .xlsx bytes out (no Flask, no database session).

The voortgangsbrief exports (Word, Excel) and the Excel import of party updates live here;
the web app serves them from `app/exports` and the CLI runs them.
"""
