"""Entry point for `flask --app wsgi` and WSGI servers."""

from app import create_app
from app.garbage_collection import tune_for_serving

tune_for_serving()
app = create_app()
