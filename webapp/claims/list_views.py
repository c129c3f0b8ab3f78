"""The claims list: search, filters, sorting and pagination; and the tag suggestions."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from webapp import db
from webapp.claims import queries, search
from webapp.claims.blueprint import bp
from webapp.claims.filter_forms import ClaimFilterForm
from webapp.core.permissions import Role, require_role

__all__ = ["bp"]

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@bp.app_template_filter("verdict_colour")
def verdict_colour(colour: str) -> str:
    """A rating's colour if it is a plain ``#rrggbb`` value, else neutral grey (it lands in CSS)."""
    return colour if _COLOUR.fullmatch(colour or "") else "#777777"


def _list_url(cursor: str | None) -> str:
    # Built by hand, not with url_for: the query string is user input, and names such as
    # "_external" would be read by url_for as options.
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "after" and v != ""]
    if cursor:
        pairs.append(("after", cursor))
    return f"{request.path}?{urlencode(pairs)}" if pairs else request.path


def _notes(form: ClaimFilterForm, listing: queries.ClaimListing) -> list[str]:
    """What the page should say about how it read the search."""
    notes = []
    text = form.q.data or ""
    if text.strip() and not listing.searched:
        notes.append("There are no words to search for; showing claims matching the other filters.")
    if len(" ".join(text.split())) > search.MAX_QUERY_CHARS:
        notes.append(f"Only the first {search.MAX_QUERY_CHARS} characters were searched.")
    if request.args.get("sort") == "relevance" and not listing.searched:
        notes.append("Best match needs search words; sorted by newest recorded instead.")
    if listing.rank_skipped:
        notes.append(
            f"More than {queries.SEARCH_RANK_LIMIT:,} claims match, too many to rank by relevance: "
            "showing newest matches; refine your search."
        )
    return notes


@bp.route("/claims")
@require_role(Role.VIEWER)
def index() -> ResponseReturnValue:
    sess = db.session()
    form = ClaimFilterForm(request.args)
    if not form.validate():
        return render_template("claims/index.html", form=form, listing=None), 400
    cursor = request.args.get("after")
    listing = queries.list_claims(
        sess,
        form.filters(),
        cursor,
        per_page=current_app.config["PAGE_SIZE"],
        count_limit=queries.SEARCH_RANK_LIMIT,
    )
    form.sort.data = listing.sort
    return render_template(
        "claims/index.html",
        form=form,
        listing=listing,
        notes=_notes(form, listing),
        any_claims=bool(listing.total) or queries.any_claims(sess),
        next_url=_list_url(listing.page.next_cursor) if listing.page.next_cursor else None,
        first_url=_list_url(None) if cursor else None,
    )


@bp.route("/claims/tags/suggest")
@require_role(Role.VIEWER)
def tag_suggest() -> ResponseReturnValue:
    """Tags for the tags input's suggestions: ``[{"value", "label"}]``, at most 10."""
    rows = queries.tag_suggestions(db.session(), request.args.get("q", ""))
    return jsonify(
        [
            {"value": name, "label": f"{name} ({count} claim{'' if count == 1 else 's'})"}
            for name, count in rows
        ]
    )
