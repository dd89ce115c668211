# One sign-up grant per account: a new ledger kind and a partial unique constraint.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0002_drop_redundant_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='ledgerentry',
            name='kind',
            field=models.CharField(choices=[('grant', 'Grant'), ('signup_grant', 'Sign-up grant'), ('purchase', 'Purchase'), ('subscription', 'Subscription'), ('reserve', 'Reserve'), ('release', 'Release'), ('capture', 'Capture'), ('adjustment', 'Adjustment')], max_length=16),
        ),
        migrations.AddConstraint(
            model_name='ledgerentry',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'signup_grant')), fields=('account',), name='ledger_one_signup_grant_per_account'),
        ),
    ]
