"""The OpenAPI schema that councils' other systems build against: valid, and free of warnings."""
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_validates_without_warnings(tmp_path):
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"),
                 stdout=out, stderr=out)
    schema = (tmp_path / "schema.yaml").read_text()
    for path in ["/api/v1/documents/", "/api/v1/documents/{ref}/content", "/api/v1/access-requests/",
                 "/api/v1/access-requests/{id}/determination", "/api/v1/access-requests/{id}/refer",
                 "/api/v1/access-requests/{id}/dispute", "/api/v1/me", "/api/v1/calendar/due-date"]:
        assert f"{path}:" in schema, path
