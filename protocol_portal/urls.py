from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from protocol_portal.council import api as council_api
from protocol_portal.council import views as council_views


api_v1 = [
    path("me", council_api.MeView.as_view(), name="api-me"),
    path("calendar/due-date", council_api.DueDateView.as_view(), name="api-calendar-due-date"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("requests_app.api_urls")),
    path("", include("requests_app.enquiries.api_urls")),
    path("", include("requests_app.briefings.api_urls")),
    path("", include("complaints.api_urls")),
    path("<path:rest>", council_api.api_not_found),
]

urlpatterns = [
    path("", council_views.home, name="home"),
    path("sign-in/", council_views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", council_views.SignOutView.as_view(), name="sign-out"),
    path("", include("requests_app.urls")),
    path("", include("requests_app.enquiries.urls")),
    path("", include("requests_app.briefings.urls")),
    path("", include("complaints.urls")),
    path("", include("protocol_portal.oversight.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
]

handler404 = "protocol_portal.council.views.page_not_found"
handler403 = "protocol_portal.council.views.permission_denied"
handler500 = "protocol_portal.council.views.server_error"
