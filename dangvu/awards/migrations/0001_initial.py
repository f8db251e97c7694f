from django.db import migrations


class Migration(migrations.Migration):
    """Empty: the app's tables come in the migrations after it."""

    dependencies: list = []
    operations: list = []
