"""What every page needs to say who you are."""
from .selectors import current_council


def portal(request):
    """Add the council's name and the signed-in person's role to every template, and whether they may open the
    Monitoring Officer's pages (asked only when a template looks, at most once a request)."""
    from .selectors import person_of

    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "council": current_council(),
        "person": person_of(user) if signed_in else None,
        "may_oversee": (lambda: _may_oversee(user)) if signed_in else False,
    }


def _may_oversee(user):
    cached = getattr(user, "_portal_may_oversee", None)
    if cached is None:
        from protocol_portal.oversight.selectors import may_oversee

        cached = user._portal_may_oversee = may_oversee(user)
    return cached
