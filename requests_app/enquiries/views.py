"""Pages for members' enquiries: parse, one selector or action, render (ENQ-*, COR-*).

Who may see or do what is decided by ``selectors`` and ``actions`` alone. An enquiry a person may
not see is the site's ordinary 404, the same as a missing one.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import Ward
from officers.models import Department
from protocol_portal.council.errors import Invalid, NotAllowed, NotFound
from protocol_portal.council.pages import answers_action_errors, page_of
from protocol_portal.council.selectors import current_council, person_of

from . import actions
from .forms import (
    AssignForm,
    DeclineForm,
    EnquiryForm,
    GuidanceForm,
    HoldingReplyForm,
    ResponseForm,
    RouteForm,
    add_action_errors,
)
from .models import EnquiryStatus
from .policy import TriageFacts, may_triage
from .rules import explain
from .selectors import (
    QUEUES,
    assignable_officers,
    copyable_members,
    enquiries_escalated_to,
    enquiries_visible_to,
    enquiry_events,
    enquiry_for,
    enquiry_messages,
    enquiry_queue,
    is_copy_reader,
    queue_counts,
)

QUEUE_TITLES = {"mine": "Assigned to you", "department": "Your department", "triage": "To route (Democratic Services)"}


def _back_link(kwargs):
    if "public_id" in kwargs:
        return reverse("enquiries:enquiry", args=[kwargs["public_id"]]), "Go back to the enquiry"
    return reverse("enquiries:enquiries"), "Go back to enquiries"


_answers = answers_action_errors(_back_link)


def _departments():
    return Department.objects.filter(is_active=True).order_by("name")


# Lists -------------------------------------------------------------------------------------------

@require_GET
@login_required
@_answers
def enquiry_list(request):
    """Show a member their enquiries, and an officer their queues, soonest target first (ENQ-TRIAGE)."""
    person = person_of(request.user)
    now = timezone.now()
    if person.member:
        page, pagination = page_of(request, enquiries_visible_to(request.user))
        return render(request, "enquiries/enquiry_list.html", {"page": page, "pagination": pagination, "now": now})
    if person.officer is None:
        raise NotAllowed("Only members and officers use enquiries.")
    council = current_council()
    queues = [q for q in QUEUES if q != "triage" or (
        council is not None and person.officer.department_id == council.democratic_services_id)]
    if person.officer.department_id is None or person.officer.political_assistant_to_id is not None:
        queues = ["mine"]
    chosen = request.GET.get("queue") if request.GET.get("queue") in queues else queues[0]
    counts = queue_counts(request.user, queues)
    page, pagination = page_of(request, enquiry_queue(request.user, chosen))
    return render(request, "enquiries/enquiry_queue.html", {
        "page": page, "pagination": pagination, "now": now, "chosen": chosen,
        "tabs": [(q, QUEUE_TITLES[q], counts[q]) for q in queues],
        "escalated": enquiries_escalated_to(request.user)[:20],
    })


@require_http_methods(["GET", "POST"])
@login_required
@_answers
def enquiry_new(request):
    """Let a member ask a department a question; the due date is set and shown at once (ENQ-DUE)."""
    person = person_of(request.user)
    if person.member is None:
        raise NotAllowed("Only members can send enquiries to officers.")
    wards = Ward.objects.filter(is_active=True).order_by("name")
    form = EnquiryForm(request.POST if request.method == "POST" else None, departments=_departments(), wards=wards)
    if request.method == "POST" and form.is_valid():
        try:
            enquiry = actions.enquiry_create(acting_user=request.user, **form.action_arguments())
        except Invalid as error:
            _on_behalf_errors(form, error)
        else:
            messages.success(request, f"Your enquiry has been sent. A full response is due by "
                             f"{timezone.localtime(enquiry.deadline.due_at):%-d %B %Y}.")
            return redirect("enquiries:enquiry", public_id=enquiry.public_id)
    return render(request, "enquiries/enquiry_new.html", {
        "form": form, "member_wards": person.member.wards.filter(is_active=True),
        "rules": explain(["ENQ-DUE", "ENQ-TRIAGE", "ENQ-ON-BEHALF", "ENQ-CONFIDENTIAL"]),
    }, status=400 if form.errors else 200)


def _on_behalf_errors(form, error):
    """Put the action's on_behalf_of.* field errors on the form's constituent fields."""
    renamed = {"on_behalf_of.name": "on_behalf_name", "on_behalf_of.ward": "on_behalf_ward",
               "on_behalf_of.consent": "on_behalf_consent", "on_behalf_of": "on_behalf"}
    add_action_errors(form, Invalid(error.message, fields={renamed.get(k, k): v for k, v in (error.fields or {}).items()}))


# One enquiry -------------------------------------------------------------------------------------

@require_GET
@login_required
@_answers
def enquiry_detail(request, public_id):
    return _enquiry_page(request, enquiry_for(request.user, public_id))


def _may_triage(person, enquiry):
    from complaints.selectors import user_ids_related_to

    officer = person.officer
    council = current_council()
    return officer is not None and officer.political_assistant_to_id is None and may_triage(TriageFacts(
        officer_department_id=officer.department_id, officer_grade=officer.grade,
        enquiry_department_id=enquiry.department_id,
        democratic_services_id=council.democratic_services_id if council else None,
        related_to_member=officer.user_id in user_ids_related_to(enquiry.member.user_id)))


def _enquiry_page(request, enquiry, *, bound=None, status=200):
    """Render an enquiry with its replies, history and the forms this person may use on it."""
    person = person_of(request.user)
    copy_reader = is_copy_reader(enquiry, request.user)
    is_assignee = person.officer is not None and enquiry.assigned_to_id == person.officer.pk and enquiry.is_open
    triage = enquiry.is_open and _may_triage(person, enquiry)
    members = list(copyable_members(enquiry)) if is_assignee else []

    def form(form_class, allowed, **kwargs):
        if not allowed:
            return None
        if bound is not None and isinstance(bound, form_class):
            return bound
        return form_class(**kwargs)

    copies = {"members": members, "confidential": enquiry.confidential}
    context = {
        "enquiry": enquiry,
        "deadline": enquiry.deadline,
        "now": timezone.now(),
        "copy_reader": copy_reader,
        "replies": list(enquiry_messages(enquiry, request.user)),
        "events": [] if copy_reader else [(e, _what_happened(e), explain(e.rule_ids))
                                          for e in enquiry_events(enquiry).select_related("actor")],
        "assign_form": form(AssignForm, triage, officers=assignable_officers(enquiry)),
        "route_form": form(RouteForm, triage, departments=_departments().exclude(pk=enquiry.department_id)),
        "holding_form": form(HoldingReplyForm, is_assignee, **copies),
        "response_form": form(ResponseForm, is_assignee, **copies),
        "decline_form": form(DeclineForm, is_assignee, **copies),
        "guidance_form": form(GuidanceForm, is_assignee and enquiry.guidance_sought_at is None),
        "error_form": bound if bound is not None and bound.errors else None,
        "rules": explain(["ENQ-DUE", "ENQ-HOLDING", "ENQ-ESCALATE"]),
    }
    return render(request, "enquiries/enquiry_detail.html", context, status=status)


EVENTS = {
    "enquiry.received": "Sent the enquiry",
    "enquiry.assigned": "Assigned it",
    "enquiry.routed": "Sent it to another department",
    "enquiry.holding_reply": "Sent a holding reply in time: the target moved to the revised date",
    "enquiry.late_holding_reply": "Sent a holding reply after the target had passed: the escalation goes on",
    "enquiry.answered": "Sent the full response",
    "enquiry.declined": "Declined it",
    "enquiry.guidance_sought": "Recorded that the Chief Officer's guidance was sought",
    "deadline.reminded": "Reminded the assigned officer",
    "deadline.escalated_to_director": "Escalated it to the Director",
    "deadline.escalated_to_chief_executive": "Escalated it to the Chief Executive",
}


def _what_happened(event):
    text = EVENTS.get(event.verb) or event.verb.rpartition(".")[2].replace("_", " ").capitalize()
    recipient = (event.data or {}).get("recipient")
    return f"{text} ({recipient})" if recipient and event.verb.startswith("deadline.") else text


def _act(request, public_id, form_class, act, announce, **form_kwargs):
    """Run ``act(enquiry, form)`` from a posted form; show the page again with the errors if it fails."""
    enquiry = enquiry_for(request.user, public_id)
    if form_class in (HoldingReplyForm, ResponseForm, DeclineForm):
        form_kwargs = {"members": copyable_members(enquiry), "confidential": enquiry.confidential}
    elif form_class is AssignForm:
        form_kwargs = {"officers": assignable_officers(enquiry)}
    elif form_class is RouteForm:
        form_kwargs = {"departments": _departments()}
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            changed = act(enquiry, form)
        except Invalid as error:
            add_action_errors(form, error)
        else:
            messages.success(request, announce(changed))
            try:
                enquiry_for(request.user, public_id)
            except NotFound:  # routed away from the officer's department: back to their queue
                return redirect("enquiries:enquiries")
            return redirect("enquiries:enquiry", public_id=public_id)
    return _enquiry_page(request, enquiry, bound=form, status=400)


def _day(moment):
    return f"{timezone.localtime(moment):%-d %B %Y}"


@require_POST
@login_required
@_answers
def enquiry_assign(request, public_id):
    return _act(request, public_id, AssignForm,
                lambda e, f: actions.enquiry_assign(acting_user=request.user, enquiry=e, officer=f.cleaned_data["officer"]),
                lambda e: f"Assigned to {e.assigned_to.user.name}. They have been sent an email.")


@require_POST
@login_required
@_answers
def enquiry_route(request, public_id):
    return _act(request, public_id, RouteForm,
                lambda e, f: actions.enquiry_route(acting_user=request.user, enquiry=e,
                                                   department=f.cleaned_data["department"]),
                lambda e: f"Sent to {e.department.name} to assign and answer.")


@require_POST
@login_required
@_answers
def enquiry_holding_reply(request, public_id):
    def announce(e):
        if e.deadline.target_at == e.deadline.due_at:
            return ("Holding reply sent. It was sent after the target had passed, so the escalation goes on "
                    "(ENQ-HOLDING).")
        return f"Holding reply sent. The new target is {_day(e.deadline.target_at)}."

    return _act(request, public_id, HoldingReplyForm,
                lambda e, f: actions.enquiry_holding_reply(acting_user=request.user, enquiry=e, **f.action_arguments()),
                announce)


@require_POST
@login_required
@_answers
def enquiry_respond(request, public_id):
    return _act(request, public_id, ResponseForm,
                lambda e, f: actions.enquiry_respond(acting_user=request.user, enquiry=e, text=f.cleaned_data["text"],
                                                     **f.copies()),
                lambda e: f"Response sent to {e.member.user.name}. The enquiry is answered.")


@require_POST
@login_required
@_answers
def enquiry_decline(request, public_id):
    return _act(request, public_id, DeclineForm,
                lambda e, f: actions.enquiry_decline(acting_user=request.user, enquiry=e, reason=f.cleaned_data["reason"],
                                                     rule=f.cleaned_data["rule"], **f.copies()),
                lambda e: f"Enquiry declined under ENQ-DECLINE. {e.member.user.name} has been told why.")


@require_POST
@login_required
@_answers
def enquiry_guidance(request, public_id):
    return _act(request, public_id, GuidanceForm,
                lambda e, f: actions.enquiry_note_guidance(acting_user=request.user, enquiry=e, note=f.cleaned_data["note"]),
                lambda e: "Recorded that you sought the Chief Officer's guidance (ENQ-RESOURCES).")


__all__ = ["EnquiryStatus"]
