"""TEMPORARY: replaced by the pages helper."""


def complaint_list(request, **kwargs):
    raise NotImplementedError


def complaint_new(request, **kwargs):
    raise NotImplementedError


def complaint_detail(request, **kwargs):
    raise NotImplementedError


def complaint_acknowledge(request, **kwargs):
    raise NotImplementedError


def complaint_assess(request, **kwargs):
    raise NotImplementedError


def complaint_notify_subject(request, **kwargs):
    raise NotImplementedError


def complaint_escalate(request, **kwargs):
    raise NotImplementedError


def complaint_outcome(request, **kwargs):
    raise NotImplementedError


def complaint_independent_person(request, **kwargs):
    raise NotImplementedError


def complaint_decide(request, **kwargs):
    raise NotImplementedError


def relationship_list(request, **kwargs):
    raise NotImplementedError


def relationship_withdraw(request, **kwargs):
    raise NotImplementedError


def relationship_register(request, **kwargs):
    raise NotImplementedError
