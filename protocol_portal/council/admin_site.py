"""The Django admin arranged for the Monitoring Officer's staff (issue 7): read-mostly, in sections they know.

Who may open it: superusers and staff as Django has them, and the people who may open the oversight
pages (the Monitoring Officer, the deputy and staff she authorised), signed in through the portal.
"""
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

# Section -> the models in it, by "app_label.model_name", in the order shown.
SECTIONS = {
    "Council data": ["council.council", "officers.directorate", "officers.department", "members.body",
                     "members.meeting", "members.politicalgroup", "members.ward"],
    "People": ["council.user", "members.member", "officers.officer", "officers.statutoryappointment",
               "complaints.declaredrelationship", "oversight.oversightaccess"],
    "Documents and requests": ["requests_app.document", "requests_app.accessrequest"],
    "Casework": ["enquiries.enquiry", "briefings.briefing", "deadlines.deadline"],
    "Audit": ["audit.auditevent"],
}


def may_use_admin(user):
    from protocol_portal.oversight.selectors import may_oversee

    return user.is_active and (user.is_staff or user.is_superuser or may_oversee(user))


class PortalAdminSite(admin.AdminSite):
    site_header = "Protocol Portal administration"
    site_title = "Protocol Portal"
    index_title = "Council records, people, documents and casework"

    def has_permission(self, request):
        return request.user.is_authenticated and may_use_admin(request.user)

    def get_app_list(self, request, app_label=None):
        """Return the models grouped into the sections above, not by Django app."""
        models = {f"{app['app_label']}.{m['object_name'].lower()}": m
                  for app in super().get_app_list(request, app_label) for m in app["models"]}
        sections = []
        for name, labels in SECTIONS.items():
            entries = [models.pop(label) for label in labels if label in models]
            if entries:
                sections.append({"name": name, "app_label": name.lower().replace(" ", "-"), "app_url": "",
                                 "has_module_perms": True, "models": entries})
        if models:
            sections.append({"name": "Other", "app_label": "other", "app_url": "", "has_module_perms": True,
                             "models": sorted(models.values(), key=lambda m: m["name"])})
        return sections


class PortalAdminConfig(AdminConfig):
    default_site = "protocol_portal.council.admin_site.PortalAdminSite"
