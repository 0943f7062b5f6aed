"""Give every oversight authorisation a random public id for its address (issue 9: ids in URLs cannot be counted through).

Existing rows get theirs in the second step, one by one, before the column becomes unique.
"""
import uuid

from django.db import migrations, models


def give_public_ids(apps, schema_editor):
    model = apps.get_model("oversight", "OversightAccess")
    for row in model.objects.filter(public_id__isnull=True).only("pk"):
        model.objects.filter(pk=row.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [("oversight", "0001_initial")]

    operations = [
        migrations.AddField(model_name="oversightaccess", name="public_id", field=models.UUIDField(editable=False, null=True)),
        migrations.RunPython(give_public_ids, migrations.RunPython.noop),
        migrations.AlterField(model_name="oversightaccess", name="public_id",
                              field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
    ]
