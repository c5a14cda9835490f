"""Admin pieces both apps use."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse


class KeysOnlyWidgetMixin:
    """Show, in an autocomplete field, only the values that can be keys of the records it chooses from.

    Django's autocomplete widget looks up whatever value the page was given (?source=abc on an add page) and a
    value of the wrong type for the key is a server error; such a value is shown as no choice instead.
    """

    def optgroups(self, name, value, attr=None):
        options = self.field.remote_field.model._meta
        key = options.get_field(getattr(self.field.remote_field, "field_name", options.pk.attname))
        keys = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            keys.append(item)
        return super().optgroups(name, keys, attr)


class KeysOnlyAutocompleteSelect(KeysOnlyWidgetMixin, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(KeysOnlyWidgetMixin, AutocompleteSelectMultiple):
    pass


class KeysOnlyAutocompleteMixin:
    """Give an admin's autocomplete fields the widgets that ignore a value that cannot be a key."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and type(field.widget) is AutocompleteSelect:
            field.widget.__class__ = KeysOnlyAutocompleteSelect
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and type(field.widget) is AutocompleteSelectMultiple:
            field.widget.__class__ = KeysOnlyAutocompleteSelectMultiple
        return field


class MergeActionMixin:
    """An admin action that merges the selected duplicates into the one the admin keeps, after a confirmation."""

    actions = ["merge_selected"]
    merge_service = None  # a service taking keep=, duplicate=, merged_by=

    @admin.action(description="Merge the selected records into one", permissions=["delete"])
    def merge_selected(self, request, queryset):
        records = list(queryset.order_by("pk"))
        if len(records) < 2:
            self.message_user(request, "Select at least two records to merge.", messages.WARNING)
            return None
        keep_pk = request.POST.get("keep")
        if keep_pk is None or not keep_pk.isdigit() or int(keep_pk) not in {record.pk for record in records}:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "records": records,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "title": f"Merge {self.model._meta.verbose_name_plural}",
            }
            return TemplateResponse(request, "admin/merge_confirm.html", context)
        keep = next(record for record in records if record.pk == int(keep_pk))
        try:
            with transaction.atomic():
                for duplicate in records:
                    if duplicate.pk != keep.pk:
                        self.merge_service(keep=keep, duplicate=duplicate, merged_by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.message_user(request, f"Merged {len(records) - 1} record(s) into {keep}. The merge is recorded.")
        return None
