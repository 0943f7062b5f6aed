"""The enquiry, correspondence and calendar rules in plain English, with their sources (RULES.md)."""
from requests_app.rules import ACCESS_RULES, Rule

ENQUIRY_RULES = {rule.id: rule for rule in [
    Rule("WD-COUNT", "Deadlines count working days after the day something arrives, and end at 23:59 on the last "
         "day, in London time.", "Protocol Portal calendar rules"),
    Rule("ENQ-DUE", "A member's enquiry gets a full response within the council's response days (10 working days).",
         "Protocol 002 §31.15"),
    Rule("ENQ-HOLDING", "If a full response cannot be given in time, the officer sends a holding reply with the reasons "
         "and a revised date before the target passes; only then does the target move.", "Protocol 002 §31.15"),
    Rule("ENQ-REMIND", "Two working days before the target, the assigned officer is reminded if no full response "
         "has been sent.", "Protocol 002 §31.15"),
    Rule("ENQ-ESCALATE", "When the target passes with no full response, the department's Director is told; five "
         "working days later, the Chief Executive.", "Protocol 002 §31.15; 000 §11.1"),
    Rule("ENQ-TRIAGE", "Democratic Services or the department assigns the enquiry to an officer; members cannot set "
         "its priority or jump the queue.", "Protocol 003 ¶48-49, ¶108; 000 §6.1"),
    Rule("ENQ-ON-BEHALF", "An enquiry for a constituent names them and records their consent, and must concern the "
         "member's ward or a role the Council gave the member.", "Protocol 003 ¶110; 002 §31.11"),
    Rule("ENQ-CONFIDENTIAL", "A member may ask that the advice they receive is kept confidential from other members; "
         "it then is.", "Protocol 003 ¶118"),
    Rule("ENQ-DECLINE", "An officer declines work of a purely political or personal nature, citing the protocol; a "
         "decline is a full response.", "Protocol 001 §8.2; 003 ¶133; 004 §15"),
    Rule("ENQ-RESOURCES", "Where answering needs significant resources, the officer records that the Chief Officer's "
         "guidance was sought first.", "Protocol 002 §31.12(2)"),
    Rule("COR-NO-BLIND", "Everyone a message goes to sees everyone else it goes to: there are no blind copies.",
         "Protocol 003 ¶126"),
    Rule("COR-COPY", "A reply is copied to another member only when the member who asked is told so in the reply "
         "itself.", "Protocol 000 §7.1; 003 ¶126; 004 §14"),
    Rule("COR-CONCERNS", "A reply containing information about another councillor is copied to that councillor.",
         "Protocol 004 §14"),
    Rule("REL-CONFLICT", "Nobody handles anything concerning a person they have declared a close relationship with; "
         "it goes to the next person up their management line.", "Protocol 003 ¶46, ¶57"),
]}

DECLINE_RULES = ("ENQ-DECLINE",)


def explain(rule_ids):
    """Return the Rule for each ID, in order, from the enquiry rules and then the access rules."""
    known = {**ACCESS_RULES, **ENQUIRY_RULES}
    return [known[rule_id] for rule_id in dict.fromkeys(rule_ids) if rule_id in known]
