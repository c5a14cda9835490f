"""Keep CommentatorFigures and SourceFigures current with statement-level triggers, and fill them.

Statement-level triggers with transition tables: a bulk insert of many rows recomputes each commentator
once, not once a row. The commentator's row is locked before it is recomputed, and in READ COMMITTED every
statement of a PL/pgSQL function sees what committed before it began, so two transactions changing the same
commentator's claims cannot overwrite each other's sums: the second waits, then counts both.

Every function that writes a figures row first takes the ledger's advisory lock (claims.ledger.LEDGER_LOCK_KEY,
which every write of a claim or resolution takes anyway), so locks are always taken in one order, ledger lock
then figures row, and two writers cannot deadlock on them.

The outcome values (true 1, partly true 0.5, false 0), Z_95 and the rule that only true or false claims with
a probability enter the Brier score are those of claims.scoring; tests/claims/scoring/test_figures.py checks every
row against a fresh computation by claims.scoring.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION claims_wilson_low(successes double precision, n bigint) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN n = 0 THEN NULL
        WHEN successes = 0 THEN 0.0
        ELSE greatest(0.0,
            (successes / n + z2 / (2 * n)) / (1 + z2 / n)
            - z * sqrt((successes / n) * (1 - successes / n) / n + z2 / (4 * n * n)) / (1 + z2 / n))
    END
    FROM (SELECT 1.959963984540054::float8 AS z, 1.959963984540054::float8 * 1.959963984540054::float8 AS z2) AS k
$$;

CREATE FUNCTION claims_refresh_commentator_figures(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(32776859903812978);
    INSERT INTO claims_commentatorfigures (commentator_id, changed)
        SELECT c.id, gen_random_uuid() FROM claims_commentator c WHERE c.id = ANY (ids)
        ON CONFLICT (commentator_id) DO NOTHING;
    PERFORM 1 FROM claims_commentatorfigures WHERE commentator_id = ANY (ids) ORDER BY commentator_id FOR UPDATE;
    UPDATE claims_commentatorfigures f
    SET claims = s.claims, retracted = s.retracted, scored = s.scored, successes = s.successes,
        brier_n = s.brier_n, brier_sum = s.brier_sum, wilson_low = claims_wilson_low(s.successes, s.scored),
        changed = gen_random_uuid()
    FROM (
        SELECT c.id AS commentator_id,
            count(cl.id) FILTER (WHERE cl.retracted_at IS NULL) AS claims,
            count(cl.id) FILTER (WHERE cl.retracted_at IS NOT NULL) AS retracted,
            count(cl.id) FILTER (WHERE cl.retracted_at IS NULL AND cl.outcome IN ('true', 'false', 'partly_true'))
                AS scored,
            coalesce(sum(CASE cl.outcome WHEN 'true' THEN 1.0 WHEN 'partly_true' THEN 0.5 ELSE 0.0 END)
                FILTER (WHERE cl.retracted_at IS NULL AND cl.outcome IN ('true', 'false', 'partly_true')), 0.0)
                AS successes,
            count(cl.id) FILTER (WHERE cl.retracted_at IS NULL AND cl.outcome IN ('true', 'false')
                AND cl.forecast_probability IS NOT NULL) AS brier_n,
            coalesce(sum((cl.forecast_probability - CASE cl.outcome WHEN 'true' THEN 1.0 ELSE 0.0 END) ^ 2)
                FILTER (WHERE cl.retracted_at IS NULL AND cl.outcome IN ('true', 'false')
                AND cl.forecast_probability IS NOT NULL), 0.0) AS brier_sum
        FROM claims_commentator c LEFT JOIN claims_claim cl ON cl.commentator_id = c.id
        WHERE c.id = ANY (ids)
        GROUP BY c.id
    ) AS s
    WHERE f.commentator_id = s.commentator_id;
END
$$;

CREATE FUNCTION claims_touch_commentator_figures(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(32776859903812978) WHERE cardinality(ids) > 0;
    INSERT INTO claims_commentatorfigures (commentator_id, changed)
        SELECT c.id, gen_random_uuid() FROM claims_commentator c WHERE c.id = ANY (ids)
        ON CONFLICT (commentator_id) DO UPDATE SET changed = excluded.changed;
$$;

CREATE FUNCTION claims_touch_source_figures(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(32776859903812978) WHERE cardinality(ids) > 0;
    INSERT INTO sources_sourcefigures (source_id, changed)
        SELECT s.id, gen_random_uuid() FROM sources_source s WHERE s.id = ANY (ids)
        ON CONFLICT (source_id) DO UPDATE SET changed = excluded.changed;
$$;

-- Claims: recompute the commentators of inserted or updated claims (both sides of a move between
-- commentators); when a verdict or retraction changes, the sources of the claim's evidence change too.
CREATE FUNCTION claims_claim_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_commentator_figures(ARRAY(SELECT DISTINCT commentator_id FROM new_rows));
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_claim_figures_insert AFTER INSERT ON claims_claim
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_inserted();

CREATE FUNCTION claims_claim_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_refresh_commentator_figures(ARRAY(
        SELECT commentator_id FROM new_rows UNION SELECT commentator_id FROM old_rows));
    PERFORM claims_touch_source_figures(ARRAY(
        SELECT DISTINCT r.source_id
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN claims_evidence e ON e.claim_id = n.id JOIN sources_report r ON r.id = e.report_id
        WHERE (n.outcome, n.resolved_on, n.retracted_at) IS DISTINCT FROM (o.outcome, o.resolved_on, o.retracted_at)));
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_claim_figures_update AFTER UPDATE ON claims_claim
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION claims_claim_updated();

-- A claim's topics and disputes show on its commentator's scorecard.
CREATE FUNCTION claims_claim_topics_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_touch_commentator_figures(ARRAY(
        SELECT DISTINCT c.commentator_id FROM changed_rows t JOIN claims_claim c ON c.id = t.claim_id));
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_claim_topics_figures_insert AFTER INSERT ON claims_claim_topics
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_topics_changed();
CREATE TRIGGER claims_claim_topics_figures_delete AFTER DELETE ON claims_claim_topics
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_topics_changed();

CREATE FUNCTION claims_topic_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_touch_commentator_figures(ARRAY(
        SELECT DISTINCT c.commentator_id FROM new_rows t
        JOIN claims_claim_topics ct ON ct.topic_id = t.id JOIN claims_claim c ON c.id = ct.claim_id));
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_topic_figures_update AFTER UPDATE ON claims_topic
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_topic_changed();

CREATE FUNCTION claims_dispute_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_touch_commentator_figures(ARRAY(
        SELECT DISTINCT c.commentator_id FROM changed_rows d JOIN claims_claim c ON c.id = d.claim_id));
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_dispute_figures_insert AFTER INSERT ON claims_dispute
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_dispute_changed();
CREATE TRIGGER claims_dispute_figures_update AFTER UPDATE ON claims_dispute
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_dispute_changed();
CREATE TRIGGER claims_dispute_figures_delete AFTER DELETE ON claims_dispute
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_dispute_changed();

-- A new commentator gets a row at once, so the leaderboard never misses one.
CREATE FUNCTION claims_commentator_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_touch_commentator_figures(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_commentator_figures_insert AFTER INSERT ON claims_commentator
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_commentator_inserted();

-- Evidence: the source of the cited report.
CREATE FUNCTION claims_evidence_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_touch_source_figures(ARRAY(
        SELECT DISTINCT r.source_id FROM changed_rows e JOIN sources_report r ON r.id = e.report_id));
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_evidence_figures_insert AFTER INSERT ON claims_evidence
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_evidence_changed();
CREATE TRIGGER claims_evidence_figures_update AFTER UPDATE ON claims_evidence
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_evidence_changed();
CREATE TRIGGER claims_evidence_figures_delete AFTER DELETE ON claims_evidence
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_evidence_changed();

-- Reports: their source, before and after (a report moved by a merge changes both).
CREATE FUNCTION claims_report_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM claims_touch_source_figures(ARRAY(SELECT DISTINCT source_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM claims_touch_source_figures(ARRAY(
            SELECT source_id FROM new_rows UNION SELECT source_id FROM old_rows));
    ELSE
        PERFORM claims_touch_source_figures(ARRAY(SELECT DISTINCT source_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_report_figures_insert AFTER INSERT ON sources_report
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_report_changed();
CREATE TRIGGER claims_report_figures_update AFTER UPDATE ON sources_report
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION claims_report_changed();
CREATE TRIGGER claims_report_figures_delete AFTER DELETE ON sources_report
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_report_changed();

CREATE FUNCTION claims_source_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM claims_touch_source_figures(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END
$$;
CREATE TRIGGER claims_source_figures_insert AFTER INSERT ON sources_source
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claims_source_inserted();

-- Fill both tables from what is already recorded.
SELECT claims_refresh_commentator_figures(ARRAY(SELECT id FROM claims_commentator));
SELECT claims_touch_source_figures(ARRAY(SELECT id FROM sources_source));
"""

BACKWARD = r"""
DROP TRIGGER claims_source_figures_insert ON sources_source;
DROP TRIGGER claims_report_figures_insert ON sources_report;
DROP TRIGGER claims_report_figures_update ON sources_report;
DROP TRIGGER claims_report_figures_delete ON sources_report;
DROP TRIGGER claims_evidence_figures_insert ON claims_evidence;
DROP TRIGGER claims_evidence_figures_update ON claims_evidence;
DROP TRIGGER claims_evidence_figures_delete ON claims_evidence;
DROP TRIGGER claims_commentator_figures_insert ON claims_commentator;
DROP TRIGGER claims_dispute_figures_insert ON claims_dispute;
DROP TRIGGER claims_dispute_figures_update ON claims_dispute;
DROP TRIGGER claims_dispute_figures_delete ON claims_dispute;
DROP TRIGGER claims_topic_figures_update ON claims_topic;
DROP TRIGGER claims_claim_topics_figures_insert ON claims_claim_topics;
DROP TRIGGER claims_claim_topics_figures_delete ON claims_claim_topics;
DROP TRIGGER claims_claim_figures_insert ON claims_claim;
DROP TRIGGER claims_claim_figures_update ON claims_claim;
DROP FUNCTION claims_source_inserted();
DROP FUNCTION claims_report_changed();
DROP FUNCTION claims_evidence_changed();
DROP FUNCTION claims_commentator_inserted();
DROP FUNCTION claims_dispute_changed();
DROP FUNCTION claims_topic_changed();
DROP FUNCTION claims_claim_topics_changed();
DROP FUNCTION claims_claim_updated();
DROP FUNCTION claims_claim_inserted();
DROP FUNCTION claims_touch_source_figures(bigint[]);
DROP FUNCTION claims_touch_commentator_figures(bigint[]);
DROP FUNCTION claims_refresh_commentator_figures(bigint[]);
DROP FUNCTION claims_wilson_low(double precision, bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_figures_and_page_indexes"),
        ("sources", "0003_figures_and_newest_index"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
