"""TEMPORARY: replaced by the pages helper."""


def briefing_list(request, **kwargs):
    raise NotImplementedError


def briefing_new(request, **kwargs):
    raise NotImplementedError


def offer_respond(request, **kwargs):
    raise NotImplementedError


def notice_detail(request, **kwargs):
    raise NotImplementedError


def report_copy(request, **kwargs):
    raise NotImplementedError


def briefing_detail(request, **kwargs):
    raise NotImplementedError


def briefing_approve(request, **kwargs):
    raise NotImplementedError


def briefing_reject(request, **kwargs):
    raise NotImplementedError


def briefing_nominate(request, **kwargs):
    raise NotImplementedError


def briefing_decline(request, **kwargs):
    raise NotImplementedError


def briefing_deliver(request, **kwargs):
    raise NotImplementedError


def record_write(request, **kwargs):
    raise NotImplementedError


def record_attribute(request, **kwargs):
    raise NotImplementedError


def attribution_verify(request, **kwargs):
    raise NotImplementedError


def record_finalise(request, **kwargs):
    raise NotImplementedError
