"""Routes of the calendar feeds and of the page that explains how to subscribe to them.

Public feeds (all milestones, per afspraak, per partij, toezeggingen and moties) carry the public
plan only. The personal feed sits behind a secret token in its address, because calendar clients
cannot log in; it adds the latest internal note, which is why it is private.

Clients poll often, so every feed answers conditional requests: the ETag is a hash of the body
(which only changes when the data does), and public feeds also send Last-Modified.
"""

import gzip
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response as BaseResponse

from app.afspraken.cache import current_werkagenda
from app.afspraken.queries import Werkagenda
from app.auth.permissions import login_required
from app.clock import today
from app.db import get_session, writes_on_get
from app.domain.ownership import owner_ids
from app.feeds import bp
from app.feeds.builder import CalendarEvent, CalendarInfo, build_calendar
from app.feeds.events import (
    FeedOptions,
    commitment_events,
    in_afspraak,
    in_window,
    mijlpaal_events,
    owned_by,
)
from app.feeds.forms import option_args, parse_feed_options
from app.feeds.queries import FeedData, find_partij, load_feed_data
from app.feeds.tokens import active_token, create_token, feed_owner, revoke_tokens
from app.pagination import PARAM, group_by, paginate
from app.read_model import kept, kept_html

# What clients are asked to keep between fetches (REFRESH-INTERVAL, X-PUBLISHED-TTL): the plan
# changes a few times a month, so a few hours is fresh enough and spares the server.
REFRESH = timedelta(hours=6)
# How long a browser or proxy may reuse a feed without asking (then it asks with the ETag).
MAX_AGE = int(timedelta(minutes=15).total_seconds())


class _AppLinks:
    """Absolute links to the app's pages, for the "Meer informatie" line of each event."""

    def afspraak(self, code: str, anchor: str | None = None) -> str:
        return url_for("afspraken.detail", code=code, _anchor=anchor, _external=True)

    def home(self) -> str:
        return url_for("overview.index", _external=True)


def webcal(url: str) -> str:
    """The address for "subscribe" links: webcal:// opens the reader's calendar app."""
    return "webcal://" + url.split("://", 1)[1]


def feed_link(endpoint: str, title: str, **values: str) -> "FeedLink":
    """A feed to subscribe to, for the afspraak and partij pages."""
    id_ = "feed-" + re.sub(r"[^A-Za-z0-9]+", "-", "-".join([endpoint, *values.values()]))
    return _feed_link(id_, title, endpoint, {}, **values)


bp.add_app_template_global(feed_link, "feed_link")


def _options() -> FeedOptions:
    options, errors = parse_feed_options(request.args)
    if errors:
        abort(400, description=" ".join(errors.values()))
    return options


def _data(*, mijlpalen: bool = True, commitments: bool = False) -> FeedData:
    """What the feeds show, kept per data revision (read, never change)."""
    day = today()
    return kept(
        ("feed data", day, mijlpalen, commitments),
        lambda session: load_feed_data(
            session=session,
            today=day,
            mijlpalen=mijlpalen,
            commitments=commitments,
            werkagenda=current_werkagenda(day) if mijlpalen else None,
        ),
    )


@dataclass(frozen=True)
class FeedBody:
    """A built feed: the calendar and the latest change of anything it shows (or that left it).

    Kept gzip-compressed: every worker keeps its feeds per data revision, and at 50 times the
    seed's size the feed of everything is 3 MB of text (gzip makes it a tenth of that). Calendar
    clients and browsers take gzip, so the kept bytes go out as they are; another client gets
    them unpacked. `etag` is of the calendar itself."""

    compressed: bytes
    etag: str
    last_modified: datetime | None

    @classmethod
    def of(cls, body: bytes, last_modified: datetime | None) -> "FeedBody":
        # mtime=0: the same calendar gives the same bytes, whenever it is built.
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        return cls(packed, hashlib.sha256(body).hexdigest()[:32], last_modified)


def _public(build: Callable[[], FeedBody], options: FeedOptions) -> FeedBody:
    """A public feed's body, built once per data revision for its feed, options, host (the feed
    names its own address) and day. Keyed by the parsed options, not the raw query string, so an
    address with extra parameters gets the same kept body instead of building one anew."""
    view_args = tuple(sorted((request.view_args or {}).items()))
    key = ("feed", request.endpoint, view_args, options, request.host_url, today())
    return kept(key, lambda _session: build())


def _feed_body(
    info: CalendarInfo,
    events: list[CalendarEvent],
    options: FeedOptions,
    *,
    version: datetime | None = None,
) -> FeedBody:
    events, left_window = in_window(events, today(), options.months_back)
    body = build_calendar(info, events, reminder_days=options.reminder_days)
    # The latest change of anything shown, also of events that left this feed since.
    stamps = [e.last_modified for e in events]
    stamps += [s for s in (version, left_window) if s is not None]
    return FeedBody.of(body, max(stamps, default=None))


def _calendar(feed: FeedBody, *, filename: str, private: bool = False) -> BaseResponse:
    """The feed as a conditional response: 304 when the client's copy is still current; in gzip
    when the client takes it (with its own ETag, as each encoding of a body has)."""
    if request.accept_encodings["gzip"]:
        response = Response(feed.compressed, mimetype="text/calendar")  # "; charset=utf-8" added
        response.headers["Content-Encoding"] = "gzip"  # so app/compression.py leaves it as it is
        response.set_etag(f"{feed.etag}-gzip")
    else:
        response = Response(gzip.decompress(feed.compressed), mimetype="text/calendar")
        response.set_etag(feed.etag)
    response.vary.add("Accept-Encoding")
    response.headers["Content-Disposition"] = f'inline; filename="{secure_filename(filename)}"'
    if private:
        # No Last-Modified: the feed follows the account's parties, and changes to those carry no
        # timestamp, so a date could claim "unchanged" for a body that changed. The ETag cannot.
        response.cache_control.private = True
    else:
        if feed.last_modified is not None:
            response.last_modified = feed.last_modified
        response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.make_conditional(request)
    # make_conditional adds a Date header, and every WSGI server sends its own: one is enough.
    response.headers.pop("Date", None)
    return response


def _info(
    name: str, description: str, options: FeedOptions, endpoint: str, **values: Any
) -> CalendarInfo:
    return CalendarInfo(
        name=f"Werkagenda E5 – {name}",
        description=description,
        refresh=REFRESH,
        url=url_for(endpoint, _external=True, **values, **option_args(options)),
        page_url=url_for("feeds.index", _external=True),
    )


@bp.get("/agenda/mijlpalen.ics")
def mijlpalen() -> BaseResponse:
    """Every milestone of the Werkagenda."""
    options = _options()

    def build() -> FeedBody:
        data = _data()
        info = _info(
            "mijlpalen",
            "Alle mijlpalen van de Werkagenda Betere beschikbaarheid geneesmiddelen (AZWA E5).",
            options,
            "feeds.mijlpalen",
        )
        events = mijlpaal_events(data.mijlpalen, _AppLinks(), options)
        return _feed_body(info, events, options, version=data.version)

    return _calendar(_public(build, options), filename="werkagenda-e5-mijlpalen.ics")


@bp.get("/agenda/afspraken/<code>.ics")
def afspraak(code: str) -> BaseResponse:
    """The milestones of one afspraak and its sub-afspraken; a removed one's come as cancelled."""
    options = _options()
    if code not in _data().titles:
        abort(404, description=f"Afspraak '{code}' bestaat niet.")

    def build() -> FeedBody:
        data = _data()
        info = _info(
            f"afspraak {code}",
            f"Mijlpalen van afspraak {code}: {data.titles[code]}.",
            options,
            "feeds.afspraak",
            code=code,
        )
        events = mijlpaal_events(in_afspraak(data, code), _AppLinks(), options)
        return _feed_body(info, events, options, version=data.version)

    return _calendar(_public(build, options), filename=f"werkagenda-e5-afspraak-{code}.ics")


@bp.get("/agenda/partijen/<code>.ics")
def partij(code: str) -> BaseResponse:
    """The milestones of every afspraak the party writes or works on."""
    options = _options()
    found = find_partij(code, session=get_session())
    if found is None or found.id is None:
        abort(404, description=f"Partij '{code}' bestaat niet.")
    partij_id = found.id

    def build() -> FeedBody:
        data = _data()
        codes = owned_by(data, frozenset({partij_id}))
        info = _info(
            found.code,
            f"Mijlpalen van de afspraken waarvan {found.name} opsteller is of waaraan zij "
            "meewerkt.",
            options,
            "feeds.partij",
            code=code,
        )
        rows = [row for row in data.mijlpalen if row.afspraak_code in codes]
        events = mijlpaal_events(rows, _AppLinks(), options)
        return _feed_body(info, events, options, version=data.version)

    return _calendar(_public(build, options), filename=f"werkagenda-e5-partij-{code}.ics")


@bp.get("/agenda/toezeggingen.ics")
def toezeggingen() -> BaseResponse:
    """The deadlines of toezeggingen and moties to the Kamer."""
    options = _options()

    def build() -> FeedBody:
        data = _data(mijlpalen=False, commitments=True)
        info = _info(
            "toezeggingen en moties",
            "Termijnen van toezeggingen en moties aan de Tweede Kamer rond de Werkagenda E5.",
            options,
            "feeds.toezeggingen",
        )
        events = commitment_events(data.commitments, _AppLinks(), options)
        return _feed_body(info, events, options, version=data.version)

    return _calendar(_public(build, options), filename="werkagenda-e5-toezeggingen.ics")


@bp.get("/agenda/persoonlijk/<token>.ics")
@writes_on_get
def persoonlijk(token: str) -> BaseResponse:
    """One user's feed, opened by the secret in its address: the milestones and commitments of
    their parties' afspraken (everything for secretariaat and lezers), with internal notes."""
    options = _options()
    db = get_session()
    owner = feed_owner(token, session=db)
    if owner is None:
        abort(
            404,
            description=(
                "Dit persoonlijke agenda-adres bestaat niet of is ingetrokken. Maak een nieuw "
                "adres op de pagina Agenda."
            ),
        )
    sees_everything, partij_ids = owner.sees_everything, owner.partij_ids

    def build() -> FeedBody:
        data = _data(commitments=True)
        links = _AppLinks()
        if sees_everything:
            rows, commitments = data.mijlpalen, data.commitments
        else:
            codes = owned_by(data, partij_ids)
            rows = [row for row in data.mijlpalen if row.afspraak_code in codes]
            commitments = [c for c in data.commitments if set(c.afspraak_codes) & codes]
        info = CalendarInfo(
            name="Werkagenda E5 – mijn agenda",
            description=(
                "Persoonlijke agenda met mijlpalen en Kamertermijnen, inclusief interne notities. "
                "Deel deze agenda niet."
            ),
            refresh=REFRESH,
            page_url=url_for("feeds.index", _external=True),
            private=True,
        )
        events = mijlpaal_events(rows, links, options, private=True)
        events += commitment_events(commitments, links, options)
        feed = _feed_body(info, events, options)
        return feed

    # Kept per data revision for what the feed depends on besides the data: whose parties (or
    # everything), the options and the app's address in its links; never by the token itself.
    parties = None if sees_everything else partij_ids
    feed = kept(
        ("personal feed", parties, options, request.host_url, today()), lambda _session: build()
    )
    response = _calendar(feed, filename="werkagenda-e5-persoonlijk.ics", private=True)
    db.commit()  # when the token was last used; last, so nothing is read after the commit
    return response


@dataclass(frozen=True)
class FeedLink:
    """One subscribable feed on the page."""

    id: str
    title: str
    url: str
    webcal: str


def _feed_link(
    id_: str, title: str, endpoint: str, args: dict[str, str], **values: Any
) -> FeedLink:
    url = url_for(endpoint, _external=True, **values, **args)
    return FeedLink(id_, title, url, webcal(url))


@bp.get("/agenda")
def index() -> Any:
    """How to subscribe: every feed with its webcal link, and the personal link's management."""
    options, errors = parse_feed_options(request.args)
    html = _index_page(options, errors)
    return html, 400 if errors else 200


def _index_page(
    options: FeedOptions,
    errors: dict[str, str],
    *,
    new_token: str | None = None,
    replaced: bool = False,
) -> str:
    db = get_session()
    werkagenda = current_werkagenda(today())
    args = option_args(options)
    general = [
        _feed_link("feed-mijlpalen", "Alle mijlpalen", "feeds.mijlpalen", args),
        _feed_link("feed-toezeggingen", "Toezeggingen en moties", "feeds.toezeggingen", args),
    ]
    # Rendered once per data revision, options, page and host: only data, no visitor. Other
    # parameters make no copy of their own (and stay out of the page links). The options are
    # apart from the query: after a POST they come from the form.
    lists = kept_html(
        (
            tuple(sorted(args.items())),
            request.args.get(PARAM, ""),
            request.host_url,
            werkagenda.today,
        ),
        "feeds/partials/lists.html",
        lambda: _lists(werkagenda, args),
    )
    token = active_token(current_user.id, session=db) if current_user.is_authenticated else None
    personal = None
    if new_token:
        personal = _feed_link("feed-persoonlijk", "", "feeds.persoonlijk", args, token=new_token)
    return render_template(
        "feeds/index.html",
        options=options,
        errors=errors,
        general=general,
        lists=lists,
        token=token,
        personal=personal,
        replaced=replaced,
        args=args,
    )


def _lists(werkagenda: Werkagenda, args: dict[str, str]) -> dict[str, Any]:
    # 50 top-level afspraken a page (each with its sub-afspraken): at 50 times the seed's size
    # one feed link per afspraak made the page 765 KB.
    page, page_problem = paginate(
        group_by(werkagenda.afspraken, lambda view: view.parent_code or view.code), request.args
    )
    afspraken = [
        (view, _feed_link(f"feed-afspraak-{i}", "", "feeds.afspraak", args, code=view.code))
        for i, view in enumerate(page.items)
    ]
    owners = frozenset().union(*(owner_ids(view.deelnames) for view in werkagenda.afspraken))
    partijen = [
        (p, _feed_link(f"feed-partij-{i}", "", "feeds.partij", args, code=p.code))
        for i, p in enumerate(sorted(werkagenda.partijen, key=lambda p: p.name.lower()))
        if p.id in owners
    ]
    return {
        "afspraken": afspraken,
        "afspraken_count": len(werkagenda.afspraken),
        "page": page,
        "page_problem": page_problem,
        "page_args": args,
        "partijen": partijen,
    }


@bp.post("/agenda/persoonlijk")
@login_required
def new_token() -> Any:
    """Make a personal link (revoking the old one) and show it, this once."""
    options, errors = parse_feed_options(request.form)
    db = get_session()
    had_one = active_token(current_user.id, session=db) is not None
    token = create_token(current_user.id, session=db)
    html = _index_page(
        options if not errors else FeedOptions(), {}, new_token=token, replaced=had_one
    )
    db.commit()  # after rendering, so nothing is read after it
    response = Response(html)
    # The page holds the secret: keep it out of caches and the back/forward history.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/agenda/persoonlijk/intrekken")
@login_required
def revoke_token() -> Any:
    """Revoke the personal link; calendars that use it get no more updates, from now on."""
    db = get_session()
    count = revoke_tokens(current_user.id, session=db)
    db.commit()
    if count:
        flash(
            "Uw persoonlijke agenda-adres is ingetrokken. Agenda's die het gebruiken, krijgen "
            "geen updates meer.",
            "ok",
        )
    else:
        flash("U had geen persoonlijk agenda-adres; er is niets ingetrokken.", "info")
    return redirect(url_for("feeds.index", _anchor="persoonlijk"))
