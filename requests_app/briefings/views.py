"""Pages for party-group briefings: parse, one selector or action, render (BRF-*).

Who may see or do what is decided by ``selectors`` and ``actions`` alone. A briefing, offer or
notice a person may not see is the site's ordinary 404, the same as a missing one: another
group hears only that a briefing happened, through its notice (BRF-NOTIFY).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import Meeting, MemberKind
from officers.models import Department
from protocol_portal.council.errors import Invalid, NotAllowed
from protocol_portal.council.pages import act_on_form, answers_action_errors, page_of
from protocol_portal.council.selectors import person_of

from . import actions
from .forms import (
    ApproveForm,
    AttributionForm,
    BriefingForm,
    DeclineForm,
    DeliverForm,
    FinaliseForm,
    NominateForm,
    RecordForm,
    RejectForm,
    VerifyForm,
)
from .models import AttributionStatus, BriefingStatus, RecordStatus
from .policy import request_refusal
from .rules import explain
from .selectors import (
    attribution_for,
    briefing_events,
    briefing_for,
    briefing_queue,
    briefings_visible_to,
    given_on_the_same_matter,
    may_read_record,
    nominable_officers,
    notice_for,
    notices_for,
    offer_for,
    offers_for,
    record_of,
    senior_officers,
    speaks_for_audience,
)

GOING_AHEAD = (BriefingStatus.APPROVED, BriefingStatus.DELIVERED)

_answers = answers_action_errors(
    lambda kwargs: (reverse("briefings:briefing", args=[kwargs["public_id"]]), "Go back to the briefing"))
_answers_list = answers_action_errors(lambda kwargs: (reverse("briefings:briefings"), "Go back to briefings"))
_answers_notice = answers_action_errors(
    lambda kwargs: (reverse("briefings:notice", args=[kwargs["public_id"]]), "Go back to the notice"))


# Lists -------------------------------------------------------------------------------------------

@require_GET
@login_required
@_answers_list
def briefing_list(request):
    """Show a member their group's briefings, the equal offers made to it and the notices of other groups'
    briefings (BRF-EQUAL, BRF-NOTIFY); an officer what waits on them and every briefing they may see."""
    person = person_of(request.user)
    if person.member:
        page, pagination = page_of(request, briefings_visible_to(request.user))
        offers, offers_pagination = page_of(request, offers_for(request.user), param="offers")
        notices, notices_pagination = page_of(request, notices_for(request.user), param="notices")
        return render(request, "briefings/briefing_list.html", {
            "page": page, "pagination": pagination, "offers": offers, "offers_pagination": offers_pagination,
            "notices": notices, "notices_pagination": notices_pagination,
            "speaks": speaks_for_audience(person.member),
        })
    if person.officer is None:
        raise NotAllowed("Only members and officers use party-group briefings.")
    queue, queue_pagination = page_of(request, briefing_queue(request.user), param="queue")
    page, pagination = page_of(request, briefings_visible_to(request.user))
    return render(request, "briefings/briefing_queue.html", {
        "queue": queue, "queue_pagination": queue_pagination, "page": page, "pagination": pagination,
    })


# Asking (BRF-REQUEST) ----------------------------------------------------------------------------

def _request_refusal(person):
    if person.member is None:
        return "Only members can ask for a party-group briefing."
    member = person.member
    return request_refusal(in_group=member.group_id is not None, group_roles=member.group_roles,
                           elected=member.kind == MemberKind.ELECTED)


@require_http_methods(["GET", "POST"])
@login_required
@_answers_list
def briefing_new(request):
    """Let a group's leader or spokesperson, or a member of no group, ask for an officer briefing (BRF-REQUEST)."""
    refusal = _request_refusal(person_of(request.user))
    if refusal:
        raise NotAllowed(refusal)  # before the form, so nobody fills it in to be told no
    form = BriefingForm(
        request.POST if request.method == "POST" else None,
        departments=Department.objects.filter(is_active=True).order_by("name"),
        meetings=Meeting.objects.filter(is_active=True, date__gte=timezone.localdate()).select_related("body"))
    if request.method == "POST" and form.is_valid():
        try:
            briefing = actions.briefing_request(acting_user=request.user, **form.action_arguments())
        except Invalid as error:
            form.add_action_errors(error)
        else:
            approver = briefing.approver
            messages.success(request, f"Your request has been sent to {approver.user.name}, {approver.post}, to "
                             "approve. No officer is assigned until they do (BRF-APPROVE).")
            return redirect("briefings:briefing", public_id=briefing.public_id)
    return render(request, "briefings/briefing_new.html", {
        "form": form,
        "rules": explain(["BRF-REQUEST", "BRF-SCOPE", "BRF-APPROVE", "BRF-SENIOR", "BRF-NON-COUNCIL", "BRF-EQUAL",
                          "BRF-NOTIFY", "BRF-CONFIDENTIAL"]),
    }, status=400 if form.errors else 200)


# One briefing ------------------------------------------------------------------------------------

@require_GET
@login_required
@_answers
def briefing_detail(request, public_id):
    return _briefing_page(request, briefing_for(request.user, public_id))


def _briefing_page(request, briefing, *, bound=None, status=200):
    """Render a briefing with its offers, history, the group's record and the forms this person may use on it."""
    person = person_of(request.user)
    me = person.officer.pk if person.officer else None
    is_approver = me is not None and me == briefing.approver_id and briefing.status == BriefingStatus.AWAITING_APPROVAL
    approved = me is not None and briefing.status == BriefingStatus.APPROVED
    is_senior = approved and me == briefing.officer_id
    gives = approved and me in (briefing.officer_id, briefing.attending_officer_id)
    # BRF-EQUAL (003 ¶91): the officer may not decline an equivalent while the original stands.
    bound_to_give = briefing.original_id is not None and briefing.original.status in GOING_AHEAD

    def form(form_class, allowed, **kwargs):
        if not allowed:
            return None
        if bound is not None and type(bound) is form_class:
            return bound
        return form_class(**kwargs)

    # BRF-CONFIDENTIAL: the record is the group's and the attending officer's; nobody else learns of it.
    readable = briefing.status == BriefingStatus.DELIVERED and may_read_record(request.user, briefing)
    record = record_of(request.user, briefing) if readable else None
    writer = readable and person.member is not None
    drafting = record is None or record.status == RecordStatus.DRAFT
    attributions = []
    for attribution in (record.attributions.all() if record else []):
        posted = isinstance(bound, VerifyForm) and bound.attribution_id == attribution.public_id
        verify = None
        if drafting and me is not None and attribution.officer_id == me and (
                posted or attribution.status == AttributionStatus.AWAITING):
            verify = bound if posted else VerifyForm(attribution_id=attribution.public_id)
        attributions.append((attribution, verify))

    context = {
        "briefing": briefing,
        "deadline": briefing.deadline,
        "offers": list(briefing.equal_offers.select_related("group", "member__user", "responded_by__user"))
        if briefing.original_id is None else [],
        "events": [(e, _what_happened(e), explain(e.rule_ids))
                   for e in briefing_events(briefing).select_related("actor")],
        "approve_form": form(ApproveForm, is_approver, officers=senior_officers(briefing) if is_approver else (),
                             non_council_attendees=briefing.non_council_attendees),
        "reject_form": form(RejectForm, is_approver),
        "nominate_form": form(NominateForm, is_senior, officers=nominable_officers(briefing) if is_senior else ()),
        "decline_form": form(DeclineForm, gives and not bound_to_give),
        "bound_to_give": gives and bound_to_give,
        "deliver_form": form(DeliverForm, gives),
        "same_matter": list(given_on_the_same_matter(briefing)) if gives else [],
        "readable": readable,
        "record": record,
        "attributions": attributions,
        "record_form": form(RecordForm, writer and drafting, initial={"notes": record.notes} if record else None),
        "attribution_form": form(AttributionForm, writer and record is not None and drafting),
        "final_form": form(FinaliseForm, writer and record is not None and drafting),
        "error_form": bound if bound is not None and bound.errors else None,
        "rules": explain(["BRF-APPROVE", "BRF-SENIOR", "BRF-EQUAL", "BRF-SAME-ADVICE", "BRF-NOTIFY",
                          "BRF-CONFIDENTIAL"]),
    }
    return render(request, "briefings/briefing_detail.html", context, status=status)


EVENTS = {
    "briefing.requested": "Asked for the briefing",
    "briefing.approved": "Approved it, naming the officer, and offered the same briefing to every other group",
    "briefing.rejected": "Rejected the request",
    "briefing.nominated": "Nominated another officer to attend",
    "briefing.declined": "Declined to give it",
    "briefing.delivered": "Gave the briefing and recorded the advice; the other groups were told of it",
    "briefing.offer_accepted": "Accepted the equal offer",
    "briefing.offer_declined": "Declined the equal offer",
    "briefing.from_offer": "Became a briefing when the equal offer was accepted",
    "briefing.report_copied": "Asked for a copy of the report for their group, and was given it",
    "briefing.record_written": "Wrote the group's record",
    "briefing.attribution_added": "Added a comment the record attributes to the officer",
    "briefing.attribution_verified": "Verified a comment attributed to them",
    "briefing.attribution_corrected": "Corrected a comment attributed to them",
    "briefing.record_final": "Made the group's record final",
    "deadline.reminded": "Reminded the approver",
    "deadline.escalated_to_director": "Escalated it to the Director",
    "deadline.escalated_to_chief_executive": "Escalated it to the Chief Executive",
}


def _what_happened(event):
    text = EVENTS.get(event.verb) or event.verb.rpartition(".")[2].replace("_", " ").capitalize()
    data = event.data or {}
    who = (data.get("recipient") if event.verb.startswith("deadline.")
           else data.get("offer_to") or data.get("to") or data.get("attending_officer"))
    return f"{text} ({who})" if who else text


def _act(request, public_id, form_class, act, announce, **form_kwargs):
    """Run ``act(briefing, form)`` from a posted form; show the page again with the errors if it fails."""
    briefing = briefing_for(request.user, public_id)
    form = form_class(request.POST, **{name: value(briefing) for name, value in form_kwargs.items()})
    return act_on_form(request, form, lambda f: act(briefing, f), announce,
                       success=reverse("briefings:briefing", args=[public_id]),
                       again=lambda f: _briefing_page(request, briefing, bound=f, status=400))


@require_POST
@login_required
@_answers
def briefing_approve(request, public_id):
    return _act(request, public_id, ApproveForm,
                lambda b, f: actions.briefing_approve(acting_user=request.user, briefing=b, **f.cleaned_data),
                lambda b: f"Approved. {b.officer.user.name} will give the briefing, and every other group and "
                          "member of no group has been offered the same briefing (BRF-EQUAL).",
                officers=senior_officers, non_council_attendees=lambda b: b.non_council_attendees)


@require_POST
@login_required
@_answers
def briefing_reject(request, public_id):
    return _act(request, public_id, RejectForm,
                lambda b, f: actions.briefing_reject(acting_user=request.user, briefing=b, **f.cleaned_data),
                lambda b: f"Rejected. {b.audience_name} has been sent your reasons.")


@require_POST
@login_required
@_answers
def briefing_nominate(request, public_id):
    return _act(request, public_id, NominateForm,
                lambda b, f: actions.briefing_nominate(acting_user=request.user, briefing=b, **f.cleaned_data),
                lambda b: f"{b.attending_officer.user.name} will attend on your behalf. The nomination is recorded, "
                          "and they have been sent an email (BRF-SENIOR).",
                officers=nominable_officers)


@require_POST
@login_required
@_answers
def briefing_decline(request, public_id):
    return _act(request, public_id, DeclineForm,
                lambda b, f: actions.briefing_decline(acting_user=request.user, briefing=b, **f.cleaned_data),
                lambda b: f"You declined to give the briefing. {b.audience_name} and {b.approver.user.name} have "
                          "been told why (BRF-SCOPE).")


@require_POST
@login_required
@_answers
def briefing_deliver(request, public_id):
    return _act(request, public_id, DeliverForm,
                lambda b, f: actions.briefing_deliver(acting_user=request.user, briefing=b, **f.cleaned_data),
                lambda b: "Recorded that the briefing was given. Every other group has been told that it happened "
                          "and its subject, never the advice (BRF-NOTIFY).")


# The group's record (BRF-CONFIDENTIAL, BRF-VERIFY) -----------------------------------------------

@require_POST
@login_required
@_answers
def record_write(request, public_id):
    return _act(request, public_id, RecordForm,
                lambda b, f: actions.record_write(acting_user=request.user, briefing=b, **f.cleaned_data),
                lambda r: "The group's record is saved. Only the group's members and the officer who attended can "
                          "read it (BRF-CONFIDENTIAL).")


@require_POST
@login_required
@_answers
def record_attribute(request, public_id):
    return _act(request, public_id, AttributionForm,
                lambda b, f: actions.record_attribute(acting_user=request.user, briefing=b, **f.cleaned_data),
                lambda a: f"Added to the record. {a.officer.user.name} has been asked to verify or correct it "
                          "before the record can be final (BRF-VERIFY).")


@require_POST
@login_required
@_answers
def attribution_verify(request, public_id, attribution_id):
    briefing = briefing_for(request.user, public_id)
    attribution = attribution_for(request.user, briefing, attribution_id)
    return act_on_form(
        request, VerifyForm(request.POST, attribution_id=attribution.public_id),
        lambda f: actions.attribution_verify(acting_user=request.user, attribution=attribution,
                                             correction=f.cleaned_data["correction"]),
        lambda verified: ("Corrected: the record now shows your words (BRF-VERIFY)." if verified.correction
                          else "Verified: the record's words stand (BRF-VERIFY)."),
        success=reverse("briefings:briefing", args=[public_id]),
        again=lambda f: _briefing_page(request, briefing, bound=f, status=400))


@require_POST
@login_required
@_answers
def record_finalise(request, public_id):
    return _act(request, public_id, FinaliseForm,
                lambda b, f: actions.record_finalise(acting_user=request.user, briefing=b),
                lambda r: "The group's record is final. It can no longer be changed.")


# Equal offers (BRF-EQUAL) ------------------------------------------------------------------------

@require_POST
@login_required
@_answers_list
def offer_respond(request, public_id):
    """Accept or decline an equal offer for the member's group (BRF-EQUAL)."""
    offer = offer_for(request.user, public_id)
    accept = {"yes": True, "no": False}.get(request.POST.get("accept"))
    if accept is None:
        raise Invalid("Choose whether to accept or decline the offer.")
    answered = actions.offer_respond(acting_user=request.user, offer=offer, accept=accept)
    original = answered.briefing
    if not accept:
        messages.success(request, f"You declined the offer of a briefing on \"{original.subject}\".")
        return redirect("briefings:briefings")
    messages.success(request, f"You accepted the offer. {original.attending_officer.user.name} will brief "
                     f"{answered.result.audience_name} on \"{original.subject}\", with substantially the same advice "
                     "(BRF-SAME-ADVICE).")
    return redirect("briefings:briefing", public_id=answered.result.public_id)


# Notices of other groups' briefings (BRF-NOTIFY) -------------------------------------------------

@require_GET
@login_required
@_answers_notice
def notice_detail(request, public_id):
    """Show what the member's group was told of another group's briefing: never its advice (BRF-NOTIFY)."""
    return render(request, "briefings/notice_detail.html", {"notice": notice_for(request.user, public_id)})


@require_POST
@login_required
@_answers_notice
def report_copy(request, public_id):
    """Give the member's group a copy of the report prepared for another group (BRF-NOTIFY, 003 ¶97)."""
    notice = notice_for(request.user, public_id)
    actions.report_copy_request(acting_user=request.user, notice=notice)
    messages.success(request, "Your group now has a copy of the report: it is below.")
    return redirect("briefings:notice", public_id=public_id)
