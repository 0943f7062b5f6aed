"""Pages for complaints (CMP-*) and declared relationships (REL-DECLARE)."""
from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/<uuid:public_id>/", views.complaint_detail, name="complaint"),
    path("complaints/<uuid:public_id>/acknowledge/", views.complaint_acknowledge, name="complaint-acknowledge"),
    path("complaints/<uuid:public_id>/assess/", views.complaint_assess, name="complaint-assess"),
    path("complaints/<uuid:public_id>/notify-subject/", views.complaint_notify_subject,
         name="complaint-notify-subject"),
    path("complaints/<uuid:public_id>/escalate/", views.complaint_escalate, name="complaint-escalate"),
    path("complaints/<uuid:public_id>/outcome/", views.complaint_outcome, name="complaint-outcome"),
    path("complaints/<uuid:public_id>/independent-person/", views.complaint_independent_person,
         name="complaint-independent-person"),
    path("complaints/<uuid:public_id>/decision/", views.complaint_decide, name="complaint-decide"),
    path("relationships/", views.relationship_list, name="relationships"),
    path("relationships/<uuid:public_id>/withdraw/", views.relationship_withdraw, name="relationship-withdraw"),
    path("relationships/register/", views.relationship_register, name="register"),
]
