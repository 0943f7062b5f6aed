"""The framework's limit for load.py: a signed-in page that runs one query of 50 documents and nothing else."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from requests_app.models import Document


@require_GET
@login_required
def limit(request):
    """Return the first 50 documents' refs and titles as plain text: one query, as a list page's rows would be.

    It passes through the same middleware (session, user, CSRF, CSP, axes) as the portal's pages, so
    the session and user lookups are counted too; what it leaves out is the page's own work.
    """
    rows = Document.objects.order_by("ref").values_list("ref", "title")[:50]
    return HttpResponse("".join(f"{ref}\t{title}\n" for ref, title in rows), content_type="text/plain; charset=utf-8")
