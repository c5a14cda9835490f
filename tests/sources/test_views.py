import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Stance
from claims.roles import ensure_editors_group
from sources import services
from sources.forms import NO_SUCH_REPORT, NOT_A_CREDIBILITY, NOT_A_RELIABILITY
from sources.models import REPEATS_ITSELF, Report, Source
from tests.factories import ClaimFactory, EvidenceFactory, ReportFactory, SourceFactory, UserFactory
from tracker.partial_dates import INVALID_PARTIAL_DATE, Precision
from tracker.services import CONFLICT_MESSAGE
from tracker.validators import HTTP_URL_MESSAGE

pytestmark = pytest.mark.django_db

SOURCE_LIST_QUERIES = 2  # count, page
SOURCE_DETAIL_QUERIES = 5  # source, count, page of reports, track record and its cache token
REPORT_DETAIL_QUERIES = 4  # report, its repeats, its evidence, the claims made in it


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor")
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def source_url(source: Source) -> str:
    return reverse("sources:source_detail", kwargs={"slug": source.slug})


def report_url(report: Report) -> str:
    return reverse("sources:report_detail", kwargs={"pk": report.pk})


# Reader pages


def test_source_list__shows_kind_grade_with_its_meaning_country_and_report_count(client):
    source = SourceFactory(name="Daily NK", slug="daily-nk", kind="news", reliability="B", country="KR")
    ReportFactory.create_batch(3, source=source)
    SourceFactory(name="KCNA", slug="kcna", kind="state_media", reliability="E", country="KP")

    response = client.get(reverse("sources:source_list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{source_url(source)}"' in page
    assert "News outlet" in page and "State media" in page
    assert "B: usually reliable" in page and "E: unreliable" in page
    assert "KR" in page and "KP" in page
    assert [(row.name, row.report_count) for row in response.context["sources"]] == [("Daily NK", 3), ("KCNA", 0)]


@pytest.mark.parametrize("number", [3, 40])
def test_source_list__runs_the_same_queries_at_any_size(client, django_assert_max_num_queries, number):
    for source in SourceFactory.create_batch(number):
        ReportFactory.create_batch(2, source=source)
    with django_assert_max_num_queries(SOURCE_LIST_QUERIES):
        response = client.get(reverse("sources:source_list"))
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == number


def test_source_list__shows_fifty_sources_a_page(client):
    SourceFactory.create_batch(51)
    first = client.get(reverse("sources:source_list"))
    second = client.get(reverse("sources:source_list"), {"page": 2})
    assert first.content.decode().count('<th scope="row">') == 50
    assert second.content.decode().count('<th scope="row">') == 1
    assert 'rel="next"' in first.content.decode()


def test_source_detail__lists_reports_newest_first_with_dates_at_their_precision(client, source):
    for title, published_on, precision in [
        ("Year report", datetime.date(2015, 1, 1), Precision.YEAR),
        ("Month report", datetime.date(2016, 3, 1), Precision.MONTH),
        ("Day report", datetime.date(2017, 2, 14), Precision.DAY),
    ]:
        ReportFactory(source=source, title=title, published_on=published_on, published_precision=precision)
    ReportFactory(title="Another source's report")

    response = client.get(source_url(source))

    assert response.status_code == 200
    titles = [report.title for report in response.context["page_obj"]]
    assert titles == ["Day report", "Month report", "Year report"]
    page = response.content.decode()
    assert "14 Feb 2017" in page and "Mar 2016" in page and ">2015<" in page
    assert "1 Mar 2016" not in page
    assert "Another source" not in page


def test_source_detail__shows_the_grade_explained_homepage_repeats_and_claim_counts(client):
    source = SourceFactory(
        name="Daily NK", slug="daily-nk", reliability="C", homepage="https://www.dailynk.com/", description="Seoul."
    )
    original = ReportFactory(title="The original", published_on=datetime.date(2016, 1, 1))
    repeat = ReportFactory(source=source, title="The repeat", repeats=original)
    EvidenceFactory(report=repeat)
    EvidenceFactory(report=repeat)

    response = client.get(source_url(source))

    page = response.content.decode()
    assert "C: fairly reliable" in page and "Admiralty grade" in page
    assert '<a href="https://www.dailynk.com/" rel="nofollow noopener">' in page
    assert "Seoul." in page
    assert f'href="{report_url(original)}"' in page
    assert f"no. {original.pk}" in page
    assert response.context["page_obj"][0].claim_count == 2


@pytest.mark.parametrize("number", [3, 40])
def test_source_detail__runs_the_same_queries_at_any_size(client, django_assert_max_num_queries, source, number):
    original = ReportFactory(published_on=datetime.date(2016, 1, 1))
    for report in ReportFactory.create_batch(number, source=source, repeats=original):
        EvidenceFactory(report=report)
    with django_assert_max_num_queries(SOURCE_DETAIL_QUERIES):
        response = client.get(source_url(source))
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == min(number, 25)


def test_source_detail__shows_twenty_five_reports_a_page(client, source):
    ReportFactory.create_batch(26, source=source)
    assert len(client.get(source_url(source)).context["page_obj"]) == 25
    assert len(client.get(source_url(source), {"page": 2}).context["page_obj"]) == 1


def test_source_detail__reads_a_korean_slug(client):
    source = SourceFactory(name="림진강", slug="림진강")
    response = client.get(source_url(source))
    assert response.status_code == 200
    assert "림진강" in response.content.decode()


def test_source_detail__answers_404_for_a_missing_slug(client):
    assert client.get(reverse("sources:source_detail", kwargs={"slug": "no-such-source"})).status_code == 404


def test_report_detail__shows_the_report_its_original_its_repeats_and_the_claims_it_bears_on(client):
    source = SourceFactory(name="Rimjin-gang", reliability="C")
    original = ReportFactory(title="The original story", published_on=datetime.date(2016, 2, 1))
    report = ReportFactory(
        source=source,
        title="Rice prices rise",
        published_on=datetime.date(2016, 3, 1),
        published_precision=Precision.MONTH,
        credibility=3,
        summary="Prices in Hyesan doubled.",
        excerpt="The price of rice has doubled.",
        url="https://example.org/rice",
        archive_url="https://web.archive.org/web/2016/https://example.org/rice",
        repeats=original,
    )
    repeat = ReportFactory(title="A later re-run", repeats=report)
    supports = EvidenceFactory(report=report, stance=Stance.SUPPORTS, note="Shows the squeeze.")
    contradicts = EvidenceFactory(report=report, stance=Stance.CONTRADICTS)

    response = client.get(report_url(report))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1>") == 1 and "<h1>Rice prices rise</h1>" in page
    assert f'href="{source_url(source)}"' in page
    assert "Mar 2016" in page and "1 Mar 2016" not in page
    assert "3: possibly true" in page
    assert "Prices in Hyesan doubled." in page
    assert "<blockquote>The price of rice has doubled.</blockquote>" in page
    assert '<a href="https://example.org/rice" rel="nofollow noopener">' in page
    assert '<a href="https://web.archive.org/web/2016/https://example.org/rice" rel="nofollow noopener">' in page
    assert f'href="{report_url(original)}"' in page and "The original story" in page
    assert f'href="{report_url(repeat)}"' in page and "A later re-run" in page
    assert 'class="stance-supports"' in page and 'class="stance-contradicts"' in page
    assert f'href="{supports.claim.get_absolute_url()}"' in page
    assert f'href="{contradicts.claim.get_absolute_url()}"' in page
    assert "Shows the squeeze." in page


@pytest.mark.parametrize("number", [3, 40])
def test_report_detail__runs_the_same_queries_at_any_size(client, django_assert_max_num_queries, report, number):
    for _ in range(number):
        EvidenceFactory(report=report)
        ReportFactory(repeats=report)
        ClaimFactory(appeared_in=report)
    with django_assert_max_num_queries(REPORT_DETAIL_QUERIES):
        response = client.get(report_url(report))
    assert response.status_code == 200
    assert response.content.decode().count('class="stance-contradicts"') == number


def test_report_detail__answers_404_for_a_missing_report(client):
    missing = (Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert client.get(reverse("sources:report_detail", kwargs={"pk": missing})).status_code == 404


def test_reader_pages__show_user_text_as_text(client):
    source = SourceFactory(name='<script>alert("source")</script>')
    report = ReportFactory(source=source, title='<script>alert("x")</script>', summary="<b>bold</b>")
    for url in (reverse("sources:source_list"), source_url(source), report_url(report)):
        page = client.get(url).content.decode()
        assert "<script>alert(" not in page
        assert "&lt;script&gt;alert(" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in client.get(report_url(report)).content.decode()


def test_reader_pages__offer_edit_links_to_editors_only(client, editor, report):
    edit = reverse("sources:report_update", kwargs={"pk": report.pk})
    assert edit not in client.get(report_url(report)).content.decode()
    client.force_login(editor)
    assert edit in client.get(report_url(report)).content.decode()
    page = client.get(source_url(report.source)).content.decode()
    assert reverse("sources:source_update", kwargs={"slug": report.source.slug}) in page
    assert f"{reverse('sources:report_create')}?source={report.source.slug}" in page


# Who may write


def write_urls(report: Report) -> list[str]:
    return [
        reverse("sources:source_create"),
        reverse("sources:source_update", kwargs={"slug": report.source.slug}),
        reverse("sources:report_create"),
        reverse("sources:report_update", kwargs={"pk": report.pk}),
    ]


@pytest.mark.parametrize("which", range(4))
@pytest.mark.parametrize("method", ["get", "post"])
def test_write_urls__send_anonymous_users_to_sign_in(client, report, which, method):
    url = write_urls(report)[which]
    response = getattr(client, method)(url, {"name": "Daily NK", "title": "Changed"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")
    assert Source.objects.count() == 1 and Report.objects.get().title == report.title


@pytest.mark.parametrize("which", range(4))
@pytest.mark.parametrize("method", ["get", "post"])
def test_write_urls__refuse_signed_in_users_who_are_not_editors(client, report, which, method):
    client.force_login(UserFactory())
    url = write_urls(report)[which]
    response = getattr(client, method)(url, {"name": "Daily NK", "title": "Changed"})
    assert response.status_code == 403
    assert Source.objects.count() == 1 and Report.objects.get().title == report.title


@pytest.mark.parametrize("which", range(4))
def test_write_urls__show_editors_a_labelled_form(editor_client, report, which):
    response = editor_client.get(write_urls(report)[which])
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="post" class="stacked">' in page and "csrfmiddlewaretoken" in page
    assert page.count("<h1>") == 1
    form = response.context["form"]
    for field in form.visible_fields():
        assert f'<label for="{field.auto_id}">' in page


# Sources


def source_data(**changes) -> dict:
    return {
        "name": "Daily NK",
        "slug": "",
        "kind": "news",
        "reliability": "C",
        "homepage": "https://www.dailynk.com/",
        "country": "kr",
        "language": "ko",
        "description": "An online outlet in Seoul with sources inside North Korea.",
        **changes,
    }


def test_source_create__saves_and_shows_the_source_with_a_message(editor_client):
    response = editor_client.post(reverse("sources:source_create"), source_data(), follow=True)

    source = Source.objects.get()
    assert (source.slug, source.country, source.reliability) == ("daily-nk", "KR", "C")
    assert response.redirect_chain == [(source_url(source), 302)]
    assert "Saved the source Daily NK." in response.content.decode()


def test_source_update__changes_the_source_and_its_address(editor_client, source):
    url = reverse("sources:source_update", kwargs={"slug": source.slug})
    assert f'value="{source.name}"' in editor_client.get(url).content.decode()

    response = editor_client.post(url, source_data(slug="daily-nk-new", reliability="B"))

    source.refresh_from_db()
    assert (source.name, source.slug, source.reliability) == ("Daily NK", "daily-nk-new", "B")
    assert response.url == source_url(source)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"homepage": "javascript:alert(1)"}, "homepage", HTTP_URL_MESSAGE),
        ({"homepage": "ftp://example.org/"}, "homepage", HTTP_URL_MESSAGE),
        ({"reliability": "G"}, "reliability", NOT_A_RELIABILITY % {"value": "G"}),
        ({"kind": "tabloid"}, "kind", "tabloid is not one of the available choices"),
        ({"country": "Korea"}, "country", "at most 2 characters"),
        ({"name": ""}, "name", "This field is required."),
    ],
)
def test_source_create__shows_bad_input_next_to_its_field_and_writes_nothing(editor_client, changes, field, message):
    response = editor_client.post(reverse("sources:source_create"), source_data(**changes))

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not Source.objects.exists()


def test_source_create__shows_a_clash_on_the_slug_made_by_the_service(editor_client):
    SourceFactory(name="Daily NK (old)", slug="daily-nk")

    response = editor_client.post(reverse("sources:source_create"), source_data())

    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert Source.objects.count() == 1


def test_source_update__keeps_the_saved_name_in_the_heading_when_input_is_refused(editor_client, source):
    url = reverse("sources:source_update", kwargs={"slug": source.slug})
    response = editor_client.post(url, source_data(name="", slug=""))
    assert response.status_code == 200
    assert f"<h1>Edit {source.name}</h1>" in response.content.decode()
    source.refresh_from_db()
    assert source.name.startswith("Source ")


# Reports


def report_data(source: Source, **changes) -> dict:
    return {
        "source": source.pk,
        "title": "Rice prices double in Hyesan",
        "published": "2016-03-15",
        "url": "https://example.org/rice",
        "archive_url": "",
        "credibility": "2",
        "summary": "Market prices of rice doubled over the month.",
        "excerpt": "",
        "repeats": "",
        **changes,
    }


def test_report_create__stores_a_month_typed_as_3_2016_at_month_precision(editor_client, source):
    response = editor_client.post(reverse("sources:report_create"), report_data(source, published="3/2016"))

    report = Report.objects.get()
    assert (report.published_on, report.published_precision) == (datetime.date(2016, 3, 1), Precision.MONTH)
    assert response.url == report_url(report)
    page = editor_client.get(response.url).content.decode()
    assert "Mar 2016" in page and "Saved report" in page


def test_report_create__picks_the_source_named_in_the_address(editor_client, source):
    SourceFactory(name="AAA first by name")
    response = editor_client.get(reverse("sources:report_create"), {"source": source.slug})
    assert response.context["form"]["source"].value() == source.pk
    assert f'<option value="{source.pk}" selected>' in response.content.decode()


def test_report_create__asks_for_the_original_by_number_not_from_a_list(editor_client, report):
    page = editor_client.get(reverse("sources:report_create")).content.decode()
    assert 'type="number" name="repeats"' in page
    assert report.title not in page


def test_report_create__links_a_repeat_to_its_original(editor_client, source):
    original = ReportFactory(published_on=datetime.date(2016, 1, 1))
    editor_client.post(reverse("sources:report_create"), report_data(source, repeats=original.pk))
    assert Report.objects.get(source=source).repeats == original


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"url": "javascript:alert(1)"}, "url", HTTP_URL_MESSAGE),
        ({"archive_url": "javascript:alert(1)"}, "archive_url", HTTP_URL_MESSAGE),
        ({"credibility": "7"}, "credibility", NOT_A_CREDIBILITY % {"value": "7"}),
        ({"published": "March 2016"}, "published", INVALID_PARTIAL_DATE),
        ({"published": "2016-02-30"}, "published", "is not a real date"),
        ({"published": ""}, "published", "This field is required."),
        ({"repeats": "999999"}, "repeats", NO_SUCH_REPORT % {"value": "999999"}),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_report_create__shows_bad_input_next_to_its_field_and_writes_nothing(
    editor_client, source, changes, field, message
):
    response = editor_client.post(reverse("sources:report_create"), report_data(source, **changes))

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Report.objects.exists()


def test_report_create__refuses_a_duplicate_address_next_to_the_url(editor_client, source):
    ReportFactory(url="https://example.org/rice")

    response = editor_client.post(reverse("sources:report_create"), report_data(source))

    assert response.status_code == 200
    assert response.context["form"].errors["url"] == ["Another report already has this address."]
    assert "Another report already has this address." in response.content.decode()
    assert Report.objects.count() == 1


def test_report_create__refuses_an_original_published_later(editor_client, source):
    later = ReportFactory(published_on=datetime.date(2017, 1, 1))
    response = editor_client.post(reverse("sources:report_create"), report_data(source, repeats=later.pk))
    assert response.context["form"].errors["repeats"]
    assert Report.objects.count() == 1


def test_report_update__shows_the_date_at_its_precision_in_the_form(editor_client, report):
    response = editor_client.get(reverse("sources:report_update", kwargs={"pk": report.pk}))
    assert 'value="2018-07"' in response.content.decode()


def test_report_update__refuses_a_report_repeating_itself(editor_client, report):
    url = reverse("sources:report_update", kwargs={"pk": report.pk})

    response = editor_client.post(url, report_data(report.source, title=report.title, repeats=report.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["repeats"] == [REPEATS_ITSELF]
    assert REPEATS_ITSELF in response.content.decode()
    report.refresh_from_db()
    assert report.repeats is None and report.url == ""


def test_report_update__changes_the_date_and_keeps_its_precision(editor_client, report):
    url = reverse("sources:report_update", kwargs={"pk": report.pk})

    response = editor_client.post(url, report_data(report.source, published="2019"))

    report.refresh_from_db()
    assert (report.published_on, report.published_precision) == (datetime.date(2019, 1, 1), Precision.YEAR)
    assert response.url == report_url(report)


def test_report_create__shows_a_refusal_raised_by_the_service_as_a_form_error(editor_client, source, monkeypatch):
    def refuse(*, report):
        raise ValidationError({"published_on": ValidationError("Refused by the service.", code="refused")})

    monkeypatch.setattr(services, "report_save", refuse)
    response = editor_client.post(reverse("sources:report_create"), report_data(source))

    assert response.status_code == 200
    assert response.context["form"].errors["published"] == ["Refused by the service."]
    assert not Report.objects.exists()


def test_report_create__saves_nothing_when_the_service_fails_after_writing(editor_client, source, monkeypatch):
    real_save = services.report_save

    def save_then_conflict(*, report):
        real_save(report=report)
        raise ValidationError(CONFLICT_MESSAGE, code="conflict")

    monkeypatch.setattr(services, "report_save", save_then_conflict)
    response = editor_client.post(reverse("sources:report_create"), report_data(source))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [CONFLICT_MESSAGE]
    assert not Report.objects.exists()


def test_sources_pages__import_nothing_of_claims():
    """The source and report pages render without the claims app; claims adds its panels through sources.panels."""
    import ast
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "sources"
    found = []
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] == "claims"]
    # Merging two sources writes the claims app's MergeRecord: a write, not a page.
    assert found == ["services.py: claims.models"]


def test_source_page__shows_the_track_record_panel_claims_registers(client, db):
    from sources.panels import SOURCE_PANELS

    source = SourceFactory(name="Daily NK", slug="daily-nk")
    assert [provider.__name__ for provider in SOURCE_PANELS] == ["source_track_record_panel"]
    page = client.get(source.get_absolute_url()).content.decode()
    assert "<h2>Track record</h2>" in page and "None of this source" in page
