"""Generate a large, valid, realistic council file (COUNCIL-FILE.md) for benchmarks.

The same arguments and seed always give the same file, byte for byte, so timings can be compared
between runs and machines:

    python benchmarks/generate_council.py --members 60 --officers 3000 --documents 20000 -o council.yaml

The council has directorates and departments each led by a Director or Head of Service,
management lines that form a tree under the Chief Executive, every statutory role, party groups
with political assistants, wards, the usual committees with members and meetings, documents of
every classification with valid Schedule 12A paragraphs and groups, and a few declared
relationships. Nothing here touches Django: it only writes YAML.
"""
import argparse
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

TODAY = date(2026, 11, 23)  # fixed, so terms that "have ended" stay ended whatever day this runs
TERM_START, TERM_END = date(2023, 5, 4), date(2027, 5, 6)
MIN_MEMBERS, MIN_OFFICERS = 12, 12

FIRST_NAMES = """Aaliyah Adam Aisha Alan Alice Amir Amy Andrew Anna Ben Beth Callum Carol Chloe Chris Claire
Connor Daniel David Deborah Dev Eleanor Elena Emily Emma Farah Fiona Freya Gareth George Grace Hannah Harry
Helen Hugo Imogen Isaac Jack James Jane Jasmine Joanna John Jonathan Joseph Karen Kate Kieran Laura Leah Liam
Lily Lucy Luke Mark Martin Mary Matthew Megan Michael Mohammed Molly Nadia Naomi Neil Nicola Noah Oliver
Olivia Omar Paul Peter Philip Priya Rachel Rebecca Richard Robert Rosie Ruth Ryan Samuel Sarah Sean Simon
Sophie Stephen Susan Thomas Tom Victoria William Yasmin Zoe""".split()
SURNAMES = """Abbott Adams Ahmed Allen Anderson Armstrong Atkinson Bailey Baker Barker Barnes Bell Bennett Black
Bradley Brooks Brown Burton Butler Campbell Carter Chapman Clark Clarke Cole Collins Cook Cooper Cox Crawford
Davies Dawson Dixon Edwards Ellis Evans Fisher Fletcher Foster Fox Gibson Graham Gray Green Griffiths Hall
Hamilton Harris Harrison Hart Hayes Hill Holmes Hughes Hunt Hussain Jackson James Jenkins Johnson Jones Kaur
Kelly Kennedy Khan King Knight Lawrence Lee Lewis Lloyd Marshall Martin Mason Matthews Miller Mills Mitchell
Moore Morgan Morris Murphy Murray Owen Palmer Parker Patel Pearce Phillips Powell Price Reid Reynolds
Richards Richardson Roberts Robinson Rogers Rose Ross Russell Scott Shaw Simpson Singh Smith Spencer Stevens
Stewart Taylor Thomas Thompson Turner Walker Walsh Ward Watson Webb White Wilkinson Williams Wilson Wood
Wright Young""".split()
PLACES = """Abbey Ashby Beacon Bridge Brook Castle Chapel Church Cliff Common Dale Elm Fern Forest Ford Gate
Green Grove Harbour Heath Hill Kings Lea Marsh Meadow Mill Moor Oak Orchard Park Priory Quay Queens Rose
Saint Stone Thorn Vale Water Well Wood""".split()
PLACE_QUALIFIERS = ["", "North ", "South ", "East ", "West ", "Upper ", "Lower ", "Old ", "New "]

DIRECTORATES = ["Place", "People", "Resources", "Communities", "Economy and Growth", "Adults and Health",
                "Children and Education", "Environment", "Corporate Services", "Neighbourhoods"]
# Always present: Legal and Democratic Services (the Monitoring Officer's, and Democratic Services),
# Finance (the s.151 officer's) and Human Resources; the rest are drawn from the pool.
FIXED_DEPARTMENTS = [("LEGAL", "Legal and Democratic Services"), ("FIN", "Finance"), ("HR", "Human Resources")]
DEPARTMENTS = ["Planning", "Building Control", "Housing Needs", "Housing Management", "Environmental Health",
               "Waste and Recycling", "Parks and Open Spaces", "Leisure and Culture", "Revenues", "Benefits",
               "Procurement", "ICT and Digital", "Customer Services", "Economic Development", "Regeneration",
               "Property and Estates", "Highways", "Parking Services", "Licensing", "Community Safety",
               "Adult Social Care", "Children's Social Care", "Education and Skills", "Public Health",
               "Libraries", "Communications", "Policy and Performance", "Emergency Planning", "Internal Audit",
               "Transport", "Trading Standards", "Bereavement Services", "Electoral Services", "Coastal Protection",
               "Street Scene", "Private Sector Housing", "Strategic Housing", "Commissioning", "Facilities Management",
               "Insurance and Risk"]
RANKS = ["Officer", "Senior Officer", "Assistant", "Technical Officer", "Administrator", "Case Officer",
         "Team Leader", "Apprentice", "Project Officer", "Support Officer"]
GROUPS = [("LD", "Liberal Democrat Group"), ("CON", "Conservative Group"), ("LAB", "Labour Group"),
          ("GRN", "Green Group"), ("IND", "Independent Alliance Group"), ("REF", "Reform Group")]
PORTFOLIOS = ["Strategy and Partnerships", "Finance and Resources", "Housing", "Planning and Regeneration",
              "Environment and Climate", "Community Safety", "Leisure and Culture", "Economy and Skills",
              "Health and Wellbeing", "Transport"]
TOPICS = ["Budget monitoring", "Capital programme", "Service review", "Procurement plan", "Risk register",
          "Performance report", "Consultation responses", "Options appraisal", "Business case", "Asset disposal",
          "Lease renewal", "Grant funding bid", "Enforcement case", "Licence application", "Complaint review",
          "Audit findings", "Staffing restructure", "Contract variation", "Policy refresh", "Fees and charges",
          "Site acquisition", "Planning application", "Investigation report", "Traffic regulation order",
          "Data-matching results", "Tender evaluation", "Land valuation", "Condition survey"]

CLASSIFICATION_WEIGHTS = [("public", 30), ("internal", 35), ("exempt", 20), ("confidential", 3),
                          ("party_group", 6), ("political_advice", 6)]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Write dates plain (2026-12-09), as the spec's example file does, not quoted."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
# A date is written as its plain YYYY-MM-DD text; without the timestamp resolver above, the default
# representer would tag it !!timestamp, which the importer's loader would not read as text.
_Dumper.add_representer(date, lambda dumper, value: dumper.represent_str(value.isoformat()))


class _Names:
    """Hand out unique usernames and codes, adding a number on a clash."""

    def __init__(self):
        self.used = set()

    def unique(self, base):
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}{n}"
        self.used.add(candidate)
        return candidate


def _code(name, names):
    words = [w for w in re.split(r"[^A-Za-z]+", name.replace("'s", ""))
             if w and w.lower() not in {"and", "of", "the"}]
    base = "".join(w[0] for w in words) if len(words) > 1 else words[0][:6]
    return names.unique(base.upper())


def _username(*parts):
    # Surnames such as O'Neill or Smith-Jones keep only the letters a username allows.
    return re.sub(r"[^a-z.]", "", ".".join(parts).lower())


def build_council(*, members=60, officers=3000, documents=20000, seed=2026):
    """Return a council file, as plain data, with the given numbers of members, officers and documents."""
    if members < MIN_MEMBERS or officers < MIN_OFFICERS or documents < 1:
        raise ValueError(f"need at least {MIN_MEMBERS} members, {MIN_OFFICERS} officers and 1 document")
    rng = random.Random(seed)
    usernames, codes = _Names(), _Names()

    def person_name():
        return rng.choice(FIRST_NAMES), rng.choice(SURNAMES)

    # --- structure: directorates and departments ---------------------------------------------
    n_directorates = max(2, min(len(DIRECTORATES), officers // 600))
    # Roughly a hundred staff per department, but never more heads than the officers allow.
    n_departments = max(len(FIXED_DEPARTMENTS), min(officers // 100, (officers - 2 - n_directorates) // 2))
    directorate_rows = [{"code": _code(name, codes), "name": name, "director": None}
                        for name in DIRECTORATES[:n_directorates]]
    pool = rng.sample(DEPARTMENTS, min(len(DEPARTMENTS), n_departments))
    names = [name for _, name in FIXED_DEPARTMENTS] + pool
    while len(names) < n_departments:  # very large councils: area teams of the same services
        name = f"{rng.choice(DEPARTMENTS)} ({rng.choice(PLACES)} area)"
        if name not in names:
            names.append(name)
    department_rows = []
    for i, name in enumerate(names[:n_departments]):
        code = codes.unique(FIXED_DEPARTMENTS[i][0]) if i < len(FIXED_DEPARTMENTS) else _code(name, codes)
        # Corporate departments sit in the Resources directorate (the third), as they usually do.
        directorate = directorate_rows[min(2, n_directorates - 1) if i < len(FIXED_DEPARTMENTS) else i % n_directorates]
        department_rows.append({"code": code, "name": name, "directorate": directorate["code"], "head": None})
    legal, finance = department_rows[0]["code"], department_rows[1]["code"]

    # --- officers: a tree under the Chief Executive -------------------------------------------
    officer_rows = []

    def officer(post, grade, department, manager, *, restricted=None):
        first, last = person_name()
        username = usernames.unique(_username(first[0], last))
        row = {"username": username, "name": f"{first} {last}", "email": f"{username}@council.example",
               "post": post, "grade": grade, "department": department, "manager": manager,
               "statutory_roles": [],
               "politically_restricted": restricted if restricted is not None else grade != "officer",
               "political_assistant_to": None}
        officer_rows.append(row)
        return row

    chief = officer("Chief Executive", "chief_executive", None, None)
    chief["statutory_roles"].append("head_of_paid_service")
    for d in directorate_rows:
        d["director"] = officer(f"Director of {d['name']}", "director", None, chief["username"])["username"]
    director_of = {d["code"]: d["director"] for d in directorate_rows}
    heads = {}
    for dept in department_rows:
        head = officer(f"Head of {dept['name']}", "head_of_service", dept["code"], director_of[dept["directorate"]])
        dept["head"] = heads[dept["code"]] = head["username"]
    next(o for o in officer_rows if o["username"] == heads[legal])["statutory_roles"].append("monitoring_officer")
    next(o for o in officer_rows if o["username"] == heads[finance])["statutory_roles"].append("chief_finance_officer")

    # Spread the remaining staff over departments unevenly, as real councils are.
    remaining = officers - len(officer_rows)
    weights = [rng.uniform(0.4, 2.0) for _ in department_rows]
    sizes = [0] * len(department_rows)
    sizes[0] = 1  # Legal needs a service manager to be the Deputy Monitoring Officer
    for i in rng.choices(range(len(department_rows)), weights=weights, k=max(0, remaining - 1)):
        sizes[i] += 1
    for dept, size in zip(department_rows, sizes):
        managers = []
        n_managers = max(1, round(size / 15)) if size else 0
        for _ in range(n_managers):
            managers.append(officer(f"{dept['name']} Manager", "service_manager", dept["code"], heads[dept["code"]]))
        team_leaders = []
        for _ in range(size - n_managers):
            rank = rng.choice(RANKS)
            # Managers always appear earlier in the list, so the lines are trees and never cycles.
            boss = rng.choice(managers + team_leaders) if team_leaders and rng.random() < 0.4 else rng.choice(managers)
            row = officer(f"{rank}, {dept['name']}", "officer", dept["code"], boss["username"],
                          restricted=rng.random() < 0.08)
            if rank == "Team Leader":
                team_leaders.append(row)
    legal_staff = [o for o in officer_rows if o["department"] == legal]
    deputy = next(o for o in legal_staff if o["grade"] == "service_manager")
    deputy["statutory_roles"].append("deputy_monitoring_officer")
    deputy["post"] = "Principal Solicitor and Deputy Monitoring Officer"

    # --- groups, wards and members ------------------------------------------------------------
    n_co_opted, n_independent = max(1, members // 30), max(1, members // 40)
    n_elected = members - n_co_opted - n_independent
    n_groups = max(3, min(len(GROUPS), n_elected // 12))
    group_rows = [{"code": code, "name": name} for code, name in GROUPS[:n_groups]]
    n_wards = max(1, n_elected // 3)
    ward_names, wards = set(), []
    while len(wards) < n_wards:
        name = f"{rng.choice(PLACE_QUALIFIERS)}{rng.choice(PLACES)}{rng.choice(['', 'field', 'ton', 'ley', 'bury'])}"
        if name not in ward_names:
            ward_names.add(name)
            wards.append({"code": codes.unique(re.sub(r"[^A-Za-z]", "", name)[:20].upper()), "name": f"{name} Ward"})

    # Assistants: one each for the first two groups (SI 2012/2089 allows one per group).
    managing = {o["manager"] for o in officer_rows}
    ordinary = [o for o in officer_rows if o["grade"] == "officer" and o["username"] not in managing]
    for group, assistant in zip(group_rows[:2], ordinary[:2]):
        assistant.update(post=f"Political Assistant to the {group['name']}", political_assistant_to=group["code"],
                         politically_restricted=True)

    n_no_group = max(1, n_elected // 20)
    n_expired = max(1, n_elected // 25)
    # The largest group runs the council; the rest share the remaining seats.
    shares = [0.45] + [0.55 / (n_groups - 1)] * (n_groups - 1)
    group_of = rng.choices([g["code"] for g in group_rows], weights=shares, k=n_elected - n_no_group) + [None] * n_no_group
    group_of[: n_groups] = [g["code"] for g in group_rows]  # every group has at least one member
    ward_cycle = [wards[i % n_wards]["code"] for i in range(n_elected)]
    rng.shuffle(ward_cycle)
    member_rows = []

    def member(prefix, kind, group, wards_, term):
        first, last = person_name()
        username = usernames.unique(_username(prefix, last))
        title = {"elected": "Cllr", "co_opted": rng.choice(["Mr", "Mrs", "Ms"]), "independent_person": "Dr"}[kind]
        row = {"username": username, "name": f"{title} {first} {last}", "email": f"{username}@council.example",
               "kind": kind, "group": group, "group_roles": [], "council_roles": [], "portfolio": None,
               "wards": wards_, "term": term}
        member_rows.append(row)
        return row

    full_term = {"start": TERM_START, "end": TERM_END}
    elected = []
    for i, group in enumerate(group_of):
        term = full_term
        if i >= len(group_of) - n_no_group - n_expired and group is not None:
            # Resigned during 2026 (ACC-TERM): their term has ended before TODAY.
            term = {"start": TERM_START, "end": TODAY - timedelta(days=rng.randint(30, 200))}
        elected.append(member("cllr", "elected", group, [ward_cycle[i]], term))
    for _ in range(n_co_opted):
        member("co", "co_opted", None, [], {"start": date(2024, 6, 1), "end": date(2028, 5, 31)})
    for _ in range(n_independent):
        member("ip", "independent_person", None, [], {"start": date(2024, 4, 1), "end": date(2028, 3, 31)})

    current = [m for m in elected if m["term"]["end"] >= TODAY]
    for group in group_rows:
        in_group = [m for m in current if m["group"] == group["code"]]
        for role, holder in zip(["leader", "deputy_leader", "spokesperson", "spokesperson"], in_group):
            holder["group_roles"].append(role)
    ruling = [m for m in current if m["group"] == group_rows[0]["code"]]
    cabinet = ruling[: min(len(ruling) - 1, len(PORTFOLIOS))] if len(ruling) > 1 else ruling
    for portfolio, m in zip(PORTFOLIOS, cabinet):
        m["council_roles"].append("cabinet_member")
        m["portfolio"] = portfolio
    cabinet[0]["council_roles"].insert(0, "leader_of_council")
    if len(cabinet) > 1:
        cabinet[1]["council_roles"].insert(0, "deputy_leader_of_council")
    backbench = [m for m in current if "cabinet_member" not in m["council_roles"]]
    chair_of_council = next((m for m in backbench if m["group"] == group_rows[0]["code"]), backbench[0])
    chair_of_council["council_roles"].append("chair_of_council")

    # --- bodies and meetings -------------------------------------------------------------------
    co_opted = [m for m in member_rows if m["kind"] == "co_opted"]
    independents = [m for m in member_rows if m["kind"] == "independent_person"]
    opposition = [m for m in backbench if m["group"] != group_rows[0]["code"]]
    vice_chair = [m for m in opposition if m is not chair_of_council][:1]  # customarily from the opposition

    def seats(people):
        return [{"member": m["username"], "position": ("chair", "vice_chair")[i] if i < 2 else "member"}
                for i, m in enumerate(people)]

    def pick(people, n):
        return rng.sample(people, min(n, len(people)))

    scrutiny = pick(opposition, 1) + pick([m for m in backbench if m not in opposition], 1)
    scrutiny += pick([m for m in backbench if m not in scrutiny], 10)
    sub_a, sub_b = pick(scrutiny, 5), pick(scrutiny, 5)
    body_rows = [
        {"code": "COUNCIL", "name": "Full Council", "kind": "full_council", "parent": None,
         "members": seats([chair_of_council] + vice_chair
                          + [m for m in current if m is not chair_of_council and m not in vice_chair])},
        {"code": "CABINET", "name": "Cabinet", "kind": "cabinet", "parent": None, "members": seats(cabinet)},
        {"code": "OSC", "name": "Overview and Scrutiny Committee", "kind": "overview_scrutiny", "parent": None,
         "members": seats(scrutiny)},
        {"code": "OSC-PLACE", "name": "Place Scrutiny Sub-Committee", "kind": "sub_committee", "parent": "OSC",
         "members": seats(sub_a + co_opted[: len(co_opted) // 2 + 1])},
        {"code": "OSC-PEOPLE", "name": "People Scrutiny Sub-Committee", "kind": "sub_committee", "parent": "OSC",
         "members": seats(sub_b + co_opted[len(co_opted) // 2 + 1:])},
        {"code": "PLANNING", "name": "Planning Committee", "kind": "regulatory", "parent": None,
         "members": seats(pick(backbench, 11))},
        {"code": "LICENSING", "name": "Licensing Committee", "kind": "regulatory", "parent": None,
         "members": seats(pick(backbench, 9))},
        {"code": "AUDIT", "name": "Audit and Governance Committee", "kind": "committee", "parent": None,
         "members": seats(pick(backbench, 7))},
        {"code": "STANDARDS", "name": "Standards Committee", "kind": "standards", "parent": None,
         "members": seats(pick(current, 5) + independents)},
        {"code": "EMPLOYMENT", "name": "Employment Committee", "kind": "employment", "parent": None,
         "members": seats(cabinet[:2] + pick(opposition, 3))},
    ]
    meeting_rows = []
    for b, body in enumerate(body_rows):
        for month in range(12):  # June 2026 to May 2027, one meeting a month, on a weekday
            first = date(2026 + (5 + month) // 12, (5 + month) % 12 + 1, 1)
            day = first + timedelta(days=7 + b % 14)
            day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)
            meeting_rows.append({"ref": f"MTG-{body['code']}-{day.isoformat()}", "body": body["code"],
                                 "date": day, "public": True})
    meetings_by_body = {}
    for m in meeting_rows:
        meetings_by_body.setdefault(m["body"], []).append(m["ref"])

    # --- documents -----------------------------------------------------------------------------
    kinds, kind_weights = zip(*CLASSIFICATION_WEIGHTS)
    body_codes = [b["code"] for b in body_rows]
    dept_codes = [d["code"] for d in department_rows]
    ward_codes = [w["code"] for w in wards]
    ward_name = {w["code"]: w["name"] for w in wards}
    document_rows = []
    for i in range(documents):
        classification = rng.choices(kinds, weights=kind_weights)[0]
        row = {"ref": f"DOC-{i + 1:06d}", "title": "", "department": rng.choices(dept_codes, weights=weights)[0],
               "body": None, "meeting": None, "classification": classification, "exempt_paragraphs": [],
               "contract_terms": False, "group": None, "personal_data": False, "wards": [],
               "summary": "", "body_text": ""}
        topic = rng.choice(TOPICS)
        if classification in ("party_group", "political_advice"):
            row["group"] = rng.choice(group_rows)["code"]
            row["department"] = legal
            prefix = "Group notes" if classification == "party_group" else "Advice to the group"
            row["title"] = f"{prefix}: {topic.lower()} ({row['group']})"
        else:
            where = rng.random()
            if where < 0.45:
                row["body"] = rng.choice(body_codes)
                row["meeting"] = rng.choice(meetings_by_body[row["body"]])
            elif where < 0.65:
                row["body"] = rng.choice(body_codes)
            if classification == "exempt":
                row["exempt_paragraphs"] = sorted(rng.sample(range(1, 8), rng.choice([1, 1, 1, 2])))
                row["contract_terms"] = 3 in row["exempt_paragraphs"] and rng.random() < 0.5
                row["personal_data"] = bool({1, 2} & set(row["exempt_paragraphs"])) and rng.random() < 0.8
            else:
                row["personal_data"] = classification != "public" and rng.random() < 0.1
            if rng.random() < 0.4:
                row["wards"] = sorted(rng.sample(ward_codes, min(len(ward_codes), rng.choice([1, 1, 2]))))
            place = f" - {ward_name[row['wards'][0]]}" if row["wards"] else ""
            row["title"] = f"{topic}{place} ({2025 + i % 3}/{26 + i % 3})"
        row["summary"] = f"{topic} prepared by {next(d['name'] for d in department_rows if d['code'] == row['department'])}."
        row["body_text"] = (f"{topic}: {rng.randint(2, 95)} items reviewed; estimated cost "
                            f"{rng.randint(10, 990) * 1000:,} pounds; next review {rng.choice(['March', 'June', 'September', 'December'])}.")
        document_rows.append(row)

    # --- declared relationships ----------------------------------------------------------------
    monitoring_officer = heads[legal]
    pairs = [(current[0]["username"], monitoring_officer, "personal"),
             (current[1]["username"], heads[department_rows[-1]["code"]], "family")]
    seen = {(a, b) for a, b, _ in pairs}
    kinds_cycle = ["family", "personal", "business"]
    while len(pairs) < max(3, members // 8):
        a, b = rng.choice(member_rows)["username"], rng.choice(officer_rows)["username"]
        if (a, b) not in seen:
            seen.add((a, b))
            pairs.append((a, b, kinds_cycle[len(pairs) % 3]))
    relationships = [{"between": [a, b], "kind": kind} for a, b, kind in pairs]

    return {
        "council": {
            "name": "Benchmark Borough Council", "nation": "england", "bank_holidays": "england-and-wales",
            "closure_days": [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)],
            "enquiry_response_days": 10, "enquiry_day_kind": "working", "reminder_days_before": 2,
            "second_escalation_days": 5, "complaint_ack_days": 5, "complaint_assess_days": 20,
            "briefing_approver": "chief_executive", "democratic_services": legal,
            "clear_days_exclude_non_working": True,
        },
        "groups": group_rows,
        "wards": wards,
        "directorates": directorate_rows,
        "departments": department_rows,
        "officers": officer_rows,
        "members": member_rows,
        "bodies": body_rows,
        "meetings": meeting_rows,
        "documents": document_rows,
        "relationships": relationships,
    }


def write_council(path, data):
    """Write council data to ``path`` as YAML: block style, with short lists inline."""
    header = "# Generated by benchmarks/generate_council.py: a fictional council for timing the importer.\n"
    with open(path, "w", encoding="utf-8") as out:
        out.write(header)
        yaml.dump(data, out, Dumper=_Dumper, sort_keys=False, default_flow_style=None, allow_unicode=True, width=4096)


def main(argv=None):
    """Parse the command line, generate the council and write it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--officers", type=int, default=3000)
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2026, help="Random seed; the same seed gives the same file.")
    parser.add_argument("-o", "--output", required=True, type=Path, help="Where to write the YAML file.")
    args = parser.parse_args(argv)
    try:
        data = build_council(members=args.members, officers=args.officers, documents=args.documents, seed=args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    write_council(args.output, data)
    print(f"Wrote {args.output}: {len(data['members'])} members, {len(data['officers'])} officers, "
          f"{len(data['documents'])} documents.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
