"""SignupRecord and RetainedIdentification move to accounts (accounts 0003 takes them up).

Only names change: the tables are renamed, their rows stay as they are.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0006_report_reasons_shared"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="signuprecord", table="accounts_signuprecord"),
                migrations.AlterModelTable(
                    name="retainedidentification", table="accounts_retainedidentification"
                ),
            ],
            state_operations=[
                migrations.DeleteModel(name="SignupRecord"),
                migrations.DeleteModel(name="RetainedIdentification"),
            ],
        ),
    ]
