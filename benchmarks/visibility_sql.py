"""The hand-written SQL visibility.py measures the selectors against: the same rows, as tuples.

Each statement does in SQL what the selector asks the database separately (the council's Democratic
Services, the person's declared relationships, the permission's id).
"""

PAGE = 50  # rows on a list's page, as the pages and the API show them
GROUP_PAPERS = "('party_group', 'political_advice')"
CATALOGUE_WHERE = f"d.is_active AND (d.classification NOT IN {GROUP_PAPERS} OR d.group_id = %(group)s)"
CATALOGUE_ROWS = f"""
    SELECT d.ref, d.title, d.classification, d.exempt_paragraphs, d.summary, dep.code, b.code, b.name, m.ref, m.date,
           d.classification = 'public' OR (d.classification IN {GROUP_PAPERS} AND d.group_id = %(group)s)
           OR EXISTS (SELECT FROM requests_app_documentuserobjectpermission g
                      WHERE g.user_id = %(user)s AND g.content_object_id = d.id
                        AND g.permission_id = (SELECT p.id FROM auth_permission p
                                               JOIN django_content_type t ON t.id = p.content_type_id
                                               WHERE p.codename = 'read_document' AND t.app_label = 'requests_app'))
    FROM requests_app_document d
    JOIN officers_department dep ON dep.id = d.department_id
    LEFT JOIN members_body b ON b.id = d.body_id
    LEFT JOIN members_meeting m ON m.id = d.meeting_id
    WHERE {CATALOGUE_WHERE}
    ORDER BY d.ref LIMIT {PAGE}"""
CATALOGUE_COUNT = f"SELECT count(*) FROM requests_app_document d WHERE {CATALOGUE_WHERE}"
# The filters' choices: each body, meeting and classification in the catalogue, found by their ids first.
CATALOGUE_FACETS = f"""
    SELECT b.code, b.name, m.ref, m.date, mb.name, f.classification
    FROM (SELECT DISTINCT d.body_id, d.meeting_id, d.classification FROM requests_app_document d
          WHERE {CATALOGUE_WHERE}) f
    LEFT JOIN members_body b ON b.id = f.body_id
    LEFT JOIN members_meeting m ON m.id = f.meeting_id
    LEFT JOIN members_body mb ON mb.id = m.body_id"""

OPEN = "e.status IN ('open', 'holding')"
# REL-CONFLICT: never an enquiry from a member the officer has declared a relationship with.
NOT_RELATED = """m.user_id NOT IN (
        SELECT CASE WHEN r.person_a_id = %(user)s THEN r.person_b_id ELSE r.person_a_id END
        FROM complaints_declaredrelationship r WHERE r.is_active AND %(user)s IN (r.person_a_id, r.person_b_id))"""
DEMOCRATIC_SERVICES = "(SELECT c.democratic_services_id FROM council_council c ORDER BY c.id LIMIT 1)"
# ENQ-ESCALATE. As IN, not EXISTS: an EXISTS beside OR is costed as if run once a row (1.2 million for
# 100,000 enquiries), which turns on the JIT compiler, a second or two of work for a 50 ms query.
ESCALATED = """e.deadline_id IN (SELECT x.deadline_id FROM deadlines_deadlineaction x
                                 WHERE x.recipient_id = %(officer)s AND x.level >= 1)"""
QUEUES = {"mine": "e.assigned_to_id = %(officer)s",
          "department": "e.department_id = %(department)s",
          "triage": f"e.department_id = {DEMOCRATIC_SERVICES} AND e.via_democratic_services "
                    "AND e.assigned_to_id IS NULL"}
QUEUE_FROM = """enquiries_enquiry e
    JOIN members_member m ON m.id = e.member_id JOIN council_user mu ON mu.id = m.user_id
    JOIN officers_department dep ON dep.id = e.department_id
    LEFT JOIN officers_officer a ON a.id = e.assigned_to_id LEFT JOIN council_user au ON au.id = a.user_id
    LEFT JOIN deadlines_deadline dl ON dl.id = e.deadline_id"""
QUEUE_ROWS = f"""
    SELECT e.public_id, e.subject, mu.name, dep.name, au.name, e.status, e.confidential, dl.target_at, dl.remind_at,
           dl.escalation_level
    FROM {QUEUE_FROM}
    WHERE {OPEN} AND {{queue}} AND {NOT_RELATED}
    ORDER BY dl.target_at, e.received_at LIMIT {PAGE}"""
QUEUE_COUNT = f"""
    SELECT count(*) FROM enquiries_enquiry e JOIN members_member m ON m.id = e.member_id
    WHERE {OPEN} AND {{queue}} AND {NOT_RELATED}"""
# The enquiries page: Democratic Services (whether the triage tab shows) and every tab's count in one
# statement, and the enquiries escalated to the officer.
TAB_COUNTS = f"""
    SELECT {DEMOCRATIC_SERVICES}, {{counts}} FROM enquiries_enquiry e JOIN members_member m ON m.id = e.member_id
    WHERE {OPEN} AND ({{any_queue}}) AND {NOT_RELATED}"""
ESCALATED_ROWS = f"""
    SELECT e.public_id, e.subject, mu.name, dl.target_at
    FROM enquiries_enquiry e
    JOIN members_member m ON m.id = e.member_id JOIN council_user mu ON mu.id = m.user_id
    JOIN deadlines_deadline dl ON dl.id = e.deadline_id
    WHERE {OPEN} AND {ESCALATED} AND {NOT_RELATED}
    ORDER BY dl.target_at LIMIT 20"""
# The enquiries API list: what the officer may see (ENQ-TRIAGE, ENQ-ESCALATE, REL-CONFLICT), newest first.
API_ROWS = f"""
    SELECT e.id, e.deadline_id, e.public_id, mu.username, e.subject, e.question, dep.code, e.confidential,
           e.on_behalf_name, e.status, e.received_at, dl.due_at, dl.target_at, dl.escalation_level, au.username
    FROM {QUEUE_FROM}
    WHERE ({{visible}}) AND {NOT_RELATED}
    ORDER BY e.received_at DESC, e.id DESC LIMIT {PAGE}"""
API_COUNT = f"""
    SELECT count(*) FROM enquiries_enquiry e JOIN members_member m ON m.id = e.member_id
    WHERE ({{visible}}) AND {NOT_RELATED}"""
API_EVENTS = """
    SELECT target_id, occurred_at, actor_username, verb, rule_ids, reasons FROM audit_auditevent
    WHERE target_type = 'enquiries.enquiry' AND target_id = ANY(%(ids)s) ORDER BY sequence"""
API_ESCALATIONS = """
    SELECT x.deadline_id, u.username FROM deadlines_deadlineaction x
    JOIN officers_officer o ON o.id = x.recipient_id JOIN council_user u ON u.id = o.user_id
    WHERE x.deadline_id = ANY(%(deadlines)s) AND x.level >= 1 ORDER BY x.level"""
API_MESSAGES = """
    SELECT msg.enquiry_id, msg.kind, au.username, msg.text, msg.revised_date, msg.in_time, msg.sent_at,
           ARRAY(SELECT u.username || ' ' || c.reason FROM enquiries_messagecopy c
                 JOIN members_member m ON m.id = c.member_id JOIN council_user u ON u.id = m.user_id
                 WHERE c.message_id = msg.id ORDER BY u.name)
    FROM enquiries_enquirymessage msg JOIN council_user au ON au.id = msg.author_id
    WHERE msg.enquiry_id = ANY(%(ids)s) ORDER BY msg.sent_at, msg.id"""


def _visible(person):
    """Return the SQL for what an officer may see (enquiries_visible_to), from what is known of them."""
    officer = person.officer
    visible = ["e.assigned_to_id = %(officer)s", ESCALATED]
    if officer.department_id and officer.political_assistant_to_id is None:
        # Democratic Services see every enquiry; the test is run once, as an InitPlan.
        visible = [f"%(department)s = {DEMOCRATIC_SERVICES}", *visible, "e.department_id = %(department)s"]
    return " OR ".join(visible)


class Hand:
    """Hand-written SQL on the raw psycopg2 connection Django holds: fetchall of tuples, statements counted."""

    def __init__(self):
        from django.db import connection

        connection.ensure_connection()
        self.raw = connection.connection
        self.statements = 0
        self.recorded = None

    def __call__(self, sql, params):
        self.statements += 1
        if self.recorded is not None:
            self.recorded.append((sql, params))
        with self.raw.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
