from __future__ import annotations

from datetime import date, timedelta

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import request_mode
from accounts.models import Account, Mode
from billing.selectors import Period, account_representation, default_period, usage_summary
from generation.limits import USAGE_PERIOD_MAX_DAYS

LAST_USAGE_DAY = date.max - timedelta(days=1)


class UsageQuerySerializer(serializers.Serializer):
    to = serializers.DateField(required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False)  # `from` is a Python keyword
        return fields

    def validate(self, attrs):
        default = default_period()
        end = attrs.get("to") or default.end
        if end > LAST_USAGE_DAY:
            # The period's end bound is the next midnight, which must be a date too.
            raise serializers.ValidationError({"to": [f"`to` must be on or before {LAST_USAGE_DAY.isoformat()}."]})
        start = attrs.get("from") or end - timedelta(days=min(29, (end - date.min).days))  # not before year 1
        if start > end:
            raise serializers.ValidationError({"from": ["`from` must be on or before `to`."]})
        if (end - start).days + 1 > USAGE_PERIOD_MAX_DAYS:
            raise serializers.ValidationError({"from": [f"A period spans at most {USAGE_PERIOD_MAX_DAYS} days."]})
        return Period(start=start, end=end)


class UsageApi(APIView):
    @extend_schema(
        operation_id="get_usage", parameters=[UsageQuerySerializer],
        responses={200: inline_serializer("Usage", {
            "balance": inline_serializer("Balance", {"available": serializers.IntegerField(),
                                                     "reserved": serializers.IntegerField()}),
            "period": inline_serializer("UsagePeriod", {"from": serializers.DateField(),
                                                        "to": serializers.DateField()}),
            "consumed": serializers.IntegerField(), "released": serializers.IntegerField(),
            "imagesProduced": serializers.IntegerField(), "testImagesProduced": serializers.IntegerField(),
            "jobs": serializers.DictField(child=serializers.IntegerField()),
            "daily": inline_serializer("UsageDay", {"date": serializers.DateField(),
                                                    "credits": serializers.IntegerField(),
                                                    "images": serializers.IntegerField()}, many=True),
            "purchased": serializers.IntegerField(help_text="Credits bought in the period, less credits taken back."),
            "purchases": inline_serializer("UsagePurchase", {
                "date": serializers.DateTimeField(),
                "kind": serializers.ChoiceField(choices=["purchase", "subscription", "adjustment"]),
                "credits": serializers.IntegerField(help_text="Positive when bought, negative when taken back."),
                "stripeObjectId": serializers.CharField(allow_null=True),
                "description": serializers.CharField(),
            }, many=True),
        }), 400: OpenApiResponse(description="Problem document")},
        summary="Credits and images for a period (default: the last 30 days), with the credits bought",
    )
    def get(self, request):
        query = UsageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        account = Account.objects.get(pk=request.user.account.pk)  # fresh balance
        return Response(usage_summary(account=account, period=query.validated_data, mode=request_mode(request)))


class AccountApi(APIView):
    @extend_schema(
        operation_id="get_account",
        responses={200: inline_serializer("Account", {
            "accountId": serializers.CharField(), "email": serializers.EmailField(),
            "mode": serializers.ChoiceField(choices=Mode.values, help_text="The mode of the key used."),
            "plan": inline_serializer("AccountPlan", {
                "code": serializers.CharField(), "name": serializers.CharField(),
                "creditsPerPeriod": serializers.IntegerField(),
                "renewsAt": serializers.DateTimeField(allow_null=True),
            }, allow_null=True),
            "balance": inline_serializer("AccountBalance", {"available": serializers.IntegerField(),
                                                            "reserved": serializers.IntegerField()}),
        })},
        summary="The account behind the key: plan and balance",
    )
    def get(self, request):
        account = Account.objects.get(pk=request.user.account.pk)  # fresh balance
        return Response(account_representation(account=account, mode=request_mode(request)))
