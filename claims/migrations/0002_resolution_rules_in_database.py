"""Rules on resolutions that span tables or forbid changes, held by PostgreSQL triggers."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION claims_resolution_not_before_claim() RETURNS trigger AS $$
DECLARE
    claim_made date;
BEGIN
    SELECT made_on INTO claim_made FROM claims_claim WHERE id = NEW.claim_id;
    IF NEW.resolved_on < claim_made THEN
        RAISE EXCEPTION 'resolution date % is before the claim was made (%)', NEW.resolved_on, claim_made
            USING ERRCODE = 'check_violation', CONSTRAINT = 'resolution_not_before_claim';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER resolution_not_before_claim
    BEFORE INSERT ON claims_resolution
    FOR EACH ROW EXECUTE FUNCTION claims_resolution_not_before_claim();

CREATE FUNCTION claims_claim_made_not_after_resolutions() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM claims_resolution WHERE claim_id = NEW.id AND resolved_on < NEW.made_on) THEN
        RAISE EXCEPTION 'claim % would be made after one of its resolutions', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'resolution_not_before_claim';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claim_made_not_after_resolutions
    BEFORE UPDATE OF made_on ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_made_not_after_resolutions();

CREATE FUNCTION claims_resolution_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'resolutions are appended, never changed or deleted: record a new resolution instead'
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'resolution_append_only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER resolution_append_only
    BEFORE UPDATE OR DELETE ON claims_resolution
    FOR EACH ROW EXECUTE FUNCTION claims_resolution_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS resolution_append_only ON claims_resolution;
DROP FUNCTION IF EXISTS claims_resolution_append_only();
DROP TRIGGER IF EXISTS claim_made_not_after_resolutions ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_made_not_after_resolutions();
DROP TRIGGER IF EXISTS resolution_not_before_claim ON claims_resolution;
DROP FUNCTION IF EXISTS claims_resolution_not_before_claim();
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
