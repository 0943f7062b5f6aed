"""What every page needs to say who you are."""
from .selectors import current_council


def portal(request):
    """Add the council's name and the signed-in person's role to every template."""
    from .selectors import person_of

    return {
        "council": current_council(),
        "person": person_of(request.user) if request.user.is_authenticated else None,
    }
