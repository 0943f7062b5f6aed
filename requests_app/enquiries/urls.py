"""Pages for members' enquiries."""
from django.urls import path

from . import views

app_name = "enquiries"
urlpatterns = [
    path("enquiries/", views.enquiry_list, name="enquiries"),
    path("enquiries/new/", views.enquiry_new, name="enquiry-new"),
    path("enquiries/<uuid:public_id>/", views.enquiry_detail, name="enquiry"),
    path("enquiries/<uuid:public_id>/assign/", views.enquiry_assign, name="enquiry-assign"),
    path("enquiries/<uuid:public_id>/route/", views.enquiry_route, name="enquiry-route"),
    path("enquiries/<uuid:public_id>/holding-reply/", views.enquiry_holding_reply, name="enquiry-holding-reply"),
    path("enquiries/<uuid:public_id>/response/", views.enquiry_respond, name="enquiry-respond"),
    path("enquiries/<uuid:public_id>/decline/", views.enquiry_decline, name="enquiry-decline"),
    path("enquiries/<uuid:public_id>/guidance/", views.enquiry_guidance, name="enquiry-guidance"),
]
