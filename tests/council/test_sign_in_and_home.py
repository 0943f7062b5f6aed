"""Sign-in, lockout, sign-out and a home page that fits the person."""
import pytest
import time_machine
from django.test.utils import CaptureQueriesContext
from django.db import connection

from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "The username or password is not right. Check both and try again."


def _sign_in(client, username, password):
    return client.post("/sign-in/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_home_needs_sign_in(client, riverside):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/"


def test_sign_in_page_is_a_gov_uk_page(client, riverside):
    page = client.get("/sign-in/").content.decode()
    assert 'class="govuk-template' in page
    assert "govuk-header" in page and "Riverside Borough Council" in page
    assert '<label class="govuk-label" for="id_username">Username</label>' in page


def test_signing_in_lands_on_home(client, riverside):
    response = _sign_in(client, "cllr.ahmed", DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/").content.decode()
    assert "Signed in as <strong>Cllr Sara Ahmed</strong>" in home
    assert "Leader of the Council" in home


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(client, riverside):
    wrong_password = _sign_in(client, "cllr.byrne", "not-the-password").content.decode()
    unknown_user = _sign_in(client, "cllr.nobody", "not-the-password").content.decode()
    assert WRONG in wrong_password and WRONG in unknown_user
    assert "govuk-error-summary" in wrong_password
    assert "cllr.nobody" not in unknown_user.replace('value="cllr.nobody"', "")


def test_empty_fields_say_what_to_enter(client, riverside):
    page = client.post("/sign-in/", {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in page and "Enter your password" in page


def test_repeated_failures_lock_out_even_the_right_password(client, riverside):
    for _ in range(5):
        _sign_in(client, "cllr.clarke", "guess")
    locked = _sign_in(client, "cllr.clarke", DEMO_PASSWORD)
    assert locked.status_code == 429
    assert "You are locked out" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post_and_ends_the_session(client, riverside):
    _sign_in(client, "o.baker", DEMO_PASSWORD)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/"
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "username, sees, does_not_see",
    [
        ("cllr.ahmed", ["Your place on the council", "Cabinet", "North Ward", "Portfolio", "Strategy"], ["The council at a glance", "Your post"]),
        ("cllr.nolan", ["Member of no group", "West Ward"], ["The council at a glance"]),
        ("mr.quinn", ["Co-opted member", "Children and Families Scrutiny Sub-Committee"], ["The council at a glance"]),
        ("o.baker", ["Your post", "Planning Officer", "Planning and Building Control", "Yusuf Ali"], ["The council at a glance", "Your place on the council"]),
        ("h.patel", ["Your post", "Your team", "Yusuf Ali"], ["The council at a glance"]),
        ("c.wright", ["Chief Executive", "Head of Paid Service", "Corporate leadership", "Your team"], ["The council at a glance"]),
        ("h.shah", ["Monitoring Officer", "The council at a glance", "Audit trail"], []),
        ("s.evans", ["Deputy Monitoring Officer", "The council at a glance", "Audit trail"], []),
    ],
)
def test_home_fits_the_person(client_as, username, sees, does_not_see):
    page = client_as(username).get("/").content.decode()
    for text in sees:
        assert text in page, text
    for text in does_not_see:
        assert text not in page, text


def test_home_query_count_does_not_grow_with_team_or_seats(client_as, riverside, person):
    """A page's queries stay constant as the lists on it grow (STYLE.md habit 4)."""
    from officers.models import Officer

    client = client_as("h.patel")
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    patel = Officer.objects.get(user__username="h.patel")
    Officer.objects.filter(user__username__in=["o.chen", "o.dunn", "o.forde"]).update(manager=patel)
    with CaptureQueriesContext(connection) as after:
        page = client.get("/").content.decode()
    assert "Lily Chen" in page
    assert len(after) == len(before)


def test_admin_is_for_staff_and_the_monitoring_officer_only(client_as, riverside):
    """The admin is for Django staff and, since issue 7, the Monitoring Officer's office; not other officers."""
    response = client_as("c.wright").get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client_as("h.shah").get("/admin/").status_code == 200


def test_unknown_pages_are_gov_uk_404s(client_as):
    response = client_as("cllr.ahmed").get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_pages_send_a_nonce_csp_without_unsafe_inline(client, riverside):
    response = client.get("/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "'nonce-" in policy and "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_role_description_does_not_repeat_a_role_the_post_already_names():
    from officers.models import Officer
    from protocol_portal.council.models import User
    from protocol_portal.council.selectors import Person

    officer = Officer(post="Head of Legal and Monitoring Officer", grade="head_of_service")
    person = Person(user=User(username="x"), officer=officer, statutory_roles=("monitoring_officer", "chief_finance_officer"))
    assert person.role_description == "Head of Legal and Monitoring Officer, Chief Finance Officer (s.151)"


@time_machine.travel("2026-11-23 12:00 +0000")
def test_council_figures_count_only_members_in_office(client_as):
    """ACC-TERM's notion of office: a member whose term has ended is not counted as in office."""
    page = client_as("h.shah").get("/").content.decode()
    # Riverside has 17 members; Cllr Okoro's term ended in 2023.
    assert '<th scope="row" class="govuk-table__header">Members in office</th><td class="govuk-table__cell govuk-table__cell--numeric">16</td>' in page


def test_the_server_error_page_renders_without_the_database(rf):
    """The 500 page must not need what may have failed: no context processors, no queries."""
    from django.test.utils import CaptureQueriesContext

    from protocol_portal.council.views import server_error

    with CaptureQueriesContext(connection) as queries:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert len(queries) == 0


def test_an_overlong_username_is_refused_before_it_reaches_the_lockout_log(client, riverside):
    """Found by fuzzing on PostgreSQL: Django never checks the sign-in username's length, so 300 characters
    reached django-axes' 255-character column and the page failed with a 500. Now it is a form error."""
    from axes.models import AccessAttempt

    response = client.post("/sign-in/", {"username": "a" * 300, "password": "anything at all"})
    assert response.status_code == 200
    assert "“Username” must be 150 characters or fewer." in response.content.decode()
    assert not AccessAttempt.objects.exists()
