"""What every page needs to say who you are."""
from .selectors import current_council


def portal(request):
    """Add the council's name and the signed-in person's role to every template."""
    from .selectors import person_of

    user = getattr(request, "user", None)
    return {
        "council": current_council(),
        "person": person_of(user) if user is not None and user.is_authenticated else None,
    }
