"""Evidence stays where it was attached, and evidence a resolution cites is as fixed as the verdict.

Whoever writes (the site, the admin, a shell, SQL): a link is never moved to another claim or report (attach
the report anew instead); evidence a resolution cites keeps its stance and is never deleted; a resolution's
citations are written with it and never changed or removed.
"""

from django.db import migrations

EVIDENCE_FIXED = """
CREATE FUNCTION claims_evidence_fixed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.claim_id <> OLD.claim_id OR NEW.report_id <> OLD.report_id) THEN
        RAISE EXCEPTION 'evidence % is not moved to another claim or report: attach the report anew', OLD.id
            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'evidence_not_moved';
    END IF;
    IF (TG_OP = 'DELETE' OR NEW.stance <> OLD.stance)
            AND EXISTS (SELECT 1 FROM claims_resolution_cited_evidence WHERE evidence_id = OLD.id) THEN
        RAISE EXCEPTION 'evidence % is cited by a resolution: it is as fixed as the verdict', OLD.id
            USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'cited_evidence_fixed';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER evidence_fixed
    BEFORE UPDATE OR DELETE ON claims_evidence
    FOR EACH ROW EXECUTE FUNCTION claims_evidence_fixed();

CREATE FUNCTION claims_citation_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a resolution''s citations are appended with it, never changed or removed'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'citation_append_only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER citation_append_only
    BEFORE UPDATE OR DELETE ON claims_resolution_cited_evidence
    FOR EACH ROW EXECUTE FUNCTION claims_citation_append_only();
"""

UNDO = """
DROP TRIGGER citation_append_only ON claims_resolution_cited_evidence;
DROP FUNCTION claims_citation_append_only();
DROP TRIGGER evidence_fixed ON claims_evidence;
DROP FUNCTION claims_evidence_fixed();
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_claim_topics_history")]

    operations = [migrations.RunSQL(EVIDENCE_FIXED, UNDO)]
