"""What every app's pages share: turning an action's refusal into a page, and GOV.UK pagination."""
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from .errors import Conflict, Invalid, NotAllowed, NotFound

PAGE_SIZE = 50


def answers_action_errors(back_link):
    """Decorate a view so NotFound is the site's 404 and other refusals a page saying why.

    ``back_link(kwargs)`` returns (url, text) for the way back from such a page, or None.
    """
    def decorate(view):
        @wraps(view)
        def answer(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404() from None  # the site's one 404 page, the same for secret and missing
            except (NotAllowed, Conflict, Invalid) as error:
                return cannot(request, error, back=back_link(kwargs))
        return answer
    return decorate


def cannot(request, error, *, back=None, ask=None):
    """Render the page saying what cannot be done and why, with the error's status (400, 403, 409)."""
    titles = {403: "You cannot do that", 409: "This has already changed", 400: "There is a problem"}
    return render(request, "requests_app/cannot.html", {
        "title": titles.get(error.status, "You cannot do that"), "message": error.message, "back": back, "ask": ask,
    }, status=error.status)


def page_of(request, queryset, *, param="page", page_size=PAGE_SIZE):
    """Return (page, GOV.UK pagination links or None) for ``queryset``, keeping the other query parameters."""
    paginator = Paginator(queryset, page_size)
    page = paginator.get_page(request.GET.get(param))
    if paginator.num_pages <= 1:
        return page, None

    def href(number):
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}"

    items = [{"ellipsis": True} if number == paginator.ELLIPSIS else
             {"number": number, "href": href(number), "current": number == page.number}
             for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)]
    return page, {
        "previous": href(page.previous_page_number()) if page.has_previous() else None,
        "next": href(page.next_page_number()) if page.has_next() else None,
        "items": items,
    }


def act_on_form(request, form, act, announce, *, success, again):
    """Run ``act(form)`` on a valid posted ActionForm: on success, redirect to ``success`` with
    ``announce(result)`` in a banner; if the form or the action refuses (Invalid), return ``again(form)``,
    the page shown again with every error on its field."""
    if form.is_valid():
        try:
            result = act(form)
        except Invalid as error:
            form.add_action_errors(error)
        else:
            messages.success(request, announce(result))
            return redirect(success)
    return again(form)
