from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "requests_app.enquiries"
    label = "enquiries"
    verbose_name = "Member enquiries"
