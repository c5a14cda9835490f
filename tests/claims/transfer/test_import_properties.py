"""Property tests of the CSV importer (Hypothesis): any file either imports whole or writes nothing."""

import csv
import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.transfer.csv_files import read_rows
from claims.transfer.importers import import_csv
from sources.models import Source

cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
    | st.sampled_from([",", '"', "\n", "“", "”", "’", "김", "정", "은", " "]),
    max_size=30,
)


def to_csv(header: list[str], rows: list[list[str]], bom: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


@given(st.lists(st.lists(cell_text, min_size=3, max_size=3), max_size=8), st.booleans())
def test_read_rows__gives_back_every_cell_whatever_the_quoting_newlines_or_bom(rows, bom):
    header, read = read_rows(to_csv(["Name", "Kind", "Description"], rows, bom))
    assert header == ["name", "kind", "description"]
    expected = [row for row in rows if any(cell.strip() for cell in row)]
    assert [[values.get(name, "") for name in header] for _, values in read] == [
        [cell.strip() for cell in row] for row in expected
    ]


source_rows = st.lists(
    st.tuples(
        cell_text,
        st.sampled_from(["news", "blog", "government", "tabloid", ""]),
        st.sampled_from(["A", "C", "F", "G", ""]),
    ),
    min_size=1,
    max_size=6,
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source_rows)
def test_import_sources__writes_every_row_or_nothing(rows):
    data = to_csv(["name", "kind", "reliability"], [list(row) for row in rows], bom=False)
    with transaction.atomic():
        before = Source.objects.count()
        result = import_csv("sources", data)
        after = Source.objects.count()
        transaction.set_rollback(True)
    if result.errors:
        assert after == before, "a file with a bad row writes nothing"
        assert all(error.line >= 2 for error in result.errors if error.column)
    else:
        assert after - before == sum(result.created.values())
