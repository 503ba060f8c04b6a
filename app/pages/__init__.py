"""Static pages: the accessibility statement."""

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.get("/toegankelijkheid")
def toegankelijkheid() -> str:
    """The accessibility statement that Dutch government websites must publish."""
    return render_template("pages/toegankelijkheid.html")
