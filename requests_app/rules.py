"""The access rules in plain English, with where each comes from (RULES.md, the seeds, the law).

Every automatic decision shown to a person lists the rule IDs that produced it with these summaries.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    source: str


ACCESS_RULES = {rule.id: rule for rule in [
    Rule("ACC-TERM", "Only a member whose term of office covers today can be given council documents.",
         "Protocol 000 §2.2; 003 ¶15"),
    Rule("ACC-GROUP", "A party group's internal papers are for that group's members only.",
         "Protocol 000 §6.7; 003 ¶116; 004 §11"),
    Rule("ACC-ADVISER", "Advice from a political adviser or assistant to a group is for that group's members only.",
         "Protocol 004 §11; Local Authorities (Executive Arrangements) (Meetings and Access to Information) "
         "(England) Regulations 2012, reg. 17"),
    Rule("ACC-PUBLIC", "Published documents are open to every member.", "Access to Information Rules"),
    Rule("ACC-COOPTED", "Co-opted members and Independent Persons see the papers of the bodies they sit on, not others.",
         "Protocol 002 §31.13"),
    Rule("ACC-INTEREST", "A member with a personal or prejudicial interest in the subject needs the Monitoring "
         "Officer's decision before seeing the papers.", "Protocol 003 ¶114"),
    Rule("ACC-BODY", "A member of the Council, Cabinet, a committee or sub-committee may see the documents about "
         "that body's business, exempt and confidential ones included.",
         "Protocol 000 §6.6; 003 ¶111; R v Birmingham City Council ex p O [1983]"),
    Rule("ACC-CONFIDENTIAL", "Confidential information in the legal sense (disclosure forbidden by law or by a "
         "government department's terms) cannot be given on a need-to-know basis.", "Local Government Act 1972 s.100A(3)"),
    Rule("ACC-S100F", "Any member may see documents about business to be transacted at a meeting, unless they hold "
         "exempt information other than Schedule 12A paragraph 6, or paragraph 3 without contract terms.",
         "Protocol 000 §6.3; 001 §6.6; 002 §31.12(3); Local Government Act 1972 s.100F(2), (2A)"),
    Rule("ACC-SCRUTINY", "A member of an overview and scrutiny committee may see the executive's documents; for exempt "
         "ones the request must name the scrutiny item or review they serve.",
         "Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England) Regulations 2012, reg. 17"),
    Rule("ACC-ON-BEHALF", "Unpublished documents are not given to a member on behalf of a constituent or other third party.",
         "Protocol 003 ¶110"),
    Rule("ACC-NO-ROVING", "A member must say why they need a document to carry out their role: there is no roving "
         "commission, and mere curiosity is not enough.", "Protocol 000 §6.5; 001 §6.1, §6.4"),
    Rule("ACC-PERSONAL-DATA", "A document holding personal information about other people needs a specific reason; "
         "the Head of Service decides, with data-protection advice from the Monitoring Officer.",
         "Protocol 000 §6.6; 003 ¶114"),
    Rule("ACC-NEED-TO-KNOW", "Otherwise the Head of Service holding the document decides whether the member needs to "
         "know.", "Protocol 000 §6.4-6.5; 003 ¶112"),
    Rule("ACC-DETERMINE", "The Head of Service holding the document grants or refuses a referred request, giving "
         "written reasons for a refusal, or refers it to the Monitoring Officer.", "Protocol 000 §6.5; 003 ¶113"),
    Rule("ACC-DISPUTE", "A member may dispute a refusal; the Monitoring Officer's determination is final.",
         "Protocol 000 §6.5; 003 ¶113"),
    Rule("ACC-MO-CONFLICT", "Where the Monitoring Officer heads the holding department, made the refusal, or has a "
         "declared relationship with the member, the Deputy Monitoring Officer acts instead.", "Protocol 003 ¶46, ¶113"),
    Rule("REL-CONFLICT", "Nobody decides anything concerning a person they have declared a close relationship with; "
         "it goes to the next person up their management line.", "Protocol 003 ¶46, ¶57"),
    Rule("ACC-USE", "A document given to a member may be used only for the purpose given in the request, and must "
         "not be disclosed.", "Protocol 000 §6.9; 001 §7; 002 §31.16; 003 ¶115, ¶117"),
    Rule("ACC-EXPIRY", "Access given to a member ends when their term of office ends.", "Protocol 002 §31.16; 000 §2.2"),
    Rule("ACC-OFFICER", "Officers read what their own department holds, and what a request puts before them to decide.",
         "Protocol 003 ¶30, ¶87"),
    Rule("AUD-VIEW", "Every time a non-public document is opened, the view is recorded.", "Protocol Portal audit rules"),
]}


def explain(rule_ids):
    """Return the Rule for each ID, in order, skipping any this module does not describe."""
    return [ACCESS_RULES[rule_id] for rule_id in rule_ids if rule_id in ACCESS_RULES]
