"""The audit trail in plain English for the audit search (issue 7, AUD-EVENT, AUD-VIEW).

An event this module does not know yet is shown from its own name, so a new verb never breaks the page.
"""

WHAT_HAPPENED = {
    "document.viewed": "Read a non-public document",
    "access.expired": "Access ended with members' terms of office",
    "access_request.granted": "Asked to see a document: granted at once under the access rules",
    "access_request.refused": "Asked to see a document: refused at once under the access rules",
    "access_request.referred": "Asked to see a document: referred to an officer to decide",
    "access_request.determined_granted": "Granted a request to see a document",
    "access_request.determined_refused": "Refused a request to see a document",
    "access_request.referred_to_monitoring_officer": "Referred a request to the Monitoring Officer",
    "access_request.disputed": "Disputed a refusal",
    "access_request.dispute_overturned": "Overturned a refusal: access granted (final)",
    "access_request.dispute_upheld": "Upheld a refusal (final)",
    "access_request.reasons_sent_to_scrutiny": "Sent the reasons for a refusal to the member's scrutiny committee",
    "access_request.revoked": "Revoked a member's access to a document",
    "enquiry.received": "Sent an enquiry",
    "enquiry.assigned": "Assigned an enquiry",
    "enquiry.routed": "Sent an enquiry to another department",
    "enquiry.holding_reply": "Sent a holding reply in time",
    "enquiry.late_holding_reply": "Sent a holding reply after the target had passed",
    "enquiry.answered": "Sent the full response to an enquiry",
    "enquiry.declined": "Declined an enquiry",
    "enquiry.guidance_sought": "Recorded that the Chief Officer's guidance was sought",
    "briefing.requested": "Asked for a party-group briefing",
    "briefing.approved": "Approved a briefing and offered it to every other group",
    "briefing.rejected": "Rejected a request for a briefing",
    "briefing.nominated": "Nominated another officer to attend a briefing",
    "briefing.declined": "Declined to give a briefing",
    "briefing.delivered": "Gave a briefing",
    "briefing.offer_accepted": "Accepted an equal offer of a briefing",
    "briefing.offer_declined": "Declined an equal offer of a briefing",
    "briefing.from_offer": "A briefing began from an accepted offer",
    "briefing.report_copied": "Gave a group a copy of another group's briefing report",
    "briefing.record_written": "Wrote a group's record of a briefing",
    "briefing.attribution_added": "Attributed a comment to an officer in a briefing record",
    "briefing.attribution_verified": "Verified a comment attributed to them",
    "briefing.attribution_corrected": "Corrected a comment attributed to them",
    "briefing.record_final": "Made a group's briefing record final",
    "complaint.raised": "Made a complaint",
    "complaint.acknowledged": "Acknowledged a complaint",
    "complaint.assessed": "Made the initial assessment of a complaint",
    "complaint.subject_notified": "Told the person complained about",
    "complaint.escalated": "Passed a complaint up the line",
    "complaint.outcome": "Recorded a complaint's outcome",
    "complaint.independent_person_views": "Recorded the Independent Person's views",
    "complaint.decided": "Decided an investigated allegation",
    "relationship.declared": "Declared a relationship",
    "relationship.withdrawn": "Withdrew a declared relationship",
    "deadline.reminded": "Sent a reminder that a deadline is near",
    "deadline.escalated_to_director": "Escalated late work to the Director",
    "deadline.escalated_to_chief_executive": "Escalated late work to the Chief Executive",
    "oversight.granted": "Authorised an officer to see the oversight pages",
    "oversight.revoked": "Withdrew an officer's authorisation to see the oversight pages",
    "audit.verified": "Checked the audit trail: intact",
    "audit.broken": "Checked the audit trail: broken",
    "council.imported": "Imported the council's data",
    "api_token.issued": "Issued an API token",
}

THINGS = {
    "requests_app.document": "Document",
    "requests_app.accessrequest": "Request to see a document",
    "enquiries.enquiry": "Enquiry",
    "briefings.briefing": "Briefing",
    "complaints.complaint": "Complaint",
    "complaints.declaredrelationship": "Declared relationship",
    "oversight.oversightaccess": "Authorisation",
    "audit.chain": "The audit trail",
}


def what_happened(event):
    """Return what ``event`` records, in plain English."""
    return WHAT_HAPPENED.get(event.verb) or event.verb.replace("_", " ").replace(".", ": ").capitalize()


def target_of(event):
    """Return what ``event`` was about: a document's reference where it names one, else the kind of record and
    its number (what the audit search's "Document or record" box finds)."""
    data = event.data or {}
    thing = THINGS.get(event.target_type, event.target_type)
    if event.verb == "document.viewed" and data.get("ref"):
        return f"{data['ref']}"
    if event.target_type == "requests_app.accessrequest" and data.get("document"):
        return f"{thing} {data['document']} by {data.get('member', 'a member')} (record {event.target_id})"
    if data.get("user") and event.verb.startswith("oversight."):
        return f"{thing} of {data['user']} (record {event.target_id})"
    if not event.target_id:
        return thing or ""
    return f"{thing} {event.target_id}" if thing else event.target_id
