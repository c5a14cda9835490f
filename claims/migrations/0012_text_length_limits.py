"""Limit every free text of the record, in the model and in the database."""

from django.db import migrations

import tracker.fields

# The limits held by the database too (history tables excepted: they keep whatever a row held).
LIMITS = [
    ("claims_commentator", "bio", 5000),
    ("claims_commentator", "links", 5000),
    ("claims_topic", "description", 2000),
    ("claims_claim", "quote", 5000),
    ("claims_claim", "statement", 1000),
    ("claims_claim", "resolution_criteria", 2000),
    ("claims_claim", "condition", 1000),
    ("claims_claim", "retraction_note", 2000),
    ("claims_evidence", "note", 2000),
    ("claims_resolution", "rationale", 10000),
    ("claims_walkback", "text", 5000),
    ("claims_reply", "text", 5000),
    ("claims_dispute", "reason", 5000),
    ("claims_dispute", "decision", 5000),
]


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0011_cited_evidence_fixed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="claim",
            name="condition",
            field=tracker.fields.BoundedTextField(
                blank=True,
                help_text='For a conditional claim, the condition alone ("if sanctions are enforced aggressively"); the statement then holds the consequence. A claim whose condition was not met is void, not scored.',
                max_length=1000,
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="quote",
            field=tracker.fields.BoundedTextField(
                help_text="The commentator's words, verbatim, as published.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="resolution_criteria",
            field=tracker.fields.BoundedTextField(
                help_text="What would make the claim true, and what would make it false, as concretely as possible.",
                max_length=2000,
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="retraction_note",
            field=tracker.fields.BoundedTextField(
                blank=True, editable=False, help_text="Why the claim was retracted.", max_length=2000
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="statement",
            field=tracker.fields.BoundedTextField(
                help_text="A neutral, checkable restatement of the claim that someone else could judge.",
                max_length=1000,
            ),
        ),
        migrations.AlterField(
            model_name="claimevent",
            name="condition",
            field=tracker.fields.BoundedTextField(
                blank=True,
                help_text='For a conditional claim, the condition alone ("if sanctions are enforced aggressively"); the statement then holds the consequence. A claim whose condition was not met is void, not scored.',
                max_length=1000,
            ),
        ),
        migrations.AlterField(
            model_name="claimevent",
            name="quote",
            field=tracker.fields.BoundedTextField(
                help_text="The commentator's words, verbatim, as published.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="claimevent",
            name="resolution_criteria",
            field=tracker.fields.BoundedTextField(
                help_text="What would make the claim true, and what would make it false, as concretely as possible.",
                max_length=2000,
            ),
        ),
        migrations.AlterField(
            model_name="claimevent",
            name="retraction_note",
            field=tracker.fields.BoundedTextField(
                blank=True, editable=False, help_text="Why the claim was retracted.", max_length=2000
            ),
        ),
        migrations.AlterField(
            model_name="claimevent",
            name="statement",
            field=tracker.fields.BoundedTextField(
                help_text="A neutral, checkable restatement of the claim that someone else could judge.",
                max_length=1000,
            ),
        ),
        migrations.AlterField(
            model_name="commentator",
            name="bio",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="A short, neutral description.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="commentator",
            name="links",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="Web pages about the commentator, one http(s) address per line.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="commentatorevent",
            name="bio",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="A short, neutral description.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="commentatorevent",
            name="links",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="Web pages about the commentator, one http(s) address per line.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="dispute",
            name="decision",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="The editor's reasons for upholding or overturning.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="dispute",
            name="reason",
            field=tracker.fields.BoundedTextField(help_text="Why the resolution is wrong.", max_length=5000),
        ),
        migrations.AlterField(
            model_name="disputeevent",
            name="decision",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="The editor's reasons for upholding or overturning.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="disputeevent",
            name="reason",
            field=tracker.fields.BoundedTextField(help_text="Why the resolution is wrong.", max_length=5000),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="note",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="Why this report bears on the claim.", max_length=2000
            ),
        ),
        migrations.AlterField(
            model_name="evidenceevent",
            name="note",
            field=tracker.fields.BoundedTextField(
                blank=True, help_text="Why this report bears on the claim.", max_length=2000
            ),
        ),
        migrations.AlterField(
            model_name="reply",
            name="text",
            field=tracker.fields.BoundedTextField(help_text="The reply, verbatim where possible.", max_length=5000),
        ),
        migrations.AlterField(
            model_name="replyevent",
            name="text",
            field=tracker.fields.BoundedTextField(help_text="The reply, verbatim where possible.", max_length=5000),
        ),
        migrations.AlterField(
            model_name="resolution",
            name="rationale",
            field=tracker.fields.BoundedTextField(help_text="Why this outcome, citing the evidence.", max_length=10000),
        ),
        migrations.AlterField(
            model_name="resolutionevent",
            name="rationale",
            field=tracker.fields.BoundedTextField(help_text="Why this outcome, citing the evidence.", max_length=10000),
        ),
        migrations.AlterField(
            model_name="topic",
            name="description",
            field=tracker.fields.BoundedTextField(blank=True, max_length=2000),
        ),
        migrations.AlterField(
            model_name="topicevent",
            name="description",
            field=tracker.fields.BoundedTextField(blank=True, max_length=2000),
        ),
        migrations.AlterField(
            model_name="walkback",
            name="text",
            field=tracker.fields.BoundedTextField(
                help_text="What they said, verbatim or closely summarised.", max_length=5000
            ),
        ),
        migrations.AlterField(
            model_name="walkbackevent",
            name="text",
            field=tracker.fields.BoundedTextField(
                help_text="What they said, verbatim or closely summarised.", max_length=5000
            ),
        ),
        *tracker.fields.length_checks(LIMITS),
    ]
