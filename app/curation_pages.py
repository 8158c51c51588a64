"""The curator's pages under /curate: log in with the token, the review queue, person edit with preview, audit log.

Every change is previewed (a dry run) and confirmed; forms carry the session's CSRF token and
the person's version, so a stale form is refused instead of overwriting someone's edit.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from zhiren.app.auth import csrf_token, current_curator, log_in, require_csrf
from zhiren.app.backends import backends
from zhiren.app.curation_api import MAX_PAGE
from zhiren.authority.curation.curator import Curator, Outcome
from zhiren.authority.curation.describe import describe, headline
from zhiren.authority.curation.operations import EXTERNAL_ID_PATTERNS, SETTABLE
from zhiren.authority.curation.requests import NAME_TYPES, PERSON_OPERATIONS, person_operation, review_operation
from zhiren.errors import InputError
from zhiren.store.search.sync import sync_outcome

blueprint = Blueprint("curate", __name__, url_prefix="/curate")


@blueprint.before_request
def guard() -> ResponseReturnValue | None:
    if request.method == "POST":
        require_csrf()
    if request.endpoint != "curate.login" and current_curator() is None:
        return redirect(url_for("curate.login", next=request.path))
    return None


@blueprint.context_processor
def form_helpers() -> dict[str, Any]:
    return {"csrf_token": csrf_token, "curator": current_curator()}


def _curator() -> Curator:
    return Curator(backends().graph, current_curator() or "curator")


def _synced(outcome: Outcome) -> Outcome:
    return sync_outcome(backends().graph, backends().search, outcome)


def _local(target: str | None) -> str:
    """Only redirect within this site after logging in."""
    return target if target and target.startswith("/") and not target.startswith("//") else url_for("curate.queue")


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if request.method == "POST":
        log_in(request.form.get("token", ""), request.form.get("curator", ""))
        return redirect(_local(request.form.get("next")))
    return render_template("curate/login.html", next=request.args.get("next", ""))


@blueprint.post("/logout")
def logout() -> ResponseReturnValue:
    session.clear()
    return redirect(url_for("web.index"))


@blueprint.get("/")
def queue() -> str:
    source = request.args.get("source") or None
    links = backends().graph.queued_mentions(50, request.args.get("after"), 0.0, source)
    return render_template("curate/queue.html", links=links, source=source or "")


@blueprint.post("/review")
def review() -> ResponseReturnValue:
    form = request.form.to_dict()
    if form.get("other", "").strip():  # a person typed in beats the candidate ticked
        form["person"] = form["other"].strip()
    outcome = _synced(_curator().run(review_operation(backends().graph, form), form.get("reason", "")))
    flash(f"recorded: {outcome.entry.params['decision']} for {outcome.entry.params['mention']} ({outcome.entry.id})")
    return redirect(url_for("curate.queue", source=request.form.get("source") or None))


@blueprint.get("/person/<person_id>")
def person(person_id: str) -> ResponseReturnValue:
    graph = backends().graph
    record = graph.get_person(person_id, mention_limit=200)
    if record.redirected_from:
        return redirect(url_for("curate.person", person_id=record.person.id), code=301)
    return render_template(
        "curate/person.html",
        record=record,
        version=_curator().version(record.person.id),
        name_types=list(NAME_TYPES),
        settable=SETTABLE,
        schemes=list(EXTERNAL_ID_PATTERNS),
    )


@blueprint.post("/person/<person_id>/<operation>")
def change(person_id: str, operation: str) -> ResponseReturnValue:
    if operation not in PERSON_OPERATIONS:
        raise InputError(f"unknown operation {operation!r}", field="operation")
    confirmed = request.form.get("confirm") == "1"
    outcome = _synced(
        _curator().run(
            person_operation(operation, person_id, request.form),
            request.form.get("reason", ""),
            dry_run=not confirmed,
            expected_version=request.form.get("version") or None,
        )
    )
    if not confirmed:
        fields = {k: v for k, v in request.form.items() if k not in ("csrf", "confirm")}
        return render_template(
            "curate/preview.html",
            title=f"{operation} {person_id}",
            changes=describe(outcome.entry.before, outcome.entry.after),
            action=url_for("curate.change", person_id=person_id, operation=operation),
            fields=fields,
        )
    flash(f"{operation} written as audit entry {outcome.entry.id}")
    return redirect(url_for("curate.person", person_id=person_id))


@blueprint.get("/audit")
def audit() -> str:
    person_id = request.args.get("person") or None
    entries = _curator().history(person_id, MAX_PAGE // 10, request.args.get("before") or None)
    rows = [(e, headline(e), describe(e.before, e.after)) for e in entries]
    return render_template("curate/audit.html", rows=rows, person=person_id or "")


@blueprint.post("/undo/<entry_id>")
def undo(entry_id: str) -> ResponseReturnValue:
    confirmed = request.form.get("confirm") == "1"
    outcome = _synced(_curator().undo(entry_id, request.form.get("reason", ""), dry_run=not confirmed))
    if not confirmed:
        return render_template(
            "curate/preview.html",
            title=f"undo {entry_id}",
            changes=describe(outcome.entry.before, outcome.entry.after),
            action=url_for("curate.undo", entry_id=entry_id),
            fields={"reason": request.form.get("reason", "")},
        )
    flash(f"undone: {entry_id} (audit entry {outcome.entry.id})")
    return redirect(url_for("curate.audit"))
