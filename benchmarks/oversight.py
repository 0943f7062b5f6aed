"""Time the Monitoring Officer's dashboard and statistics at 100,000 enquiries, on PostgreSQL.

    python benchmarks/oversight.py                               # 100,000 enquiries and 20,000 requests, and a tenth
    python benchmarks/oversight.py --rows 20000 --requests 4000  # a smaller run
    python benchmarks/oversight.py --explain                     # also EXPLAIN ANALYZE every query at full size
    python benchmarks/oversight.py --try-indexes                 # and time them again with the indexes suggested
    python benchmarks/oversight.py --database-url postgres://postgres@127.0.0.1:5432/test

The goal (issue 7, Speed): the dashboard and the statistics render in a constant number of queries
however many enquiries and requests there are: aggregates in the database, not Python loops.

It runs twice in one go, on two throwaway databases created beside the one --database-url names
(dropped afterwards): a small council (a tenth of --rows and --requests) and the full one. Each is
migrated, Riverside is imported (tests/fixtures/riverside.yaml), and, in a few INSERT ... SELECT
generate_series statements (random() with a fixed seed, so every run writes the same rows):

- enquiries over seven years, in every department and month: 83% answered and 2% declined, in 0 to
  30 working days (slower in some departments than others), mostly by their target, their clocks
  closed and escalated once or twice when they ran late; 13% open or with a holding reply, received
  in the last three weeks (some overdue, escalated the morning after); 2% stuck, a month to a year
  old and escalated twice;
- a tenth as many extra documents as requests, of every classification, in every department;
- access requests over seven years, each decided by the ACC rule the document and the member's
  situation call for (ACC-PUBLIC, ACC-BODY, ACC-S100F, ACC-SCRUTINY, ACC-NEED-TO-KNOW, ...); the
  referred ones determined by the Head of Service, or still waiting if recent (some sent on to the
  Monitoring Officer); 12% of refusals disputed, settled finally (35% overturned) or, if recent,
  still with the Monitoring Officer or deputy; every determination and dispute with its clock;
- one complaint for every 33 enquiries, between members and officers, of every category and stage;
- the audit events all that would have written (created, answered, decided, disputed, settled, and
  every read of a non-public document granted): about 235,000 at full size. Their hashes are
  placeholders: verify_audit would fail, and nothing here calls it.

Then VACUUM ANALYZE, and each figure (the selectors in protocol_portal/oversight/selectors.py,
evaluated as the pages in protocol_portal/oversight/views.py do: lists as their first page of 50 and
the count, the audit search as the Monitoring Officer runs it), the whole dashboard and the
statistics page's six figures together, runs five times: the best time and the query count
(the same on every run) are kept. Two figures are also computed the naive way, every answered
enquiry loaded as a model and grouped in Python, to show what the aggregates save; their results
must equal the selectors'. The table compares the two sizes. It exits 1 if any figure's query count
differs between the sizes (or an error occurs), however slow the figures are.

With --explain it prints EXPLAIN (ANALYZE, BUFFERS) of every query at full size (the indexes the
plans first asked for are now in the models: deadline_open_target_idx, and the audit search's
audit_target_id_idx, audit_actor_idx, audit_data_ref_idx and audit_data_document_idx). The whole
default run takes about a minute on 2 cores.
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, datetime
from datetime import timezone as dt_timezone
from pathlib import Path

from import_council import _PostgresDatabase
from sweep import RIVERSIDE, ROOT, QueryCounter, _environment, _manage

# The morning the dashboard is opened (London is on UTC in November).
NOW = datetime(2026, 11, 23, 9, tzinfo=dt_timezone.utc)
REPEAT = 5
NAIVE_REPEAT = 3
PAGE = 50


# Writing the council's history ------------------------------------------------------------------------

LOOKUPS_SQL = """
    CREATE TEMPORARY TABLE bench_members AS
        SELECT row_number() OVER (ORDER BY m.id)::int AS n, m.id AS member_id, u.id AS user_id, u.username
        FROM members_member m JOIN council_user u ON u.id = m.user_id
        WHERE m.is_active AND m.kind = 'elected';
    CREATE TEMPORARY TABLE bench_departments AS
        SELECT row_number() OVER (ORDER BY d.id)::int AS n, d.id, d.head_id
        FROM officers_department d WHERE d.is_active;
    -- The officers of each department, numbered within it, so an enquiry goes to one of its own.
    CREATE TEMPORARY TABLE bench_officers AS
        SELECT row_number() OVER (PARTITION BY o.department_id ORDER BY o.id)::int AS n,
               count(*) OVER (PARTITION BY o.department_id)::int AS officers, o.id, o.department_id
        FROM officers_officer o
        WHERE o.is_active AND o.political_assistant_to_id IS NULL AND o.department_id IS NOT NULL;
    CREATE TEMPORARY TABLE bench_people AS  -- every user who can complain or be complained about
        SELECT row_number() OVER (ORDER BY kind, user_id)::int AS n, kind, user_id FROM (
            SELECT 'member' AS kind, user_id FROM bench_members
            UNION ALL SELECT 'officer', o.user_id FROM officers_officer o WHERE o.is_active
        ) people;
    CREATE TEMPORARY TABLE bench_users AS SELECT id AS user_id, username FROM council_user;
    CREATE TEMPORARY TABLE bench_officer_users AS
        SELECT o.id AS officer_id, u.id AS user_id, u.username
        FROM officers_officer o JOIN council_user u ON u.id = o.user_id;
"""

ENQUIRIES_SQL = """
    CREATE TEMPORARY TABLE bench_enquiries AS
    WITH drawn AS (
        SELECT i, random() AS r_kind, random() AS r_when, random() AS r_days, random() AS r_hold, random() AS r_officer,
               1 + floor(random() * (SELECT count(*) FROM bench_departments))::int AS d,
               1 + floor(random() * (SELECT count(*) FROM bench_members))::int AS m
        FROM generate_series(1, %(rows)s) i
    ), kinded AS (
        SELECT *,
               CASE WHEN r_kind < 0.83 THEN 'answered' WHEN r_kind < 0.85 THEN 'declined'
                    WHEN r_kind < 0.98 THEN 'open' ELSE 'stuck' END AS kind,
               %(now)s::timestamptz - CASE
                   WHEN r_kind < 0.85 THEN 45 + r_when * 2510   -- answered: over the seven years to six weeks ago
                   WHEN r_kind < 0.98 THEN r_when * 21          -- open: received in the last three weeks
                   ELSE 30 + r_when * 335 END                    -- stuck: a month to a year old
                   * interval '1 day' AS received_at
        FROM drawn
    ), answered AS (
        SELECT *,
               -- 0 to 30 working days, mostly a few; some departments slower than others.
               CASE WHEN kind IN ('answered', 'declined') THEN least(30, floor(r_days ^ 3 * (16 + 2 * d)))::int
               END AS working_days
        FROM kinded
    ), held AS (
        SELECT *,
               -- A holding reply in time moved the target ten days on (ENQ-HOLDING).
               (working_days BETWEEN 10 AND 15 AND r_hold < 0.3) OR (kind IN ('open', 'stuck') AND r_hold < 0.15)
                   AS holding,
               received_at + (working_days * 1.4 + r_hold * 0.5) * interval '1 day' AS answered_at
        FROM answered
    ), timed AS (
        SELECT *,
               received_at + interval '14 days' AS due_at,
               received_at + CASE WHEN holding THEN 24 ELSE 14 END * interval '1 day' AS target_at
        FROM held
    )
    SELECT t.i, t.kind, t.working_days, t.received_at, t.answered_at, t.due_at, t.target_at, t.holding,
           md5('enquiry' || t.i)::uuid AS public_id,
           t.target_at - interval '2 days' AS remind_at, t.target_at + interval '14 days' AS second_at,
           t.answered_at <= t.target_at AS in_time,
           CASE WHEN coalesce(t.answered_at, %(now)s) > t.target_at + interval '14 days' THEN 2
                WHEN coalesce(t.answered_at, %(now)s) > t.target_at + interval '12 hours' THEN 1 ELSE 0 END AS level,
           CASE WHEN t.kind IN ('answered', 'declined') THEN t.kind WHEN t.holding THEN 'holding' ELSE 'open' END
               AS status,
           bm.member_id, bm.user_id AS member_user_id, bd.id AS department_id,
           CASE WHEN t.kind = 'open' AND mod(t.i, 10) = 0 THEN NULL ELSE o.id END AS assignee_id
    FROM timed t
    JOIN bench_members bm ON bm.n = t.m
    JOIN bench_departments bd ON bd.n = t.d
    JOIN bench_officers o ON o.department_id = bd.id AND o.n = 1 + floor(t.r_officer * o.officers)::int;

    INSERT INTO deadlines_deadline (id, clock, item_type, item_id, title, path, department_id, member_user_id,
                                    assignee_id, started_at, due_at, target_at, remind_at, second_at,
                                    escalation_level, closed_at)
    SELECT i, 'enquiry.response', 'enquiries.enquiry', i, 'Enquiry ' || i || ': the state of Mill Lane',
           '/enquiries/' || public_id || '/', department_id, member_user_id, assignee_id, received_at,
           due_at, target_at, remind_at, second_at, level, answered_at
    FROM bench_enquiries;
    INSERT INTO enquiries_enquiry (id, public_id, member_id, subject, question, department_id,
                                   via_democratic_services, confidential, on_behalf_name, on_behalf_consent,
                                   on_behalf_basis, status, assigned_to_id, deadline_id, received_at,
                                   answered_at, response_working_days, answered_in_time, updated_at)
    SELECT i, public_id, member_id, 'Enquiry ' || i || ': the state of Mill Lane',
           'When will the potholes on Mill Lane be repaired?', department_id, false, false, '', false, '',
           status, assignee_id, i, received_at, answered_at, working_days, in_time,
           coalesce(answered_at, received_at)
    FROM bench_enquiries;
"""

DOCUMENTS_SQL = """
    INSERT INTO requests_app_document (id, ref, title, classification, exempt_paragraphs, contract_terms,
                                       personal_data, summary, body_text, is_active, department_id, group_id)
    SELECT %(document_base)s + j, 'BENCH-' || lpad(j::text, 6, '0'), 'Report ' || j, classification,
           CASE WHEN classification = 'exempt' THEN '[3]' ELSE '[]' END::jsonb, false, mod(j, 7) = 0, '', '', true,
           department_id,
           CASE WHEN classification IN ('party_group', 'political_advice')
                THEN (SELECT id FROM members_politicalgroup ORDER BY id LIMIT 1 OFFSET mod(j, %(groups)s)) END
    FROM (
        SELECT j, (SELECT id FROM bench_departments WHERE n = 1 + mod(j * 7, %(departments)s)) AS department_id,
               CASE WHEN r < 0.25 THEN 'public' WHEN r < 0.55 THEN 'internal' WHEN r < 0.90 THEN 'exempt'
                    WHEN r < 0.94 THEN 'confidential' WHEN r < 0.98 THEN 'party_group' ELSE 'political_advice' END
                   AS classification
        FROM (SELECT j, random() AS r FROM generate_series(1, %(documents)s) j) drawn
    ) documents;
    SELECT setval(pg_get_serial_sequence('requests_app_document', 'id'), (SELECT max(id) FROM requests_app_document));
    CREATE TEMPORARY TABLE bench_documents AS
        SELECT row_number() OVER (ORDER BY d.id)::int AS n, d.id, d.ref, d.classification, d.department_id,
               dep.head_id
        FROM requests_app_document d JOIN officers_department dep ON dep.id = d.department_id;
"""

REQUESTS_SQL = """
    CREATE TEMPORARY TABLE bench_requests AS
    WITH drawn AS (
        SELECT i, random() AS r_rule, random() AS r_when, random() AS r_decide, random() AS r_dispute,
               random() AS r_settle, random() AS r_mo, random() AS r_days,
               1 + floor(random() * (SELECT count(*) FROM bench_documents))::int AS doc,
               1 + floor(random() * (SELECT count(*) FROM bench_members))::int AS m
        FROM generate_series(1, %(requests)s) i
    ), ruled AS (
        SELECT dr.*, doc.id AS document_id, doc.ref, doc.classification, doc.department_id, doc.head_id,
               %(now)s::timestamptz - r_when * 2555 * interval '1 day' AS created_at,
               CASE WHEN doc.classification = 'public' THEN 'ACC-PUBLIC'
                    WHEN doc.classification = 'party_group' THEN 'ACC-GROUP'
                    WHEN doc.classification = 'political_advice' THEN 'ACC-ADVISER'
                    WHEN doc.classification = 'confidential' THEN 'ACC-CONFIDENTIAL'
                    WHEN r_rule < 0.01 THEN 'ACC-TERM'
                    WHEN r_rule < 0.02 THEN 'ACC-COOPTED'
                    WHEN r_rule < 0.05 THEN 'ACC-INTEREST'
                    WHEN r_rule < 0.35 THEN 'ACC-BODY'
                    WHEN r_rule < 0.47 THEN 'ACC-S100F'
                    WHEN r_rule < 0.53 THEN 'ACC-SCRUTINY'
                    WHEN r_rule < 0.56 THEN 'ACC-ON-BEHALF'
                    WHEN r_rule < 0.60 THEN 'ACC-NO-ROVING'
                    WHEN r_rule < 0.70 THEN 'ACC-PERSONAL-DATA'
                    ELSE 'ACC-NEED-TO-KNOW' END AS rule
        FROM drawn dr JOIN bench_documents doc ON doc.n = dr.doc
    ), first AS (
        SELECT *,
               CASE WHEN rule IN ('ACC-PUBLIC', 'ACC-BODY', 'ACC-S100F', 'ACC-SCRUTINY', 'ACC-GROUP', 'ACC-ADVISER')
                        THEN 'granted'
                    WHEN rule IN ('ACC-INTEREST', 'ACC-PERSONAL-DATA', 'ACC-NEED-TO-KNOW') THEN 'referred'
                    ELSE 'refused' END AS first_status
        FROM ruled
    ), determined AS (
        SELECT *,
               first_status = 'referred' AND created_at > %(now)s - interval '20 days' AS awaiting,
               CASE WHEN first_status = 'referred' AND created_at <= %(now)s - interval '20 days'
                    THEN created_at + (1 + r_days * 18) * interval '1 day' END AS decided_at
        FROM first
    ), decided AS (
        SELECT *,
               CASE WHEN decided_at IS NULL THEN first_status WHEN r_decide < 0.7 THEN 'granted' ELSE 'refused' END
                   AS decided_status,
               coalesce(decided_at, created_at) + interval '3 days' AS disputed_at
        FROM determined
    ), disputed AS (
        SELECT *, decided_status = 'refused' AND r_dispute < 0.12 AND disputed_at < %(now)s AS was_disputed
        FROM decided
    ), settled AS (
        SELECT *,
               CASE WHEN was_disputed AND disputed_at <= %(now)s - interval '28 days'
                    THEN disputed_at + (2 + r_days * 20) * interval '1 day' END AS settled_at
        FROM disputed
    )
    SELECT s.*, md5('request' || s.i)::uuid AS public_id, bm.member_id, bm.user_id AS member_user_id,
           CASE WHEN s.settled_at IS NOT NULL THEN CASE WHEN s.r_settle < 0.35 THEN 'granted' ELSE 'refused' END
                WHEN s.was_disputed THEN 'disputed' WHEN s.awaiting THEN 'referred' ELSE s.decided_status END AS status,
           s.settled_at IS NOT NULL AS final,
           -- The Monitoring Officer, or the deputy where she is conflicted (ACC-MO-CONFLICT).
           CASE WHEN s.r_mo < 0.9 THEN %(mo)s ELSE %(deputy)s END AS mo_id,
           CASE WHEN s.first_status = 'referred'
                THEN CASE WHEN s.rule = 'ACC-INTEREST' OR s.r_mo < 0.05
                          THEN CASE WHEN s.r_mo < 0.9 THEN %(mo)s ELSE %(deputy)s END ELSE s.head_id END
           END AS determiner_id
    FROM settled s JOIN bench_members bm ON bm.n = s.m;

    INSERT INTO deadlines_deadline (id, clock, item_type, item_id, title, path, department_id, member_user_id,
                                    assignee_id, started_at, due_at, target_at, remind_at, second_at,
                                    escalation_level, closed_at)
    SELECT %(rows)s + i, 'access_request.determination', 'requests_app.accessrequest', i,
           'Request to see ' || ref, '/requests/' || public_id || '/', department_id, member_user_id, determiner_id,
           created_at, created_at + interval '14 days', created_at + interval '14 days',
           created_at + interval '12 days', created_at + interval '28 days',
           CASE WHEN coalesce(decided_at, %(now)s) > created_at + interval '28 days' THEN 2
                WHEN coalesce(decided_at, %(now)s) > created_at + interval '14 days 12 hours' THEN 1 ELSE 0 END,
           decided_at
    FROM bench_requests WHERE first_status = 'referred';
    INSERT INTO deadlines_deadline (id, clock, item_type, item_id, title, path, department_id, member_user_id,
                                    assignee_id, started_at, due_at, target_at, remind_at, second_at,
                                    escalation_level, closed_at)
    SELECT %(rows)s + %(requests)s + i, 'access_request.dispute', 'requests_app.accessrequest', i,
           'Request to see ' || ref, '/requests/' || public_id || '/', %(mo_department)s, member_user_id, mo_id,
           disputed_at, disputed_at + interval '14 days', disputed_at + interval '14 days',
           disputed_at + interval '12 days', disputed_at + interval '28 days',
           CASE WHEN coalesce(settled_at, %(now)s) > disputed_at + interval '28 days' THEN 2
                WHEN coalesce(settled_at, %(now)s) > disputed_at + interval '14 days 12 hours' THEN 1 ELSE 0 END,
           settled_at
    FROM bench_requests WHERE was_disputed;
    INSERT INTO requests_app_accessrequest (id, public_id, justification, on_behalf_of_constituent, declared_interest,
                                            scrutiny_reference, status, rule_ids, deciding_rule, reasons, flags,
                                            due_at, final, dispute_grounds, created_at, updated_at, assigned_to_id,
                                            document_id, member_id, refused_by_id, deadline_id)
    SELECT i, public_id, 'I am the ward member and residents raised this at my surgery.', false,
           rule = 'ACC-INTEREST', '', status,
           jsonb_build_array(rule) || CASE WHEN decided_at IS NOT NULL THEN '["ACC-DETERMINE"]' ELSE '[]' END::jsonb
               || CASE WHEN was_disputed THEN '["ACC-DISPUTE"]' ELSE '[]' END::jsonb,
           rule, 'Decided under ' || rule || '.', '[]',
           CASE WHEN status = 'disputed' THEN disputed_at + interval '14 days'
                WHEN status = 'referred' THEN created_at + interval '14 days' END,
           final, CASE WHEN was_disputed THEN 'It is about my ward.' ELSE '' END, created_at,
           coalesce(settled_at, CASE WHEN was_disputed THEN disputed_at END, decided_at, created_at),
           CASE WHEN status = 'disputed' THEN mo_id WHEN status = 'referred' THEN determiner_id END,
           document_id, member_id,
           CASE WHEN status <> 'refused' THEN NULL WHEN final THEN mo_id WHEN decided_at IS NOT NULL THEN determiner_id
           END,
           CASE WHEN was_disputed THEN %(rows)s + %(requests)s + i WHEN first_status = 'referred' THEN %(rows)s + i END
    FROM bench_requests;
"""

COMPLAINTS_SQL = """
    CREATE TEMPORARY TABLE bench_complaints AS
    WITH drawn AS (
        SELECT i, random() AS r_kind, random() AS r_category, random() AS r_when, random() AS r_outcome,
               random() AS r_status, random() AS r_handler,
               1 + floor(random() * (SELECT count(*) FROM bench_members))::int AS m,
               1 + floor(random() * (SELECT count(*) FROM bench_people WHERE kind = 'officer'))::int AS o
        FROM generate_series(1, %(complaints)s) i
    ), paired AS (
        SELECT dr.*, bm.user_id AS member_user_id,
               (SELECT user_id FROM bench_members WHERE n = 1 + mod(dr.m, (SELECT count(*) FROM bench_members)::int))
                   AS other_member_user_id,
               (SELECT user_id FROM bench_people WHERE kind = 'officer' ORDER BY n OFFSET dr.o - 1 LIMIT 1)
                   AS officer_user_id,
               CASE WHEN r_kind < 0.45 THEN 'member-officer' WHEN r_kind < 0.8 THEN 'officer-member'
                    ELSE 'member-member' END AS pair,
               %(now)s::timestamptz - r_when * 2555 * interval '1 day' AS received_at
        FROM drawn dr JOIN bench_members bm ON bm.n = dr.m
    )
    SELECT *,
           CASE pair WHEN 'member-officer' THEN
                         CASE WHEN r_category < 0.5 THEN 'service' WHEN r_category < 0.8 THEN 'conduct'
                              ELSE 'protocol' END
                     WHEN 'officer-member' THEN
                         CASE WHEN r_category < 0.35 THEN 'bullying' WHEN r_category < 0.7 THEN 'protocol'
                              ELSE 'conduct' END
                     ELSE 'conduct' END AS category,
           CASE WHEN received_at < %(now)s - interval '120 days' OR r_status < 0.3 THEN 'closed'
                ELSE (ARRAY['received', 'acknowledged', 'assessed', 'investigating', 'standards'])
                         [1 + floor(r_status * 5)::int] END AS status
    FROM paired;

    INSERT INTO complaints_complaint (public_id, complainant_id, complainant_kind, subject_id, subject_kind, category,
                                      formal, details, status, route, route_position, assessment, outcome,
                                      outcome_reasons, independent_person_views, finding, decision_reasons,
                                      handler_id, received_at, updated_at, acknowledged_at, decided_at)
    SELECT md5('complaint' || i)::uuid,
           CASE pair WHEN 'officer-member' THEN officer_user_id ELSE member_user_id END,
           CASE pair WHEN 'officer-member' THEN 'officer' ELSE 'member' END,
           CASE pair WHEN 'member-officer' THEN officer_user_id WHEN 'officer-member' THEN member_user_id
                ELSE other_member_user_id END,
           CASE pair WHEN 'member-officer' THEN 'officer' ELSE 'member' END,
           category, r_outcome < 0.5, 'What happened, in the complainant''s words.', status, '[]', 0, '',
           CASE WHEN status = 'investigating' THEN 'investigation' WHEN status = 'standards' THEN 'standards_referral'
                WHEN status <> 'closed' THEN ''
                WHEN pair = 'member-officer'
                    THEN (ARRAY['resolved', 'upheld', 'not_upheld'])[1 + floor(r_outcome * 3)::int]
                ELSE (ARRAY['no_further_action', 'no_further_action', 'informal_resolution', 'group_leader',
                            'investigation', 'standards_referral'])[1 + floor(r_outcome * 6)::int] END,
           '', '', '', '',
           CASE WHEN status = 'standards' THEN NULL WHEN pair = 'member-officer' THEN officer_user_id
                ELSE %(mo_user)s END,
           received_at, received_at + interval '30 days',
           CASE WHEN status <> 'received' THEN received_at + interval '3 days' END,
           CASE WHEN status = 'closed' THEN received_at + interval '30 days' END
    FROM bench_complaints
    WHERE CASE pair WHEN 'member-member' THEN member_user_id <> other_member_user_id ELSE true END;
"""

AUDIT_SQL = """
    CREATE TEMPORARY TABLE bench_events AS
    SELECT e.received_at AS occurred_at, e.member_user_id AS actor_id, 'enquiry.created' AS verb,
           'enquiries.enquiry' AS target_type, e.i::text AS target_id, '["ENQ-DUE"]'::jsonb AS rule_ids,
           jsonb_build_object('department', e.department_id) AS data
    FROM bench_enquiries e
    UNION ALL
    SELECT e.answered_at, ou.user_id, 'enquiry.' || e.status, 'enquiries.enquiry', e.i::text,
           CASE e.status WHEN 'declined' THEN '["ENQ-DECLINE"]' ELSE '["ENQ-DUE"]' END::jsonb,
           jsonb_build_object('in_time', e.in_time, 'copies', '[]'::jsonb)
    FROM bench_enquiries e JOIN bench_officer_users ou ON ou.officer_id = e.assignee_id
    WHERE e.answered_at IS NOT NULL
    UNION ALL
    SELECT r.created_at, r.member_user_id, 'access_request.' || r.first_status, 'requests_app.accessrequest',
           r.i::text, jsonb_build_array(r.rule),
           jsonb_build_object('document', r.ref, 'status', r.first_status)
    FROM bench_requests r
    UNION ALL
    SELECT r.decided_at, ou.user_id, 'access_request.determined_' || r.decided_status, 'requests_app.accessrequest',
           r.i::text, '["ACC-DETERMINE"]', jsonb_build_object('document', r.ref, 'status', r.decided_status)
    FROM bench_requests r JOIN bench_officer_users ou ON ou.officer_id = r.determiner_id
    WHERE r.decided_at IS NOT NULL
    UNION ALL
    SELECT r.disputed_at, r.member_user_id, 'access_request.disputed', 'requests_app.accessrequest', r.i::text,
           '["ACC-DISPUTE", "ACC-MO-CONFLICT"]', jsonb_build_object('document', r.ref, 'status', 'disputed')
    FROM bench_requests r WHERE r.was_disputed
    UNION ALL
    SELECT r.settled_at, ou.user_id,
           'access_request.dispute_' || CASE r.status WHEN 'granted' THEN 'overturned' ELSE 'upheld' END,
           'requests_app.accessrequest', r.i::text, '["ACC-DISPUTE"]',
           jsonb_build_object('document', r.ref, 'status', r.status)
    FROM bench_requests r JOIN bench_officer_users ou ON ou.officer_id = r.mo_id WHERE r.final
    UNION ALL
    -- AUD-VIEW: each member granted a non-public document opens it one to three times.
    SELECT coalesce(r.settled_at, r.decided_at, r.created_at) + v * interval '1 day', r.member_user_id,
           'document.viewed', 'requests_app.document', r.document_id::text, '["AUD-VIEW", "ACC-USE"]',
           jsonb_build_object('ref', r.ref, 'classification', r.classification)
    FROM bench_requests r, generate_series(1, 3) v
    WHERE r.status = 'granted' AND r.classification <> 'public' AND v <= 1 + mod(r.i, 3);

    INSERT INTO audit_auditevent (sequence, occurred_at, actor_id, actor_username, verb, target_type, target_id,
                                  rule_ids, reasons, data, previous_hash, hash)
    SELECT base + k, occurred_at, actor_id, coalesce(u.username, ''), verb, target_type, target_id, rule_ids, '', data,
           md5('bench' || (base + k - 1)) || md5('chain' || (base + k - 1)),
           md5('bench' || (base + k)) || md5('chain' || (base + k))
    FROM (SELECT row_number() OVER (ORDER BY occurred_at, verb, target_id) AS k, ev.*,
                 (SELECT coalesce(max(sequence), 0) FROM audit_auditevent) AS base
          FROM bench_events ev WHERE occurred_at < %(now)s) numbered
    LEFT JOIN bench_users u ON u.user_id = numbered.actor_id;
"""

TABLES = ("enquiries_enquiry", "deadlines_deadline", "requests_app_document", "requests_app_accessrequest",
          "complaints_complaint", "audit_auditevent")


def _populate(rows, requests):
    """Write the council's seven years of enquiries, requests, complaints and audit events; return counts."""
    from django.db import connection

    from officers.models import Officer, StatutoryAppointment, StatutoryRole
    from requests_app.models import Document

    roles = dict(StatutoryAppointment.objects.filter(
        role__in=[StatutoryRole.MONITORING_OFFICER, StatutoryRole.DEPUTY_MONITORING_OFFICER])
        .values_list("role", "officer_id"))
    mo = Officer.objects.get(pk=roles[StatutoryRole.MONITORING_OFFICER])
    params = {"now": NOW, "rows": rows, "requests": requests, "documents": max(1, requests // 10),
              "complaints": max(1, rows // 33), "mo": mo.pk, "deputy": roles[StatutoryRole.DEPUTY_MONITORING_OFFICER],
              "mo_user": mo.user_id, "mo_department": mo.department_id,
              "document_base": Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0}
    steps = {}
    with connection.cursor() as cursor:
        # The rows are consistent by construction: skip the foreign-key triggers while loading, as
        # sweep.py does. Needs a superuser; otherwise they run.
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()[0]
        if superuser:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("SELECT setseed(0.2026)")  # the same rows every run
        cursor.execute(LOOKUPS_SQL)
        cursor.execute("SELECT count(*) FROM bench_departments")
        params["departments"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM members_politicalgroup")
        params["groups"] = cursor.fetchone()[0]
        for name, sql in (("enquiries", ENQUIRIES_SQL), ("documents", DOCUMENTS_SQL), ("requests", REQUESTS_SQL),
                          ("complaints", COMPLAINTS_SQL), ("audit events", AUDIT_SQL)):
            started = time.perf_counter()
            cursor.execute(sql, params)
            steps[name] = time.perf_counter() - started
        cursor.execute("""
            SELECT setval(pg_get_serial_sequence('deadlines_deadline', 'id'), (SELECT max(id) FROM deadlines_deadline));
            SELECT setval(pg_get_serial_sequence('enquiries_enquiry', 'id'), (SELECT max(id) FROM enquiries_enquiry));
            SELECT setval(pg_get_serial_sequence('requests_app_accessrequest', 'id'),
                          (SELECT max(id) FROM requests_app_accessrequest));
            DROP TABLE bench_enquiries, bench_requests, bench_complaints, bench_events, bench_documents, bench_members,
                       bench_departments, bench_officers, bench_people, bench_users, bench_officer_users;
        """)
        if superuser:
            cursor.execute("RESET session_replication_role")
        started = time.perf_counter()
        # As a live table would be: vacuumed (so index-only scans work) and analysed.
        cursor.execute(f"VACUUM ANALYZE {', '.join(TABLES)}")
        steps["vacuum analyze"] = time.perf_counter() - started
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    return counts, steps


# The figures ------------------------------------------------------------------------------------------

def _first_page(queryset):
    """As a list page shows it: the first PAGE rows and the count (Django's Paginator: two queries)."""
    from django.core.paginator import Paginator

    page = Paginator(queryset, PAGE).page(1)
    return list(page), page.paginator.count


def _figures():
    """Return [(section, name, function)]: each function evaluates a figure as a page would."""
    from officers.models import Department, StatutoryAppointment, StatutoryRole
    from protocol_portal.council.selectors import person_of
    from protocol_portal.oversight import selectors
    from protocol_portal.oversight.selectors import AuditQuery, Filters

    # The audit search as the Monitoring Officer runs it. Her page has looked her up already
    # (require_oversight), once per request, so the search adds none of those queries.
    monitoring_officer = StatutoryAppointment.objects.select_related("officer__user").get(
        role=StatutoryRole.MONITORING_OFFICER).officer.user
    person_of(monitoring_officer)

    def search(**query):
        return lambda: _first_page(selectors.audit_search(AuditQuery(**query), user=monitoring_officer))

    everything = Filters()
    one_year_one_department = Filters(start=date(2025, 4, 1), end=date(2026, 3, 31),
                                      department=Department.objects.get(code="ENV"))
    statistics = (selectors.enquiries_in_time, selectors.response_times, selectors.access_by_outcome,
                  selectors.access_by_rule, selectors.disputes, selectors.complaints_by_category_and_outcome)

    def dashboard():
        return (_first_page(selectors.awaiting_monitoring_officer()), selectors.complaints_by_stage(),
                selectors.late_work_by_department(NOW), _first_page(selectors.late_work(NOW)))

    def statistics_page(filters):
        return lambda: [figure(filters) for figure in statistics]

    figures = [
        ("dashboard", f"awaiting_monitoring_officer (first {PAGE}, count)",
         lambda: _first_page(selectors.awaiting_monitoring_officer())),
        ("dashboard", "complaints_by_stage", selectors.complaints_by_stage),
        ("dashboard", "late_work_by_department", lambda: selectors.late_work_by_department(NOW)),
        ("dashboard", f"late_work (first {PAGE}, count)", lambda: _first_page(selectors.late_work(NOW))),
        ("dashboard", "the whole dashboard", dashboard),
    ]
    figures += [("statistics", figure.__name__, (lambda f=figure: f(everything))) for figure in statistics]
    figures += [
        ("statistics", "the whole statistics page", statistics_page(everything)),
        ("statistics", "the same, ENV, April 2025 to March 2026", statistics_page(one_year_one_department)),
        ("audit", f"audit_search: reads (first {PAGE}, count)", search(kind="reads")),
        ("audit", f"audit_search: h.shah's decisions (first {PAGE}, count)", search(kind="requests", actor="h.shah")),
        ("audit", f"audit_search: DOC-0003 (first {PAGE}, count)", search(target="DOC-0003")),
    ]
    return figures


def naive_response_times():
    """response_times the naive way: every answered enquiry loaded as a model, sorted per department in Python."""
    from protocol_portal.oversight.selectors import Filters, _answered

    days, council = defaultdict(list), []
    for enquiry in _answered(Filters()).filter(response_working_days__isnull=False).select_related("department"):
        days[enquiry.department.name].append(enquiry.response_working_days)
        council.append(enquiry.response_working_days)

    def row(name, values):
        values.sort()
        n = len(values)
        return {"department": name, "answered": n, "median": values[-(-n // 2) - 1],
                "p90": values[-(-n * 9 // 10) - 1]}  # nearest rank, in integers

    return [row(name, values) for name, values in sorted(days.items())] + [row("Whole council", council)]


def naive_enquiries_in_time():
    """enquiries_in_time the naive way: every answered enquiry loaded as a model, counted per department and month."""
    from django.utils import timezone

    from protocol_portal.council.working_days import LONDON
    from protocol_portal.oversight.policy import share
    from protocol_portal.oversight.selectors import Filters, _answered

    counts = defaultdict(lambda: [0, 0])
    for enquiry in _answered(Filters()).select_related("department"):
        month = timezone.localtime(enquiry.received_at, LONDON).date().replace(day=1)
        entry = counts[enquiry.department.name, month]
        entry[0] += 1
        entry[1] += bool(enquiry.answered_in_time)
    return [{"department": name, "month": month, "answered": answered, "in_time": in_time,
             "share": share(in_time, answered)} for (name, month), (answered, in_time) in sorted(counts.items())]


def _measure(function, repeat):
    """Run ``function`` ``repeat`` times; return (best seconds, queries, result). The queries must not vary."""
    times, counts = [], set()
    for _ in range(repeat):
        with QueryCounter() as queries:
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
        counts.add(queries.count)
    assert len(counts) == 1, f"the query count varied between runs: {sorted(counts)}"
    return min(times), counts.pop(), result


def _size(result):
    """How many rows a figure shows: a list's length; a first page's count; a dict's entries."""
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], int):
        return result[1]
    if isinstance(result, (list, dict)):
        return len(result)
    return None


class _Recorder:
    """Keep the SQL and parameters of every query run inside ``with`` (for --explain)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append((sql, params))
        return execute(sql, params, many, context)


def _explain(figures):
    from django.db import connection

    print("\nEXPLAIN (ANALYZE, BUFFERS) of every query, at this size:")
    for section, name, function in figures:
        if name.startswith("the "):
            continue  # the sets repeat the figures' queries
        recorder = _Recorder()
        with connection.execute_wrapper(recorder):
            function()
        for number, (sql, params) in enumerate(recorder.queries, 1):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = "\n".join(f"    {line}" for (line,) in cursor.fetchall())
            print(f"\n  {section}: {name}, query {number} of {len(recorder.queries)}\n    {sql}\n{plan}")


def work(args):
    """In the worker process, on one database: write the rows, time every figure, save the results as JSON."""
    from django.db import connection

    started = time.perf_counter()
    counts, steps = _populate(args.rows, args.requests)
    print(f"  wrote {counts['enquiries_enquiry']:,} enquiries, {counts['requests_app_accessrequest']:,} access "
          f"requests, {counts['complaints_complaint']:,} complaints, {counts['deadlines_deadline']:,} clocks and "
          f"{counts['audit_auditevent']:,} audit events in {time.perf_counter() - started:.1f} s ("
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items()) + ")")
    with connection.cursor() as cursor:
        cursor.execute("""SELECT status, count(*) FROM requests_app_accessrequest GROUP BY status ORDER BY status""")
        statuses = ", ".join(f"{n:,} {status}" for status, n in cursor.fetchall())
        cursor.execute("""SELECT count(*) FILTER (WHERE final) FROM requests_app_accessrequest""")
        statuses += f"; {cursor.fetchone()[0]:,} disputes settled"
        cursor.execute("""SELECT count(*) FILTER (WHERE status IN ('answered', 'declined')),
                                 count(*) FILTER (WHERE status IN ('open', 'holding')) FROM enquiries_enquiry""")
        answered, still_open = cursor.fetchone()
        cursor.execute("""SELECT count(*) FILTER (WHERE closed_at IS NULL),
                                 count(*) FILTER (WHERE closed_at IS NULL AND (target_at < %s OR escalation_level >= 1))
                          FROM deadlines_deadline""", [NOW])
        open_clocks, late = cursor.fetchone()
    print(f"  enquiries: {answered:,} answered or declined, {still_open:,} open; clocks: {open_clocks:,} open, "
          f"{late:,} of them late or escalated")
    print(f"  requests: {statuses}")

    results = {"counts": counts, "figures": {}, "naive": {}}
    figures = _figures()
    for section, name, function in figures:
        seconds, queries, result = _measure(function, REPEAT)
        results["figures"][name] = {"section": section, "ms": seconds * 1000, "queries": queries,
                                    "rows": None if name.startswith("the ") else _size(result)}
    from protocol_portal.oversight import selectors
    from protocol_portal.oversight.selectors import Filters

    for name, naive, figure in (("response_times", naive_response_times, selectors.response_times),
                                ("enquiries_in_time", naive_enquiries_in_time, selectors.enquiries_in_time)):
        seconds, queries, result = _measure(naive, NAIVE_REPEAT)
        assert result == figure(Filters()), f"the naive {name} disagrees with the selector"
        results["naive"][name] = {"ms": seconds * 1000, "queries": queries}
    Path(args.results).write_text(json.dumps(results))
    if args.explain:
        _explain(figures)


# The two runs and the table ---------------------------------------------------------------------------

def _run_size(args, label, rows, requests, work_dir):
    """Create, migrate and fill one throwaway database in a worker process; return its results."""
    with _PostgresDatabase(args.database_url) as url:
        (work_dir / label).mkdir()
        env = _environment(work_dir / label, url)
        started = time.perf_counter()
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "import_council", str(RIVERSIDE))
        print(f"{label}: migrated a fresh database and imported Riverside in {time.perf_counter() - started:.1f} s",
              flush=True)
        results = work_dir / f"{label}.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--rows", str(rows),
                   "--requests", str(requests), "--results", str(results)]
        if label == "full":
            command += ["--explain"] if args.explain else []
        done = subprocess.run(command, cwd=ROOT, env=env)
        if done.returncode:
            sys.exit(f"the {label} run failed (exit {done.returncode})")
        return json.loads(results.read_text())


def _report(args, small, full):
    print(f"\nThe Monitoring Officer's figures on PostgreSQL: small = {args.rows // 10:,} enquiries and "
          f"{args.requests // 10:,} access requests, full = {args.rows:,} and {args.requests:,}; best of {REPEAT}")
    header = (f"  {'figure':<54}{'queries':>8}{'queries':>8}{'ms':>9}{'ms':>9}{'full /':>8}{'rows':>8}{'rows':>8}")
    print(header)
    print(f"  {'':<54}{'small':>8}{'full':>8}{'small':>9}{'full':>9}{'small':>8}{'small':>8}{'full':>8}")
    differ = []
    section = None
    for name, measured in full["figures"].items():
        if measured["section"] != section:
            section = measured["section"]
            print(f"  {section}")
        before = small["figures"][name]
        if before["queries"] != measured["queries"]:
            differ.append(name)
        rows = [f"{r:>8,}" if r is not None else f"{'':>8}" for r in (before["rows"], measured["rows"])]
        print(f"    {name:<52}{before['queries']:>8}{measured['queries']:>8}{before['ms']:>9.1f}{measured['ms']:>9.1f}"
              f"{measured['ms'] / before['ms']:>7.1f}x{rows[0]}{rows[1]}")
    print(f"  the naive way (every answered enquiry loaded as a model; best of {NAIVE_REPEAT})")
    for name, measured in full["naive"].items():
        before = small["naive"][name]
        print(f"    {name:<52}{before['queries']:>8}{measured['queries']:>8}{before['ms']:>9.1f}{measured['ms']:>9.1f}"
              f"{measured['ms'] / before['ms']:>7.1f}x")
    for name, measured in full["naive"].items():
        print(f"  {name}: the naive way takes {measured['ms'] / full['figures'][name]['ms']:.0f}x the selector's time "
              f"at full size ({measured['ms']:,.0f} ms against {full['figures'][name]['ms']:,.1f} ms), "
              f"{small['naive'][name]['ms'] / small['figures'][name]['ms']:.0f}x at small")
    if differ:
        print(f"\nQUERY COUNTS DIFFER between the sizes for: {', '.join(differ)}")
        return 1
    print("\nEvery figure ran the same number of queries at both sizes.")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="enquiries in the full run (default 100,000)")
    parser.add_argument("--requests", type=int, default=20_000, help="access requests in the full run (default 20,000)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server (by any database on it); fresh databases are created beside it")
    parser.add_argument("--explain", action="store_true",
                        help="after timing, print EXPLAIN (ANALYZE, BUFFERS) of every figure's queries at full size")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--results", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:  # one size, in the environment _run_size gives it
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        work(args)
        return 0

    started = time.perf_counter()
    work_dir = Path(tempfile.mkdtemp(prefix="portal-bench-oversight-"))
    try:
        small = _run_size(args, "small", args.rows // 10, args.requests // 10, work_dir)
        full = _run_size(args, "full", args.rows, args.requests, work_dir)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    status = _report(args, small, full)
    print(f"The whole run took {time.perf_counter() - started:.0f} s.")
    return status


if __name__ == "__main__":
    sys.exit(main())
