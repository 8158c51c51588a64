"""The curator's pages under /curate: log in with the token, the review queue, person edit with preview, audit log.

Every change is previewed (a dry run) and confirmed; forms carry the session's CSRF token and
the person's version, so a stale form is refused instead of overwriting someone's edit.
"""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from zhiren.app.auth import csrf_token, curation_enabled, current_curator, log_in, log_out, require_csrf
from zhiren.app.backends import backends
from zhiren.app.curation_api import MAX_PAGE, query_text
from zhiren.app.curation_changes import operation_label, worded_lines
from zhiren.app.i18n import translate
from zhiren.authority.curation.curator import Curator, Outcome
from zhiren.authority.curation.describe import describe
from zhiren.authority.curation.operations import EXTERNAL_ID_PATTERNS, SETTABLE
from zhiren.authority.curation.requests import Change, checked_id, person_change, review_change, undo_change
from zhiren.authority.model import NameType
from zhiren.store.derived import apply_and_sync

blueprint = Blueprint("curate", __name__, url_prefix="/curate")


@blueprint.before_request
def guard() -> ResponseReturnValue | None:
    """Curation off (no token): say so, no login form. Otherwise CSRF on every post, and a live session."""
    if not curation_enabled():
        return render_template("curate/disabled.html"), 403
    if request.method == "POST":
        require_csrf()
    if request.endpoint != "curate.login" and current_curator() is None:
        return redirect(url_for("curate.login", next=request.path))
    return None


@blueprint.context_processor
def form_helpers() -> dict[str, Any]:
    return {"csrf_token": csrf_token, "curator": current_curator(), "operation_label": operation_label}


def _curator() -> Curator:
    return Curator(backends().graph, current_curator() or "curator")


def _apply(change: Change) -> Outcome:
    return apply_and_sync(backends().graph, backends().derived, current_curator() or "curator", change)


def same_site_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None.

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so ``/<TAB>/evil``
    and ``/\\evil`` both lead to ``//evil``: another site. Only a plain ``/path`` passes.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(unicodedata.category(char)[0] in "CZ" for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if request.method == "POST":
        log_in(request.form.get("token", ""), request.form.get("curator", ""))
        return redirect(same_site_path(request.form.get("next")) or url_for("curate.queue"))
    return render_template("curate/login.html", next=same_site_path(request.args.get("next")) or "")


@blueprint.post("/logout")
def logout() -> ResponseReturnValue:
    log_out()
    return redirect(url_for("web.index"))


@blueprint.get("/")
def queue() -> str:
    source = query_text("source")
    links = backends().graph.queued_mentions(50, query_text("after"), 0.0, source)
    return render_template("curate/queue.html", links=links, source=source or "")


@blueprint.post("/review")
def review() -> ResponseReturnValue:
    form = request.form.to_dict()
    if form.get("other", "").strip():  # a person typed in beats the candidate ticked
        form["person"] = form["other"].strip()
    outcome = _apply(review_change(backends().graph, form))
    params = outcome.entry.params
    flash(
        translate(
            "已记录：{decision}，提及 {mention}（审计记录 {entry}）",
            decision=operation_label(params["decision"]),
            mention=params["mention"],
            entry=outcome.entry.id,
        )
    )
    return redirect(url_for("curate.queue", source=request.form.get("source") or None))


@blueprint.get("/person/<person_id>")
def person(person_id: str) -> ResponseReturnValue:
    graph = backends().graph
    record = graph.get_person(checked_id(person_id), mention_limit=200)
    if record.redirected_from:
        return redirect(url_for("curate.person", person_id=record.person.id), code=301)
    return render_template(
        "curate/person.html",
        record=record,
        version=_curator().version(record.person.id),
        name_types=[t.value for t in NameType],
        settable=SETTABLE,
        schemes=list(EXTERNAL_ID_PATTERNS),
    )


@blueprint.post("/person/<person_id>/<operation>")
def change(person_id: str, operation: str) -> ResponseReturnValue:
    confirmed = request.form.get("confirm") == "1"
    outcome = _apply(person_change(operation, person_id, {**request.form.to_dict(), "dry_run": not confirmed}))
    if not confirmed:
        fields = {k: v for k, v in request.form.items() if k not in ("csrf", "confirm")}
        return render_template(
            "curate/preview.html",
            title=f"{operation_label(operation)} {person_id}",
            changes=worded_lines(describe(outcome.entry.before, outcome.entry.after)),
            action=url_for("curate.change", person_id=person_id, operation=operation),
            back=url_for("curate.person", person_id=person_id),
            fields=fields,
        )
    flash(
        translate(
            "已写入：{operation}（审计记录 {entry}）", operation=operation_label(operation), entry=outcome.entry.id
        )
    )
    return redirect(url_for("curate.person", person_id=person_id))


@blueprint.get("/audit")
def audit() -> str:
    person_id = query_text("person")
    entries = _curator().history(person_id, MAX_PAGE // 10, query_text("before"))
    rows = [(e, worded_lines(describe(e.before, e.after))) for e in entries]
    return render_template("curate/audit.html", rows=rows, person=person_id or "")


@blueprint.post("/undo/<entry_id>")
def undo(entry_id: str) -> ResponseReturnValue:
    confirmed = request.form.get("confirm") == "1"
    outcome = _apply(undo_change(entry_id, {**request.form.to_dict(), "dry_run": not confirmed}))
    if not confirmed:
        return render_template(
            "curate/preview.html",
            title=f"{operation_label('undo')} {entry_id}",
            changes=worded_lines(describe(outcome.entry.before, outcome.entry.after)),
            action=url_for("curate.undo", entry_id=entry_id),
            back=url_for("curate.audit"),
            fields={"reason": request.form.get("reason", "")},
        )
    flash(translate("已撤销：{undone}（审计记录 {entry}）", undone=entry_id, entry=outcome.entry.id))
    return redirect(url_for("curate.audit"))
