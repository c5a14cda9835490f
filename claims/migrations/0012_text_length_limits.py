"""Limit every free text of the record, in the model and in the database."""

from django.db import migrations

import tracker.fields


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
        # The limits held by the database too (history tables excepted: they keep whatever a row held).
        migrations.RunSQL(
            'ALTER TABLE "claims_commentator" ADD CONSTRAINT "claims_commentator_bio_length" CHECK (char_length("bio") <= 5000)',
            'ALTER TABLE "claims_commentator" DROP CONSTRAINT "claims_commentator_bio_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_commentator" ADD CONSTRAINT "claims_commentator_links_length" CHECK (char_length("links") <= 5000)',
            'ALTER TABLE "claims_commentator" DROP CONSTRAINT "claims_commentator_links_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_topic" ADD CONSTRAINT "claims_topic_description_length" CHECK (char_length("description") <= 2000)',
            'ALTER TABLE "claims_topic" DROP CONSTRAINT "claims_topic_description_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_claim" ADD CONSTRAINT "claims_claim_quote_length" CHECK (char_length("quote") <= 5000)',
            'ALTER TABLE "claims_claim" DROP CONSTRAINT "claims_claim_quote_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_claim" ADD CONSTRAINT "claims_claim_statement_length" CHECK (char_length("statement") <= 1000)',
            'ALTER TABLE "claims_claim" DROP CONSTRAINT "claims_claim_statement_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_claim" ADD CONSTRAINT "claims_claim_resolution_criteria_length" CHECK (char_length("resolution_criteria") <= 2000)',
            'ALTER TABLE "claims_claim" DROP CONSTRAINT "claims_claim_resolution_criteria_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_claim" ADD CONSTRAINT "claims_claim_condition_length" CHECK (char_length("condition") <= 1000)',
            'ALTER TABLE "claims_claim" DROP CONSTRAINT "claims_claim_condition_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_claim" ADD CONSTRAINT "claims_claim_retraction_note_length" CHECK (char_length("retraction_note") <= 2000)',
            'ALTER TABLE "claims_claim" DROP CONSTRAINT "claims_claim_retraction_note_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_evidence" ADD CONSTRAINT "claims_evidence_note_length" CHECK (char_length("note") <= 2000)',
            'ALTER TABLE "claims_evidence" DROP CONSTRAINT "claims_evidence_note_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_resolution" ADD CONSTRAINT "claims_resolution_rationale_length" CHECK (char_length("rationale") <= 10000)',
            'ALTER TABLE "claims_resolution" DROP CONSTRAINT "claims_resolution_rationale_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_walkback" ADD CONSTRAINT "claims_walkback_text_length" CHECK (char_length("text") <= 5000)',
            'ALTER TABLE "claims_walkback" DROP CONSTRAINT "claims_walkback_text_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_reply" ADD CONSTRAINT "claims_reply_text_length" CHECK (char_length("text") <= 5000)',
            'ALTER TABLE "claims_reply" DROP CONSTRAINT "claims_reply_text_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_dispute" ADD CONSTRAINT "claims_dispute_reason_length" CHECK (char_length("reason") <= 5000)',
            'ALTER TABLE "claims_dispute" DROP CONSTRAINT "claims_dispute_reason_length"',
        ),
        migrations.RunSQL(
            'ALTER TABLE "claims_dispute" ADD CONSTRAINT "claims_dispute_decision_length" CHECK (char_length("decision") <= 5000)',
            'ALTER TABLE "claims_dispute" DROP CONSTRAINT "claims_dispute_decision_length"',
        ),
    ]
