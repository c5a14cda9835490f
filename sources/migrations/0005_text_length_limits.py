"""Limit every free text of the record, in the model and in the database."""

from django.db import migrations

import tracker.fields

# The limits held by the database too (history tables excepted: they keep whatever a row held).
LIMITS = [
    ("sources_source", "description", 5000),
    ("sources_report", "summary", 5000),
    ("sources_report", "excerpt", 1000),
]


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0004_source_report_count"),
    ]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="excerpt",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="An optional short verbatim passage (at most 1,000 characters).", max_length=1000
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="summary",
            field=tracker.fields.BoundedTextField(
                help_text="What the report says, in the editor's own words.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="excerpt",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="An optional short verbatim passage (at most 1,000 characters).", max_length=1000
            ),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="summary",
            field=tracker.fields.BoundedTextField(
                help_text="What the report says, in the editor's own words.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="description",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="What it is, who runs it, and why it has this grade.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="sourceevent",
            name="description",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="What it is, who runs it, and why it has this grade.", max_length=5000
            ),
        ),
        *tracker.fields.length_checks(LIMITS),
    ]
