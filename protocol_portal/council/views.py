"""Sign-in, sign-out and the home page that fits the person."""
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .forms import SignInForm
from .selectors import home_for, person_of


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@login_required
def home(request):
    person = person_of(request.user)
    return render(request, "council/home.html", {"home": home_for(person)})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without context processors: they query the database, which may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def permission_denied(request, exception):
    return render(request, "403.html", {"reason": str(exception) if exception else ""}, status=403)
