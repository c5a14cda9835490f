"""Keep each source's number of reports in SourceFigures, moved by the same statement-level report trigger.

Counted up and down from the transition tables (an insert adds, a delete takes away, a report moved to
another source by a merge moves its count), under the record's write lock like every figures write.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION claims_report_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM claims_touch_source_figures(ARRAY(SELECT DISTINCT source_id FROM new_rows));
        UPDATE sources_sourcefigures f SET reports = f.reports + d.n
        FROM (SELECT source_id, count(*) AS n FROM new_rows GROUP BY source_id) AS d
        WHERE f.source_id = d.source_id;
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM claims_touch_source_figures(ARRAY(
            SELECT source_id FROM new_rows UNION SELECT source_id FROM old_rows));
        UPDATE sources_sourcefigures f SET reports = f.reports + d.n
        FROM (
            SELECT source_id, sum(n) AS n FROM (
                SELECT source_id, count(*) AS n FROM new_rows GROUP BY source_id
                UNION ALL
                SELECT source_id, -count(*) AS n FROM old_rows GROUP BY source_id
            ) AS moves GROUP BY source_id
        ) AS d
        WHERE f.source_id = d.source_id AND d.n <> 0;
    ELSE
        PERFORM claims_touch_source_figures(ARRAY(SELECT DISTINCT source_id FROM old_rows));
        UPDATE sources_sourcefigures f SET reports = f.reports - d.n
        FROM (SELECT source_id, count(*) AS n FROM old_rows GROUP BY source_id) AS d
        WHERE f.source_id = d.source_id;
    END IF;
    RETURN NULL;
END
$$;

UPDATE sources_sourcefigures f SET reports = (SELECT count(*) FROM sources_report r WHERE r.source_id = f.source_id);
"""

BACKWARD = r"""
CREATE OR REPLACE FUNCTION claims_report_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
"""


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_figures_kept_by_triggers"),
        ("sources", "0004_source_report_count"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
