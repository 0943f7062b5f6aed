"""The Monitoring Officer's pages: dashboard, statistics, audit and staff access (issue 7).

Only the Monitoring Officer, the deputy and the staff they authorise may open any of them; to anyone else
they are the site's ordinary 404 (``selectors.require_oversight``). Every figure comes from ``selectors``,
each a fixed number of queries however many rows there are; GET pages change nothing.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from officers.models import Department
from protocol_portal.audit.actions import audit_chain_check
from protocol_portal.council.errors import Invalid, NotFound
from protocol_portal.council.pages import answers_action_errors, page_of

from . import actions, selectors
from .exports import csv_response, streamed_csv_response
from .forms import AuditForm, AuthoriseForm, StatisticsForm
from .tables import STATISTICS
from .verbs import target_of, what_happened

LATE_SHOWN = 50

_answers = answers_action_errors(lambda kwargs: (reverse("oversight:dashboard"), "Go back to the dashboard"))
_answers_access = answers_action_errors(lambda kwargs: (reverse("oversight:access"), "Go back to staff access"))


def _download(request, allowed):
    """Return the table named by ``?download=``, None when none is asked for; NotFound for a name not in
    ``allowed``."""
    name = request.GET.get("download")
    if name is None:
        return None
    if name not in allowed:
        raise NotFound()
    return name


def _download_href(request, name):
    query = request.GET.copy()
    query.pop("page", None)
    query["download"] = name
    return f"?{query.urlencode()}"


# The dashboard --------------------------------------------------------------------------------------

@require_GET
@login_required
@_answers
def dashboard(request):
    """Show what waits for the Monitoring Officer and deputy, complaints by stage, and late or escalated work by
    department with the most overdue items, each linked to its page."""
    selectors.require_oversight(request.user)
    now = timezone.now()
    awaiting, awaiting_pagination = page_of(request, selectors.awaiting_monitoring_officer(), param="awaiting")
    late = selectors.late_work(now)
    return render(request, "oversight/dashboard.html", {
        "now": now, "awaiting": awaiting, "awaiting_pagination": awaiting_pagination,
        "stages": selectors.complaints_by_stage(),
        "late_by_department": selectors.late_work_by_department(now),
        "late": list(late[:LATE_SHOWN]), "late_count": late.count(), "late_shown": LATE_SHOWN,
        "may_authorise": selectors.may_authorise(request.user),
    })


# Statistics -------------------------------------------------------------------------------------------

@require_GET
@login_required
@_answers
def statistics(request):
    """Show the protocol's figures as charts and tables, filtered by dates and department; ``?download=<table>``
    gives one table as CSV, built from the same rows."""
    selectors.require_oversight(request.user)
    form = StatisticsForm(request.GET, departments=Department.objects.order_by("name"))
    name = _download(request, STATISTICS)
    if not form.is_valid():
        return render(request, "oversight/statistics.html", {"form": form}, status=400)
    filters = form.filters()
    if name:
        table = STATISTICS[name](filters)
        return csv_response(f"{name}.csv", table.headers, table.rows)
    tables = [(build(filters), _download_href(request, table_name)) for table_name, build in STATISTICS.items()]
    return render(request, "oversight/statistics.html", {"form": form, "filters": filters, "tables": tables})


# Audit ---------------------------------------------------------------------------------------------------

AUDIT_HEADERS = ("Time (London)", "Username", "Name", "What happened", "Event", "Target", "Rules", "Reasons",
                 "Sequence")


def _audit_row(event):
    when = timezone.localtime(event.occurred_at)
    return (f"{when:%Y-%m-%d %H:%M:%S}", event.actor_username, event.actor.name if event.actor else "",
            what_happened(event), event.verb, target_of(event), " ".join(event.rule_ids or ()), event.reasons,
            event.sequence)


@require_GET
@login_required
@_answers
def audit(request):
    """Search the audit trail (who read which non-public document, every decision on a request), show the chain's
    last check, and stream the whole result as CSV with ``?download=csv`` (AUD-VIEW, AUD-CHAIN)."""
    selectors.require_oversight(request.user)
    form = AuditForm(request.GET)
    download = _download(request, ("csv",))
    context = {"form": form, "last_check": selectors.last_verification()}
    if not form.is_valid():
        return render(request, "oversight/audit.html", context, status=400)
    events = selectors.audit_search(form.query(), user=request.user)
    if download:
        return streamed_csv_response("audit.csv", AUDIT_HEADERS,
                                     (_audit_row(event) for event in events.iterator(chunk_size=2000)))
    page, pagination = page_of(request, events)
    return render(request, "oversight/audit.html", {
        **context, "searched": True, "page": page, "pagination": pagination,
        "download_href": _download_href(request, "csv"),
        "rows": [(event, what_happened(event), target_of(event)) for event in page],
    })


@require_POST
@login_required
@_answers
def audit_verify(request):
    """Check the audit trail's hash chain now and record the result (AUD-CHAIN)."""
    selectors.require_oversight(request.user)
    report = audit_chain_check(acting_user=request.user)
    if report.intact:
        messages.success(request, f"The audit trail is intact: {report.events_checked} events checked.")
    else:
        messages.warning(request, f"The audit trail is broken: {report.problem} Tell the portal's administrators "
                         "today; the events before it are intact.")
    return redirect("oversight:audit")


# Staff access ---------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
@_answers_access
def access(request):
    """Show who is authorised to see these pages; let the Monitoring Officer or deputy authorise an officer."""
    selectors.require_oversight(request.user)
    may_authorise = selectors.may_authorise(request.user)
    form = None
    if request.method == "POST":
        # The action decides who may authorise: to anyone else this form does not exist (404).
        form = AuthoriseForm(request.POST, officers=selectors.authorisable_officers() if may_authorise else ())
        if form.is_valid():
            try:
                grant = actions.oversight_grant(acting_user=request.user, username=form.cleaned_data["username"])
            except Invalid as error:
                form.add_action_errors(error)
            else:
                messages.success(request, f"{grant.user.name} is authorised. They can now see the dashboard, the "
                                 "statistics and the audit trail.")
                return redirect("oversight:access")
    elif may_authorise:
        form = AuthoriseForm(officers=selectors.authorisable_officers())
    page, pagination = page_of(request, selectors.oversight_grants())
    return render(request, "oversight/access.html", {
        "form": form, "page": page, "pagination": pagination, "may_authorise": may_authorise,
    }, status=400 if form is not None and form.errors else 200)


@require_POST
@login_required
@_answers_access
def access_withdraw(request, public_id):
    """Withdraw a member of staff's authorisation; the grant is kept, marked withdrawn."""
    selectors.require_oversight(request.user)
    grant = selectors.oversight_grants().filter(public_id=public_id).first()
    if grant is None:
        raise NotFound()
    withdrawn = actions.oversight_revoke(acting_user=request.user, grant=grant)
    messages.success(request, f"{withdrawn.user.name}'s authorisation is withdrawn. They can no longer see these "
                     "pages.")
    return redirect("oversight:access")
