"""The register of the Kamer's toezeggingen and moties, and the documents that fulfil them."""

from flask import Blueprint

bp = Blueprint("kamer", __name__)

from app.kamer import routes  # noqa: E402,F401  (routes attach themselves to bp)
