"""The briefing rules in plain English, with their sources (RULES.md)."""
from requests_app.enquiries.rules import ENQUIRY_RULES
from requests_app.rules import Rule

BRIEFING_RULES = {rule.id: rule for rule in [
    Rule("BRF-REQUEST", "A group leader or spokesperson, or a member of no group, asks for an officer briefing on a "
         "matter of Council business, saying whether people who are not council members will attend.",
         "Protocol 000 §3.1; 003 ¶81; 004 §8"),
    Rule("BRF-APPROVE", "No officer is assigned until the council's approver (the Chief Executive, or the Director "
         "of the department concerned) approves.", "Protocol 002 §31.10; 000 §3.1"),
    Rule("BRF-SENIOR", "Only a senior officer (service manager grade or above) is assigned; they may nominate "
         "another officer to attend instead, and the nomination is recorded.", "Protocol 003 ¶9, ¶92"),
    Rule("BRF-NON-COUNCIL", "Where people who are not council members will attend, an officer normally does not; "
         "the approver records a reason to approve.", "Protocol 003 ¶82; 004 §9"),
    Rule("BRF-SCOPE", "A briefing covers factual information and professional advice on Council business only, "
         "never party business; the officer may decline.", "Protocol 000 §3.2; 003 ¶82-83"),
    Rule("BRF-EQUAL", "When a briefing is approved, an equivalent briefing on the same matter is offered to every "
         "other group and to members of no group.", "Protocol 002 §31.10; 003 ¶91; 004 §7-8"),
    Rule("BRF-SAME-ADVICE", "The officer records the advice given; a group that accepts the equal offer receives "
         "substantially the same advice.", "Protocol 003 ¶91"),
    Rule("BRF-NOTIFY", "After a briefing, or a report prepared for a group, every other group is told that it "
         "happened and its subject, never what was discussed; any group may ask for a copy of the report and "
         "receives it.", "Protocol 003 ¶97"),
    Rule("BRF-CONFIDENTIAL", "The group's record of its discussion is seen only by that group's members and the "
         "officers who attended.", "Protocol 000 §3.3; 003 ¶87"),
    Rule("BRF-VERIFY", "An officer verifies, or corrects, what a group's written record attributes to them before "
         "the record is final.", "Protocol 003 ¶93"),
    ENQUIRY_RULES["REL-CONFLICT"],
]}


def explain(rule_ids):
    """Return the Rule for each known ID, in order."""
    return [BRIEFING_RULES[rule_id] for rule_id in dict.fromkeys(rule_ids) if rule_id in BRIEFING_RULES]
