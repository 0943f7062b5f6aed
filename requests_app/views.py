"""Pages for the document catalogue and access requests: parse, one selector or action, render.

What a person may know of, read or do is decided by ``selectors`` and ``actions`` alone; these
views turn their answers into pages. NotFound is the ordinary 404 page (a secret document looks
exactly like a missing one), NotAllowed a 403 page, Conflict a 409 page that says what happened,
and Invalid the form again with a GOV.UK error summary (400).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from protocol_portal.council.errors import Invalid, NotAllowed, NotFound
from protocol_portal.council.pages import answers_action_errors, cannot, page_of
from protocol_portal.council.selectors import person_of

from . import actions
from .forms import (
    AccessRequestForm,
    CatalogueFilterForm,
    DeterminationForm,
    DisputeForm,
    ReferForm,
    RevokeForm,
    add_action_errors,
)
from .models import EXEMPT_PARAGRAPHS, AccessStatus, Classification
from .rules import explain
from .selectors import (
    access_request_for,
    access_requests_visible_to,
    catalogue_facets,
    document_for,
    documents_visible_to,
    own_requests_listed,
    request_events,
    requests_awaiting,
    search_documents,
)

_answers_action_errors = answers_action_errors(lambda kwargs: _back_link(kwargs))
_cannot = cannot
_page_of = page_of

ONLY_MEMBERS_AND_OFFICERS = ("Only councillors, co-opted members and council officers can use the document "
                             "catalogue and access requests. If you should be one of them, contact Democratic Services.")


def _back_link(kwargs):
    """Return the way back from a page saying an action could not be done."""
    if "public_id" in kwargs:
        return reverse("requests_app:request", args=[kwargs["public_id"]]), "Go back to the request"
    if "ref" in kwargs:
        return reverse("requests_app:document", args=[kwargs["ref"]]), "Go back to the document"
    return None


def _member_or_officer(request):
    person = person_of(request.user)
    if not (person.member or person.officer):
        raise NotAllowed(ONLY_MEMBERS_AND_OFFICERS)
    return person


# Documents -------------------------------------------------------------------------------------

@require_GET
@login_required
@_answers_action_errors
def document_list(request):
    """Show the catalogue: every document the person may know of, searchable, and whether they can read it."""
    person = _member_or_officer(request)
    today = timezone.localdate()
    visible = documents_visible_to(request.user, today=today)
    form = CatalogueFilterForm(request.GET or None, facets=catalogue_facets(visible))
    filters = form.filters()
    page, pagination = _page_of(request, search_documents(visible, **filters))
    return render(request, "requests_app/document_list.html", {
        "form": form, "page": page, "pagination": pagination, "filtered": any(filters.values()),
        "may_ask": person.member is not None and person.member.in_term_on(today),
    })


@require_GET
@login_required
@_answers_action_errors
def document_detail(request, ref):
    document = document_for(request.user, ref, today=timezone.localdate())
    return _document_page(request, document, AccessRequestForm())


@require_POST
@login_required
@_answers_action_errors
def document_request(request, ref):
    """Ask to see a document: the ACC rules decide at once, and the member lands on the request."""
    document = document_for(request.user, ref, today=timezone.localdate())
    form = AccessRequestForm(request.POST)
    if form.is_valid():
        try:
            access_request = actions.access_request_create(acting_user=request.user, document=document,
                                                           **form.cleaned_data)
        except Invalid as error:
            add_action_errors(form, error)
        else:
            _announce_request(request, access_request)
            return redirect("requests_app:request", public_id=access_request.public_id)
    return _document_page(request, document, form, status=400)


def _document_page(request, document, form, *, status=200):
    person = person_of(request.user)
    today = timezone.localdate()
    member = person.member
    in_term = member is not None and member.in_term_on(today)
    return render(request, "requests_app/document_detail.html", {
        "document": document,
        "form": form,
        "exempt_paragraphs": _exempt_paragraphs(document),
        "may_ask": in_term and not document.can_read,
        "out_of_term": member is not None and not in_term,
        "term_rule": explain(["ACC-TERM"])[0],
        "officer_rule": explain(["ACC-OFFICER"])[0],
        "earlier_requests": list(access_requests_visible_to(request.user).filter(document=document)[:5]) if member else [],
    }, status=status)


def _exempt_paragraphs(document):
    paragraphs = []
    for number in sorted(document.exempt_paragraphs):
        text = EXEMPT_PARAGRAPHS.get(number, "")
        if number == 3 and document.contract_terms:
            text += ", including terms proposed in contract negotiations"
        paragraphs.append((number, text))
    return paragraphs


@require_GET
@login_required
@_answers_action_errors
def document_read(request, ref):
    """Show the document's text, recording the view (AUD-VIEW), with the ACC-USE notice."""
    document = document_for(request.user, ref, today=timezone.localdate())
    try:
        text = actions.document_open(acting_user=request.user, document=document)
    except NotAllowed as error:
        person = person_of(request.user)
        if person.member:
            ask = (reverse("requests_app:document", args=[ref]) + "#ask", f"Ask to see {document.ref}")
            return _cannot(request, error, ask=ask)
        rule = explain(["ACC-OFFICER"])[0]
        return _cannot(request, NotAllowed(f"{rule.summary} ({rule.id}; {rule.source})"),
                       back=(reverse("requests_app:document", args=[ref]), "Go back to the document"))
    return render(request, "requests_app/document_read.html", {
        "document": document,
        "paragraphs": [paragraph.strip() for paragraph in text.split("\n\n") if paragraph.strip()],
        "notice": actions.use_notice(document, for_member=person_of(request.user).member is not None),
        "exempt": document.classification == Classification.EXEMPT,
        "exempt_paragraphs": _exempt_paragraphs(document),
    })


# Requests --------------------------------------------------------------------------------------

@require_GET
@login_required
@_answers_action_errors
def request_list(request):
    """Show a member's own requests, an officer's queue and, to the Monitoring Officer and deputy, every request."""
    person = _member_or_officer(request)
    context = {"now": timezone.now(), "oversees": person.is_monitoring_officer or person.is_deputy_monitoring_officer}
    if person.member:
        context["page"], context["pagination"] = _page_of(request, own_requests_listed(request.user))
    if person.officer:
        context["awaiting"] = list(requests_awaiting(person.officer))
        if context["oversees"]:
            context["page"], context["pagination"] = _page_of(request, access_requests_visible_to(request.user))
    return render(request, "requests_app/request_list.html", context)


@require_GET
@login_required
@_answers_action_errors
def request_detail(request, public_id):
    return _request_page(request, access_request_for(request.user, public_id))


def _request_page(request, access_request, *, bound=None, status=200):
    """Render a request with its explanation, history and the forms this person may use on it."""
    person = person_of(request.user)
    officer = person.officer
    events = list(request_events(access_request).select_related("actor"))
    is_assignee = officer is not None and access_request.is_open and access_request.assigned_to_id == officer.pk
    may = {
        DisputeForm: (person.member is not None and person.member.pk == access_request.member_id
                      and access_request.status == AccessStatus.REFUSED and not access_request.final),
        DeterminationForm: is_assignee,
        ReferForm: is_assignee and access_request.status == AccessStatus.REFERRED and _may_refer(access_request, officer),
        RevokeForm: ((person.is_monitoring_officer or person.is_deputy_monitoring_officer)
                     and access_request.status == AccessStatus.GRANTED and access_request.revoked_at is None
                     and access_request.document.classification != Classification.PUBLIC),
    }
    forms = {}
    for form_class, allowed in may.items():
        if not allowed:
            continue
        if bound is not None and isinstance(bound, form_class):
            forms[form_class] = bound
        elif form_class is DeterminationForm:
            forms[form_class] = DeterminationForm(disputed=access_request.status == AccessStatus.DISPUTED)
        else:
            forms[form_class] = form_class()
    return render(request, "requests_app/request_detail.html", {
        "access_request": access_request,
        "now": timezone.now(),
        "rules": explain(access_request.rule_ids),  # the rules behind the current outcome
        "events": [(event, _what_happened(event), explain(event.rule_ids)) for event in events],
        "dispute_form": forms.get(DisputeForm),
        "determine_form": forms.get(DeterminationForm),
        "refer_form": forms.get(ReferForm),
        "revoke_form": forms.get(RevokeForm),
        "error_form": bound if bound is not None and bound.errors else None,
    }, status=status)


EVENTS = {
    "access_request.granted": "Asked to see it; granted at once under the access rules",
    "access_request.refused": "Asked to see it; refused at once under the access rules",
    "access_request.referred": "Asked to see it; referred to an officer to decide",
    "access_request.determined_granted": "Granted access",
    "access_request.determined_refused": "Refused access",
    "access_request.referred_to_monitoring_officer": "Referred it to the Monitoring Officer",
    "access_request.disputed": "Disputed the refusal",
    "access_request.dispute_overturned": "Overturned the refusal: access granted (final)",
    "access_request.dispute_upheld": "Upheld the refusal (final)",
    "access_request.reasons_sent_to_scrutiny": "The reasons were sent to the member's scrutiny committee",
    "access_request.revoked": "Revoked access",
}


def _what_happened(event):
    """Return an event in plain English; one this page does not know yet is shown from its name."""
    return EVENTS.get(event.verb) or event.verb.rpartition(".")[2].replace("_", " ").capitalize()


def _may_refer(access_request, officer):
    """Return whether referring to the Monitoring Officer would hand the request to someone else (003 ¶113)."""
    mo = actions.monitoring_officer_for(access_request.document, access_request.member.user_id)
    return mo is not None and mo.pk != officer.pk


def _act_on_request(request, access_request, form, act, announce):
    """Run ``act(access_request, cleaned_data)`` from a posted form; show the form again if it is not valid."""
    if form.is_valid():
        try:
            changed = act(access_request, form.cleaned_data)
        except Invalid as error:
            add_action_errors(form, error)
        else:
            messages.success(request, announce(changed))
            return _after_acting(request, changed)
    return _request_page(request, access_request, bound=form, status=400)


def _after_acting(request, access_request):
    """Go back to the request, or to the queue where the officer no longer sees it (it is no longer theirs)."""
    try:
        access_request_for(request.user, access_request.public_id)
    except NotFound:
        return redirect("requests_app:requests")
    return redirect("requests_app:request", public_id=access_request.public_id)


@require_POST
@login_required
@_answers_action_errors
def request_dispute(request, public_id):
    return _act_on_request(
        request, access_request_for(request.user, public_id), DisputeForm(request.POST),
        lambda access_request, data: actions.access_request_dispute(
            acting_user=request.user, access_request=access_request, grounds=data["grounds"]),
        lambda changed: (f"You have disputed the refusal. {_assignee_name(changed)} decides by "
                         f"{_day(changed.due_at)}, and that decision is final."))


@require_POST
@login_required
@_answers_action_errors
def request_determine(request, public_id):
    access_request = access_request_for(request.user, public_id)
    disputed = access_request.status == AccessStatus.DISPUTED

    def announce(changed):
        member, ref = changed.member.user.name, changed.document.ref
        if disputed:
            return (f"You overturned the refusal: {member} can now read {ref}." if changed.status == AccessStatus.GRANTED
                    else f"You upheld the refusal: {member} cannot read {ref}. Your decision is final.")
        return (f"You granted access: {member} can now read {ref}." if changed.status == AccessStatus.GRANTED
                else f"You refused access to {ref}. {member} can see your reasons and may dispute them.")

    return _act_on_request(
        request, access_request, DeterminationForm(request.POST, disputed=disputed),
        lambda access_request, data: actions.access_request_determine(
            acting_user=request.user, access_request=access_request, decision=data["decision"],
            reasons=data["reasons"]),
        announce)


@require_POST
@login_required
@_answers_action_errors
def request_refer(request, public_id):
    return _act_on_request(
        request, access_request_for(request.user, public_id), ReferForm(request.POST),
        lambda access_request, data: actions.access_request_refer(
            acting_user=request.user, access_request=access_request, reasons=data["reasons"]),
        lambda changed: f"You referred the request to {_assignee_name(changed)}, who now decides it.")


@require_POST
@login_required
@_answers_action_errors
def request_revoke(request, public_id):
    return _act_on_request(
        request, access_request_for(request.user, public_id), RevokeForm(request.POST),
        lambda access_request, data: actions.access_grant_revoke(
            acting_user=request.user, access_request=access_request, reasons=data["reasons"]),
        lambda changed: f"Access revoked: {changed.member.user.name} can no longer read {changed.document.ref}.")


def _announce_request(request, access_request):
    """Tell the member what happened to their request, in the banner on the request page."""
    ref = access_request.document.ref
    if access_request.status == AccessStatus.GRANTED:
        messages.success(request, f"Access granted: you can read {ref} now.")
    elif access_request.status == AccessStatus.REFUSED:
        messages.info(request, f"Your request to see {ref} was refused. The reasons are below; you can dispute them.")
    else:
        messages.success(request, f"Your request to see {ref} has been sent to {_assignee_name(access_request)}, "
                         f"who decides by {_day(access_request.due_at)}.")


def _assignee_name(access_request):
    officer = access_request.assigned_to
    return f"{officer.user.name} ({officer.post})" if officer else "The council"


def _day(moment):
    return f"{timezone.localtime(moment):%-d %B %Y}" if moment else "the due date"
