"""Export of the public record as a bundle of CSV files, one per kind, with a README describing every column.

The bundle is for reading elsewhere (a spreadsheet, R, pandas). Cells that a spreadsheet would run as a formula
(starting with =, +, -, @, a tab or a carriage return) are prefixed with an apostrophe. To move the record to
another Tracker, with its history and ledger, use the backup and restore commands instead.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from claims.models import Claim, Commentator, Evidence, Resolution, Topic
from sources.models import Report, Source
from tracker.partial_dates import iso_partial_date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """Return a cell as text that no spreadsheet will evaluate as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _yes(value) -> str:
    return "" if value is None else ("yes" if value else "no")


# Each file: (name, [(column, description)], rows). Descriptions make up the README.
def tables() -> Iterator[tuple[str, list[tuple[str, str]], Iterator[list]]]:
    """Yield each file of the bundle: its name, its columns with their meaning, and its rows."""
    yield (
        "sources.csv",
        [
            ("id", "Tracker number of the source."),
            ("slug", "Used in the source's web address."),
            ("name", "The outlet or originator."),
            ("kind", "news, ngo, government, academic, think_tank, state_media, social, blog or other."),
            ("homepage", "Its web address."),
            ("country", "ISO 3166-1 two-letter code."),
            ("language", "BCP 47 code of its main language."),
            ("reliability", "Admiralty grade A (completely reliable) to E (unreliable); F cannot be judged."),
            ("description", "What it is and why it has this grade."),
        ],
        (
            [s.pk, s.slug, s.name, s.kind, s.homepage, s.country, s.language, s.reliability, s.description]
            for s in Source.objects.order_by("pk")
        ),
    )
    yield (
        "reports.csv",
        [
            ("id", "Tracker number of the report."),
            ("source", "Slug of the source that published it."),
            ("date", "Publication date at its precision: 2016-03-15, 2016-03 or 2016."),
            ("precision", "day, month or year."),
            ("title", "Headline or short description."),
            ("url", "Where it was published."),
            ("summary", "What it says, in the editor's words."),
            ("excerpt", "A short verbatim passage, if any."),
            ("archive_url", "An archived copy."),
            ("credibility", "Admiralty grade 1 (confirmed) to 5 (improbable); 6 cannot be judged."),
            ("repeats", "Tracker number of the original report this one re-runs, if any."),
        ],
        (
            [
                r.pk,
                r.source.slug,
                iso_partial_date(r.published_on, r.published_precision),
                r.published_precision,
                r.title,
                r.url,
                r.summary,
                r.excerpt,
                r.archive_url,
                r.credibility,
                r.repeats_id or "",
            ]  # fmt: skip
            for r in Report.objects.select_related("source").order_by("pk")
        ),
    )
    yield (
        "commentators.csv",
        [
            ("id", "Tracker number of the commentator."),
            ("slug", "Used in the commentator's web address."),
            ("name", "As the commentator is known."),
            ("kind", "person, organisation or group."),
            ("affiliation", "Employer, outlet or movement."),
            ("bio", "A short, neutral description."),
            ("links", "Web pages about the commentator, separated by spaces."),
        ],
        (
            [c.pk, c.slug, c.name, c.kind, c.affiliation, c.bio, " ".join(c.link_list)]
            for c in Commentator.objects.order_by("pk")
        ),
    )
    yield (
        "topics.csv",
        [
            ("id", "Tracker number of the topic."),
            ("slug", "Its slug."),
            ("name", "Its name."),
            ("description", "What it covers."),
        ],  # fmt: skip
        ([t.pk, t.slug, t.name, t.description] for t in Topic.objects.order_by("pk")),
    )
    yield (
        "claims.csv",
        [
            ("id", "Tracker number of the claim."),
            ("commentator", "Slug of the commentator who made it."),
            ("quote", "Their words, verbatim."),
            ("condition", "For a conditional claim, the condition alone."),
            ("statement", "A neutral, checkable restatement."),
            ("resolution_criteria", "What would make it true, and what false."),
            ("made", "When it was made, at its precision."),
            ("appeared_in", "Tracker number of the report in which it was made."),
            ("appeared_url", "Where it was made, when that is not a recorded report."),
            ("topics", "Slugs of its topics, separated by semicolons."),
            ("resolve_by", "Its deadline."),
            ("probability", "The commentator's own probability, 0 to 1."),
            ("estimative_words", "Their words on Sherman Kent's scale, when they gave words."),
            ("forecast_probability", "The probability scored: the stated one, else the Kent value."),
            ("status", "open, due, resolved or retracted, on the day of the export."),
            ("outcome", "Of the latest resolution: true, false, partly_true or void; empty while unresolved."),
            ("resolved_on", "Date of the latest resolution's outcome."),
            ("retracted_at", "When the claim was retracted (kept, not scored)."),
            ("retraction_reason", "Why it was retracted."),
        ],
        (
            [
                c.pk,
                c.commentator.slug,
                c.quote,
                c.condition,
                c.statement,
                c.resolution_criteria,
                iso_partial_date(c.made_on, c.made_precision),
                c.appeared_in_id or "",
                c.appeared_url,
                ";".join(topic.slug for topic in c.topics.all()),
                c.resolve_by or "",
                "" if c.probability is None else c.probability,
                c.estimative_words,
                "" if c.forecast_probability is None else c.forecast_probability,
                c.status,
                c.outcome,
                c.resolved_on or "",
                c.retracted_at.isoformat() if c.retracted_at else "",
                c.retraction_reason,
            ]  # fmt: skip
            for c in Claim.objects.select_related("commentator").prefetch_related("topics").order_by("pk")
        ),
    )
    yield (
        "evidence.csv",
        [
            ("id", "Tracker number of the evidence."),
            ("claim", "Tracker number of the claim."),
            ("report", "Tracker number of the report."),
            ("stance", "supports, contradicts, mixed or context."),
            ("note", "Why the report bears on the claim."),
            ("added_at", "When it was attached."),
        ],
        (
            [e.pk, e.claim_id, e.report_id, e.stance, e.note, e.added_at.isoformat()]
            for e in Evidence.objects.order_by("pk")
        ),
    )
    yield (
        "resolutions.csv",
        [
            ("id", "Tracker number of the resolution; a claim may have several, the latest counts."),
            ("claim", "Tracker number of the claim."),
            ("outcome", "true, false, partly_true or void."),
            ("condition_met", "For a conditional claim, whether its condition was met (yes or no)."),
            ("resolved_on", "The day the outcome became known."),
            ("rationale", "Why this outcome."),
            ("cited_evidence", "Tracker numbers of the evidence cited, separated by semicolons."),
            ("recorded_at", "When the resolution was recorded."),
        ],
        (
            [
                r.pk,
                r.claim_id,
                r.outcome,
                _yes(r.condition_met),
                r.resolved_on,
                r.rationale,
                ";".join(str(item.pk) for item in r.cited_evidence.all()),
                r.recorded_at.isoformat(),
            ]  # fmt: skip
            for r in Resolution.objects.prefetch_related("cited_evidence").order_by("pk")
        ),
    )


README_HEAD = """Tracker export
==============

The public record: one CSV file per kind of record (UTF-8, comma-separated, first line naming the columns).
Rows refer to each other by Tracker number (the id column). Dates are ISO 8601; a date known only to the
month or year is written at that precision (2016-03, 2016). A cell that begins with =, +, -, @, a tab or a
carriage return starts with an apostrophe, so that no spreadsheet runs it as a formula.

To move the record to another Tracker with its history and ledger, use `manage.py backup` and `restore`.
"""


def readme(files: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """Return the README that describes every column of every file."""
    parts = [README_HEAD]
    for name, columns in files:
        parts.append(f"\n{name}\n{'-' * len(name)}\n")
        parts += [f"{column:<22} {meaning}\n" for column, meaning in columns]
    return "".join(parts)


def _csv_text(columns: list[tuple[str, str]], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column for column, _ in columns])
    writer.writerows([neutralise(value) for value in row] for row in rows)
    return out.getvalue()


def bundle_files() -> Iterator[tuple[str, str]]:
    """Yield (file name, text) for every file of the bundle, the README last."""
    described = []
    for name, columns, rows in tables():
        described.append((name, columns))
        yield name, _csv_text(columns, rows)
    yield "README.txt", readme(described)


def write_bundle(directory: Path) -> list[Path]:
    """Write the bundle into directory (created if needed); return the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in bundle_files():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def bundle_zip() -> bytes:
    """Return the bundle as a zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in bundle_files():
            archive.writestr(f"tracker-export/{name}", text)
    return buffer.getvalue()
