"""The ledger under /api/ledger/: signed tree heads, entries, inclusion and consistency proofs, the export.

What a reader needs to check the record without trusting the operator (docs/record-keeping.md): keep a head,
later ask for a consistency proof from it to the newest head, ask for an inclusion proof of the entry that
records a claim, or download the export and run the stand-alone verifier on it.
"""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import LedgerEntry, TreeHead
from claims.record import heads, ledger
from tracker.api.schema import INVALID_QUERY

NO_HEAD = "No tree head has been signed yet."
MAX_SIZE = 2**63 - 1

HEAD_FIELDS = {
    "log": serializers.CharField(),
    "tree_size": serializers.IntegerField(),
    "root_hash": serializers.CharField(help_text="The tree's root (RFC 9162), hex."),
    "timestamp": serializers.CharField(help_text="When it was signed (ISO 8601, UTC)."),
    "signature": serializers.CharField(help_text="Ed25519 over the RFC 8785 text of the four fields above."),
    "timestamp_token": serializers.CharField(required=False, help_text="RFC 3161 token (DER, base64)."),
    "timestamp_authority": serializers.CharField(required=False),
}
HEAD = inline_serializer("TreeHead", HEAD_FIELDS)
ENTRY = inline_serializer(
    "LedgerEntry",
    {
        "sequence": serializers.IntegerField(),
        "kind": serializers.CharField(),
        "content_hash": serializers.CharField(),
        "previous_hash": serializers.CharField(),
        "entry_hash": serializers.CharField(),
        "recorded_at": serializers.CharField(),
        "content": serializers.JSONField(),
    },
)


def _size(request, name: str, *, default: int | None = None) -> int:
    value = request.query_params.get(name, "").strip()
    if not value:
        if default is None:
            raise ValidationError({name: ["This parameter is required."]})
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < 1 or int(value) > MAX_SIZE:
        raise ValidationError({name: ["A whole number from 1."]})
    return int(value)


def _latest_size() -> int:
    head = heads.latest_head()
    if head is None:
        raise NotFound(NO_HEAD)
    return head.tree_size


def _tree_size(request, name: str = "tree_size") -> int:
    size = _size(request, name) if request.query_params.get(name, "").strip() else _latest_size()
    held = LedgerEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    if size > held:
        raise ValidationError({name: [f"The ledger holds {held} entries."]})
    return size


class PublicView(APIView):
    permission_classes = [AllowAny]


class KeyView(PublicView):
    @extend_schema(
        summary="The key tree heads are signed with",
        responses={
            200: inline_serializer(
                "LedgerKey",
                {
                    "log": serializers.CharField(),
                    "public_key": serializers.CharField(help_text="Ed25519, 32 bytes, base64."),
                    "algorithm": serializers.CharField(),
                },
            )
        },  # noqa: E501
    )
    def get(self, request):
        try:
            key = heads.public_key_text()
        except heads.SigningKeyMissing as error:
            raise NotFound(str(error)) from error
        return Response({"log": heads.log_name(), "public_key": key, "algorithm": "Ed25519"})


class HeadView(PublicView):
    @extend_schema(summary="The newest signed tree head", responses={200: HEAD})
    def get(self, request):
        head = heads.latest_head()
        if head is None:
            raise NotFound(NO_HEAD)
        return Response(heads.head_text(head))


class HeadListView(PublicView):
    @extend_schema(
        summary="Every signed tree head, oldest first",
        responses={200: inline_serializer("TreeHeads", HEAD_FIELDS, many=True)},
    )
    def get(self, request):
        return Response([heads.head_text(head) for head in TreeHead.objects.order_by("tree_size", "id")])


class EntryView(PublicView):
    @extend_schema(summary="One ledger entry", responses={200: ENTRY})
    def get(self, request, sequence: int):
        entry = LedgerEntry.objects.filter(sequence=sequence).first() if sequence <= MAX_SIZE else None
        if entry is None:
            raise NotFound("No such ledger entry.")
        return Response(ledger.export_entry(entry))


class InclusionProofView(PublicView):
    @extend_schema(
        summary="An inclusion proof (RFC 9162 §2.1.3) of an entry in a signed tree",
        parameters=[
            OpenApiParameter(
                "sequence", OpenApiTypes.INT, description="The entry's number, from 1; the tree's last if left out."
            ),
            OpenApiParameter(
                "tree_size", OpenApiTypes.INT, description="The tree's size; the newest head's if left out."
            ),
        ],
        responses={
            200: inline_serializer(
                "InclusionProof",
                {
                    "sequence": serializers.IntegerField(),
                    "leaf_index": serializers.IntegerField(),
                    "tree_size": serializers.IntegerField(),
                    "leaf_hash": serializers.CharField(),
                    "root_hash": serializers.CharField(),
                    "audit_path": serializers.ListField(child=serializers.CharField()),
                },
            ),
            **INVALID_QUERY,
        },
    )
    def get(self, request):
        tree_size = _tree_size(request)
        sequence = _size(request, "sequence", default=tree_size)
        if sequence > tree_size:
            raise ValidationError({"sequence": ["The entry is not in a tree of that size."]})
        return Response(heads.inclusion(sequence, tree_size))


class ConsistencyProofView(PublicView):
    @extend_schema(
        summary="A consistency proof (RFC 9162 §2.1.4) between two tree sizes",
        parameters=[
            OpenApiParameter(
                "first", OpenApiTypes.INT, description="The older tree's size (the head you kept); 1 if left out."
            ),
            OpenApiParameter(
                "second", OpenApiTypes.INT, description="The newer tree's size; the newest head's if left out."
            ),
        ],
        responses={
            200: inline_serializer(
                "ConsistencyProof",
                {
                    "first": serializers.IntegerField(),
                    "second": serializers.IntegerField(),
                    "first_root": serializers.CharField(),
                    "second_root": serializers.CharField(),
                    "consistency_path": serializers.ListField(child=serializers.CharField()),
                },
            ),
            **INVALID_QUERY,
        },
    )
    def get(self, request):
        second = _tree_size(request, "second")
        first = _size(request, "first", default=1)
        if first > second:
            raise ValidationError({"first": ["The older tree cannot be larger than the newer."]})
        return Response(heads.consistency(first, second))


class ExportView(PublicView):
    @extend_schema(
        summary="The whole ledger, for the stand-alone verifier",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return StreamingHttpResponse(heads.export_chunks(), content_type="application/json")
