"""Keep the history of claims' topics: install the triggers that copy claims_claim_topics rows into ClaimTopicEvent.

Migration 0004 made the event table, but migrations do not write the triggers of an auto-created many-to-many
table, so changes of a claim's topics went unrecorded. The SQL is what django-pgtrigger compiles for the triggers
claims.models registers on Claim.topics.through (same names and hashes, so `pgtrigger ls` shows them installed).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0009_source_report_count")]

    operations = [
        migrations.RunSQL(
            sql='CREATE OR REPLACE FUNCTION pgtrigger_insert_insert_57038()\nRETURNS TRIGGER AS $$\n\n    BEGIN\n        IF ("public"._pgtrigger_should_ignore(TG_NAME) IS TRUE) THEN\n            IF (TG_OP = \'DELETE\') THEN\n                RETURN OLD;\n            ELSE\n                RETURN NEW;\n            END IF;\n        END IF;\n        INSERT INTO "claims_claimtopicevent" ("claim_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "topic_id") VALUES (NEW."claim_id", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."topic_id"); RETURN NULL;\n    END;\n$$ LANGUAGE plpgsql;\n\nDROP TRIGGER IF EXISTS pgtrigger_insert_insert_57038 ON "claims_claim_topics";\nCREATE  TRIGGER pgtrigger_insert_insert_57038\n    AFTER INSERT ON "claims_claim_topics"\n\n\n    FOR EACH ROW \n    EXECUTE PROCEDURE pgtrigger_insert_insert_57038();\n\nCOMMENT ON TRIGGER pgtrigger_insert_insert_57038 ON "claims_claim_topics" IS \'be12282c08b86f93ed85a1e651f70deccc1c1bc7\';',
            reverse_sql='DROP TRIGGER IF EXISTS pgtrigger_insert_insert_57038 ON "claims_claim_topics"; DROP FUNCTION IF EXISTS pgtrigger_insert_insert_57038();',
        ),
        migrations.RunSQL(
            sql='CREATE OR REPLACE FUNCTION pgtrigger_update_update_2f054()\nRETURNS TRIGGER AS $$\n\n    BEGIN\n        IF ("public"._pgtrigger_should_ignore(TG_NAME) IS TRUE) THEN\n            IF (TG_OP = \'DELETE\') THEN\n                RETURN OLD;\n            ELSE\n                RETURN NEW;\n            END IF;\n        END IF;\n        INSERT INTO "claims_claimtopicevent" ("claim_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "topic_id") VALUES (NEW."claim_id", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."topic_id"); RETURN NULL;\n    END;\n$$ LANGUAGE plpgsql;\n\nDROP TRIGGER IF EXISTS pgtrigger_update_update_2f054 ON "claims_claim_topics";\nCREATE  TRIGGER pgtrigger_update_update_2f054\n    AFTER UPDATE ON "claims_claim_topics"\n\n\n    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)\n    EXECUTE PROCEDURE pgtrigger_update_update_2f054();\n\nCOMMENT ON TRIGGER pgtrigger_update_update_2f054 ON "claims_claim_topics" IS \'2db46e78b7fd401b54436a9a02f9c4ce68a638cf\';',
            reverse_sql='DROP TRIGGER IF EXISTS pgtrigger_update_update_2f054 ON "claims_claim_topics"; DROP FUNCTION IF EXISTS pgtrigger_update_update_2f054();',
        ),
        migrations.RunSQL(
            sql='CREATE OR REPLACE FUNCTION pgtrigger_delete_delete_284dd()\nRETURNS TRIGGER AS $$\n\n    BEGIN\n        IF ("public"._pgtrigger_should_ignore(TG_NAME) IS TRUE) THEN\n            IF (TG_OP = \'DELETE\') THEN\n                RETURN OLD;\n            ELSE\n                RETURN NEW;\n            END IF;\n        END IF;\n        INSERT INTO "claims_claimtopicevent" ("claim_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "topic_id") VALUES (OLD."claim_id", OLD."id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."topic_id"); RETURN NULL;\n    END;\n$$ LANGUAGE plpgsql;\n\nDROP TRIGGER IF EXISTS pgtrigger_delete_delete_284dd ON "claims_claim_topics";\nCREATE  TRIGGER pgtrigger_delete_delete_284dd\n    AFTER DELETE ON "claims_claim_topics"\n\n\n    FOR EACH ROW \n    EXECUTE PROCEDURE pgtrigger_delete_delete_284dd();\n\nCOMMENT ON TRIGGER pgtrigger_delete_delete_284dd ON "claims_claim_topics" IS \'2672de082aeed5fc9d1cf8f3025a695bdc5ce40a\';',
            reverse_sql='DROP TRIGGER IF EXISTS pgtrigger_delete_delete_284dd ON "claims_claim_topics"; DROP FUNCTION IF EXISTS pgtrigger_delete_delete_284dd();',
        ),
    ]
