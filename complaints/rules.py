"""The complaint and declared-relationship rules in plain English, with their sources (RULES.md)."""
from requests_app.rules import Rule

COMPLAINT_RULES = {rule.id: rule for rule in [
    Rule("CMP-ROUTE-OFFICER", "A member's complaint about an officer goes to the first Head of Service or higher above "
         "them in their management line: their Head of Service, Director or the Chief Executive; one about the Chief "
         "Executive goes to the Monitoring Officer, and a formal one is also told to the chair of the employment "
         "committee.", "Protocol 001 §10.1; 003 ¶136; 002 §31.3(3)"),
    Rule("CMP-ROUTE-MEMBER", "A complaint about a member, by an officer or by another member, goes to the Monitoring "
         "Officer, whether it alleges a breach of the Members' Code or of this protocol.",
         "Protocol 001 §10.2; 003 ¶139"),
    Rule("CMP-CONFLICT", "Nobody handles a complaint that is about them, by them, or about someone with whom they have "
         "a declared relationship; the next person in the route takes it, and the Deputy Monitoring Officer stands in "
         "for the Monitoring Officer.", "Protocol 003 ¶46, ¶57"),
    Rule("CMP-TIMES", "A complaint is acknowledged within the council's acknowledgement days (5 working days) and "
         "given an initial assessment within its assessment days (20 working days); both are escalated if late, as "
         "enquiries are.", "The council's complaint timescales"),
    Rule("CMP-OUTCOMES", "For a complaint about a member the Monitoring Officer decides: no further action, informal "
         "resolution (including referral to the member's group leader), investigation, or referral to the Standards "
         "Committee. An investigated allegation is decided only after the Independent Person's views are recorded. "
         "Suspension is not an available sanction.", "Protocol 003 ¶139; 000 §11.2; Localism Act 2011 s.28(7)"),
    Rule("CMP-ARBITRATE", "Unresolved difficulties between members and officers go first to the Head of Service or "
         "Director, then the Monitoring Officer, then the Chief Executive, and last to the Standards Committee.",
         "Protocol 000 §11.1-11.2"),
    Rule("CMP-BULLYING", "Bullying and harassment are a complaint category of their own.", "Protocol 002 §31.3"),
    Rule("CMP-PRIVACY", "A complaint is seen only by the person who made it, the people who handle or handled it, and "
         "the Monitoring Officer and deputy; the person complained about sees it once its handler tells them.",
         "Protocol Portal privacy rules"),
    Rule("REL-DECLARE", "Members and officers declare close personal, family or business relationships with each "
         "other.", "Protocol 003 ¶45-46, ¶56-57"),
    Rule("REL-CONFLICT", "A person with a declared relationship never assigns, answers, determines or handles anything "
         "that concerns the other; it goes to the next person up their management line, and for the Monitoring "
         "Officer to the deputy.", "Protocol 003 ¶46, ¶57"),
]}


def explain(rule_ids):
    """Return the Rule for each known ID, in order."""
    return [COMPLAINT_RULES[rule_id] for rule_id in dict.fromkeys(rule_ids) if rule_id in COMPLAINT_RULES]
