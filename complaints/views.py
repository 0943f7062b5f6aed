"""Pages for complaints and declared relationships: parse, one selector or action, render (CMP-*, REL-*).

Who may see or do what is decided by ``selectors`` and ``actions`` alone. A complaint a person may
not see, and every form on it for anyone who does not handle it, is the site's ordinary 404, the
same as a missing one: whether a complaint exists at all is private (CMP-PRIVACY).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import Member, MemberKind
from officers.models import Officer
from protocol_portal.council.errors import Invalid, NotFound
from protocol_portal.council.pages import act_on_form, answers_action_errors, page_of
from protocol_portal.council.selectors import person_of

from . import actions, policy, selectors
from .forms import (
    AcknowledgeForm,
    AssessForm,
    ComplaintForm,
    DecideForm,
    EscalateForm,
    IndependentPersonForm,
    OutcomeForm,
    RelationshipForm,
)
from .models import ComplaintStatus, Finding, Outcome, PersonKind
from .rules import explain

BEFORE_ASSESSMENT = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED)
BEING_DEALT_WITH = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.ASSESSED)


def _back_link(kwargs):
    if "public_id" in kwargs:
        return reverse("complaints:complaint", args=[kwargs["public_id"]]), "Go back to the complaint"
    return reverse("complaints:complaints"), "Go back to complaints"


_answers = answers_action_errors(_back_link)
_answers_relationships = answers_action_errors(
    lambda kwargs: (reverse("complaints:relationships"), "Go back to your declared relationships"))


def _member_or_officer(user):
    """Return the person if they are a member or officer; to anyone else these pages do not exist."""
    person = person_of(user)
    if person.member is None and person.officer is None:
        raise NotFound()
    return person


def _serves_monitoring(person):
    return person.is_monitoring_officer or person.is_deputy_monitoring_officer


def _members(exclude=None):
    members = Member.objects.filter(is_active=True, user__is_active=True).select_related("user", "group")
    return members.exclude(user=exclude).order_by("user__name") if exclude else members.order_by("user__name")


def _officers(exclude=None):
    officers = Officer.objects.filter(is_active=True, user__is_active=True).select_related("user")
    return officers.exclude(user=exclude).order_by("user__name") if exclude else officers.order_by("user__name")


def _day(moment):
    return f"{timezone.localtime(moment):%-d %B %Y}"


# Lists -------------------------------------------------------------------------------------------

@require_GET
@login_required
@_answers
def complaint_list(request):
    """Show the complaints waiting for this person, those they made, and the others they may see (CMP-PRIVACY);
    the Monitoring Officer and deputy see every complaint."""
    person = _member_or_officer(request.user)
    monitoring = _serves_monitoring(person)
    visible = selectors.complaints_visible_to(request.user)
    queue, queue_pagination = page_of(request, selectors.complaint_queue(request.user), param="queue")
    made, made_pagination = page_of(request, visible.filter(complainant=request.user), param="made")
    page, pagination = page_of(request, visible if monitoring else visible.exclude(complainant=request.user))
    return render(request, "complaints/complaint_list.html", {
        "queue": queue, "queue_pagination": queue_pagination, "made": made, "made_pagination": made_pagination,
        "page": page, "pagination": pagination, "monitoring": monitoring,
        "rules": explain(["CMP-PRIVACY", "CMP-TIMES"]),
    })


# Making a complaint (CMP-ROUTE-*) ----------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
@_answers
def complaint_new(request):
    """Let a member or officer complain about another; the route and the due dates are shown at once
    (CMP-ROUTE-OFFICER, CMP-ROUTE-MEMBER, CMP-CONFLICT, CMP-TIMES)."""
    if not actions.may_complain(request.user):
        raise NotFound()  # the form of an action that would answer 404 (an Independent Person is not a party)
    form = ComplaintForm(request.POST if request.method == "POST" else None,
                         members=_members(exclude=request.user), officers=_officers(exclude=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            complaint = actions.complaint_raise(acting_user=request.user, **form.action_arguments())
        except Invalid as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _raised(complaint))
            return redirect("complaints:complaint", public_id=complaint.public_id)
    return render(request, "complaints/complaint_new.html", {
        "form": form,
        "rules": explain(["CMP-ROUTE-OFFICER", "CMP-ROUTE-MEMBER", "CMP-CONFLICT", "CMP-TIMES", "CMP-BULLYING",
                          "CMP-PRIVACY"]),
    }, status=400 if form.errors else 200)


def _raised(complaint):
    if complaint.handler is None:
        return ("Your complaint has been made. Nobody in the route could handle it, so it has gone to the Standards "
                "Committee (CMP-CONFLICT, CMP-ARBITRATE).")
    step = complaint.route[complaint.route_position]
    return (f"Your complaint has been sent to {step['name']}, {step['role']}. They must acknowledge it by "
            f"{_day(complaint.acknowledgement_deadline.target_at)} and make an initial assessment by "
            f"{_day(complaint.assessment_deadline.target_at)} (CMP-TIMES).")


# One complaint -----------------------------------------------------------------------------------

@require_GET
@login_required
@_answers
def complaint_detail(request, public_id):
    return _complaint_page(request, selectors.complaint_for(request.user, public_id))


def _route(complaint):
    """Return the route's steps, each with what it is to this complaint now: skipped, passed on, handling it
    (or handled it, once closed), or next if it is passed on (CMP-ROUTE-*, CMP-CONFLICT, CMP-ARBITRATE)."""
    steps = complaint.route
    # With the Standards Committee, whether referred there or passed up to it, nobody in the route holds it.
    current = len(steps) - 1 if complaint.handler_id is None else complaint.route_position
    shown = []
    for index, step in enumerate(steps):
        if step["skipped"]:
            state = "skipped"
        elif index == current:
            state = "current" if complaint.is_open else "handled"
        elif index < current:
            state = "passed"
        else:
            state = "next"
        shown.append({**step, "state": state, "committee": not step["username"]})
    return shown


def _outcomes(complaint):
    """Return the outcomes the handler may record: never suspension, which the law does not give (CMP-OUTCOMES)."""
    allowed = policy.MEMBER_OUTCOMES if complaint.subject_kind == PersonKind.MEMBER else policy.OFFICER_OUTCOMES
    if complaint.status == ComplaintStatus.STANDARDS:
        allowed = tuple(o for o in allowed if o != Outcome.STANDARDS_REFERRAL)  # it is there already
    return allowed


def _independent_persons(complaint=None):
    """Return the active Independent Persons, whose views are recorded on an investigation (CMP-OUTCOMES)."""
    return (Member.objects.filter(kind=MemberKind.INDEPENDENT_PERSON, is_active=True, user__is_active=True)
            .select_related("user", "group").order_by("user__name"))


def _complaint_page(request, complaint, *, bound=None, status=200):
    """Render a complaint with its route, history and the forms this person may use on it."""
    person = person_of(request.user)
    me = request.user.pk
    # Mirrors actions._handler: the handler acts; with the Standards Committee, the Monitoring Officer and
    # deputy act for it, unless the complaint is by or about them (CMP-CONFLICT).
    handles = complaint.handler_id == me
    serves_committee = (complaint.status == ComplaintStatus.STANDARDS and _serves_monitoring(person)
                        and me not in (complaint.complainant_id, complaint.subject_id))
    # Once closed there is nothing left to do: no "What you can do" section, unless the person complained about
    # has still to be told (CMP-PRIVACY).
    acts = (handles or serves_committee) and (complaint.is_open or complaint.subject_notified_at is None)
    escalates = handles and complaint.status in BEING_DEALT_WITH
    investigating = handles and complaint.status == ComplaintStatus.INVESTIGATING
    next_step = None
    if escalates:
        position = policy.next_handler_index(complaint.route, complaint.route_position)
        next_step = complaint.route[position] if position is not None else None

    def form(form_class, allowed, **kwargs):
        if not allowed:
            return None
        if bound is not None and type(bound) is form_class:
            return bound
        return form_class(**kwargs)

    context = {
        "complaint": complaint,
        "route": _route(complaint),
        "acts": acts,
        "acknowledge_form": form(AcknowledgeForm, handles and complaint.status == ComplaintStatus.RECEIVED),
        "assess_form": form(AssessForm, handles and complaint.status in BEFORE_ASSESSMENT),
        "may_notify": acts and complaint.subject_notified_at is None,
        "escalate_form": form(EscalateForm, escalates and next_step is not None),
        "next_step": next_step,
        "outcome_form": form(OutcomeForm, acts and complaint.status in (*BEING_DEALT_WITH, ComplaintStatus.STANDARDS),
                             outcomes=_outcomes(complaint)),
        "independent_form": form(IndependentPersonForm, investigating,
                                 independent_persons=_independent_persons() if investigating else ()),
        "decide_form": form(DecideForm, investigating),
        "error_form": bound if bound is not None and bound.errors else None,
        "events": [(e, _what_happened(e), explain(e.rule_ids))
                   for e in selectors.complaint_events(complaint).select_related("actor")],
        "rules": explain(["CMP-ROUTE-OFFICER", "CMP-ROUTE-MEMBER", "CMP-CONFLICT", "CMP-TIMES", "CMP-OUTCOMES",
                          "CMP-ARBITRATE", "CMP-BULLYING", "CMP-PRIVACY", "REL-CONFLICT"]),
    }
    return render(request, "complaints/complaint_detail.html", context, status=status)


EVENTS = {
    "complaint.raised": "Made the complaint; the portal worked out who handles it",
    "complaint.acknowledged": "Acknowledged it",
    "complaint.assessed": "Made the initial assessment",
    "complaint.subject_notified": "Told the person complained about",
    "complaint.escalated": "Passed it up the line",
    "complaint.outcome": "Recorded the outcome",
    "complaint.independent_person_views": "Recorded the Independent Person's views",
    "complaint.decided": "Decided the investigated allegation",
    "deadline.reminded": "Reminded the handler",
    "deadline.escalated_to_director": "Escalated it to the Director",
    "deadline.escalated_to_chief_executive": "Escalated it to the Chief Executive",
}


def _what_happened(event):
    text = EVENTS.get(event.verb) or event.verb.rpartition(".")[2].replace("_", " ").capitalize()
    data = event.data or {}
    if event.verb.startswith("deadline."):
        detail = data.get("recipient")
    elif event.verb == "complaint.escalated":
        detail = f"to the {data['to']}" if data.get("to") else None
    elif event.verb == "complaint.outcome":
        detail = Outcome(data["outcome"]).label if data.get("outcome") in Outcome.values else None
    elif event.verb == "complaint.decided":
        detail = Finding(data["finding"]).label if data.get("finding") in Finding.values else None
    else:
        detail = None
    return f"{text} ({detail})" if detail else text


def _act(request, public_id, form_class, act, announce, **form_kwargs):
    """Run ``act(complaint, form)`` from a posted form; show the page again with the errors if it fails."""
    complaint = selectors.complaint_for(request.user, public_id)
    form = form_class(request.POST, **{name: value(complaint) for name, value in form_kwargs.items()})
    # Whoever handled a complaint may still read it once it has moved on (CMP-PRIVACY): back to its page.
    return act_on_form(request, form, lambda f: act(complaint, f), announce,
                       success=reverse("complaints:complaint", args=[public_id]),
                       again=lambda f: _complaint_page(request, complaint, bound=f, status=400))


@require_POST
@login_required
@_answers
def complaint_acknowledge(request, public_id):
    return _act(request, public_id, AcknowledgeForm,
                lambda c, f: actions.complaint_acknowledge(acting_user=request.user, complaint=c, **f.cleaned_data),
                lambda c: f"Acknowledged. {c.complainant.name} has been told; your initial assessment is due by "
                          f"{_day(c.assessment_deadline.target_at)} (CMP-TIMES).")


@require_POST
@login_required
@_answers
def complaint_assess(request, public_id):
    return _act(request, public_id, AssessForm,
                lambda c, f: actions.complaint_assess(acting_user=request.user, complaint=c, **f.cleaned_data),
                lambda c: f"Your initial assessment is recorded, and {c.complainant.name} has been told (CMP-TIMES).")


@require_POST
@login_required
@_answers
def complaint_notify_subject(request, public_id):
    """Tell the person complained about; from then on they can read the complaint (CMP-PRIVACY)."""
    complaint = selectors.complaint_for(request.user, public_id)
    told = actions.complaint_notify_subject(acting_user=request.user, complaint=complaint)
    messages.success(request, f"{told.subject.name} has been told of the complaint, and can now read it and follow "
                     "what happens (CMP-PRIVACY).")
    return redirect("complaints:complaint", public_id=public_id)


@require_POST
@login_required
@_answers
def complaint_escalate(request, public_id):
    def announce(c):
        if c.handler is None:
            return "Passed to the Standards Committee, the last step of the route (CMP-ARBITRATE)."
        step = c.route[c.route_position]
        return f"Passed to {step['name']}, {step['role']}, with your reasons (CMP-ARBITRATE)."

    return _act(request, public_id, EscalateForm,
                lambda c, f: actions.complaint_escalate(acting_user=request.user, complaint=c, **f.cleaned_data),
                announce)


@require_POST
@login_required
@_answers
def complaint_outcome(request, public_id):
    def announce(c):
        if c.status == ComplaintStatus.INVESTIGATING:
            return ("Recorded: the complaint will be investigated. Record the Independent Person's views before "
                    "deciding it (CMP-OUTCOMES).")
        if c.status == ComplaintStatus.STANDARDS:
            return "Recorded: the complaint is referred to the Standards Committee (CMP-OUTCOMES)."
        return f"Recorded the outcome: {c.get_outcome_display()}. The complaint is closed and the complainant told."

    return _act(request, public_id, OutcomeForm,
                lambda c, f: actions.complaint_outcome(acting_user=request.user, complaint=c, **f.cleaned_data),
                announce, outcomes=_outcomes)


@require_POST
@login_required
@_answers
def complaint_independent_person(request, public_id):
    return _act(request, public_id, IndependentPersonForm,
                lambda c, f: actions.complaint_record_independent_person(acting_user=request.user, complaint=c,
                                                                         **f.cleaned_data),
                lambda c: f"Recorded {c.independent_person.user.name}'s views. You can now decide the allegation "
                          "(CMP-OUTCOMES).",
                independent_persons=_independent_persons)


@require_POST
@login_required
@_answers
def complaint_decide(request, public_id):
    return _act(request, public_id, DecideForm,
                lambda c, f: actions.complaint_decide(acting_user=request.user, complaint=c, **f.cleaned_data),
                lambda c: f"Decided: {c.get_finding_display()}. The complaint is closed and the complainant "
                          "told (CMP-OUTCOMES).")


# Declared relationships (REL-DECLARE, REL-CONFLICT) ----------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
@_answers_relationships
def relationship_list(request):
    """Show a member or officer the relationships they are in, and let them declare one with a person of the
    other kind: members with officers, officers with members (REL-DECLARE)."""
    person = _member_or_officer(request.user)
    people = {"officers": _officers()} if person.member else {"members": _members()}
    form = RelationshipForm(request.POST if request.method == "POST" else None, **people)
    if request.method == "POST" and form.is_valid():
        try:
            relationship = actions.relationship_declare(acting_user=request.user, other=form.cleaned_data["other"],
                                                        kind=form.cleaned_data["kind"])
        except Invalid as error:
            form.add_action_errors(error)
        else:
            other = _other(relationship, request.user)
            told = ("" if person.is_monitoring_officer else "The Monitoring Officer has been told. ")
            messages.success(request, f"Your {relationship.get_kind_display().lower()} relationship with {other.name} "
                             f"is declared. {told}From now on neither of you will handle, decide or answer anything "
                             "that concerns the other (REL-CONFLICT).")
            return redirect("complaints:relationships")
    relationships = [(r, _other(r, request.user)) for r in selectors.relationships_of(request.user)]
    return render(request, "complaints/relationship_list.html", {
        "form": form, "relationships": relationships, "rules": explain(["REL-DECLARE", "REL-CONFLICT"]),
    }, status=400 if form.errors else 200)


def _other(relationship, user):
    return relationship.person_b if relationship.person_a_id == user.pk else relationship.person_a


@require_POST
@login_required
@_answers_relationships
def relationship_withdraw(request, public_id):
    """Withdraw a relationship declared in the portal; it stays in the register, marked withdrawn (REL-DECLARE)."""
    relationship = selectors.relationship_for(request.user, public_id)
    withdrawn = actions.relationship_withdraw(acting_user=request.user, relationship=relationship)
    messages.success(request, f"Your relationship with {_other(withdrawn, request.user).name} is withdrawn. It stays "
                     "in the Monitoring Officer's register, marked withdrawn.")
    return redirect("complaints:relationships")


@require_GET
@login_required
@_answers_relationships
def relationship_register(request):
    """Show the Monitoring Officer and deputy every declared relationship, active and withdrawn (REL-DECLARE)."""
    page, pagination = page_of(request, selectors.relationship_register(request.user))
    return render(request, "complaints/register.html", {
        "page": page, "pagination": pagination, "rules": explain(["REL-DECLARE", "REL-CONFLICT"]),
    })
