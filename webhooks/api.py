"""/api/v1/webhooks/…: the default secret, endpoints, the message log, resend, test."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts.authentication import LiveModeOnly
from generation.api.serializers import ProblemSerializer
from generation.limits import WEBHOOK_DESCRIPTION_MAX_CHARS, WEBHOOK_MESSAGE_LIST_MAX_LIMIT, WEBHOOK_URL_MAX_CHARS
from webhooks.representations import endpoint_to_dict, message_to_dict
from webhooks.selectors import (
    endpoint_get_for_account,
    endpoint_list_for_account,
    message_get_for_account,
    message_list_for_account,
)
from webhooks.services import (
    JOB_EVENT_TYPES,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_secret,
    webhook_endpoint_send_test,
    webhook_message_resend,
    webhook_signing_secret_get,
)

PROBLEM = OpenApiResponse(ProblemSerializer, description="Problem document (application/problem+json)")


class SecretSerializer(serializers.Serializer):
    secret = serializers.CharField()


class EndpointCreateSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=WEBHOOK_URL_MAX_CHARS)
    description = serializers.CharField(max_length=WEBHOOK_DESCRIPTION_MAX_CHARS, required=False, allow_blank=True,
                                        default="")
    eventTypes = serializers.ListField(child=serializers.ChoiceField(choices=JOB_EVENT_TYPES), required=False,
                                      max_length=len(JOB_EVENT_TYPES), default=list)


class EndpointSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    url = serializers.URLField()
    description = serializers.CharField(allow_blank=True)
    eventTypes = serializers.ListField(child=serializers.CharField())
    isActive = serializers.BooleanField()
    disabledReason = serializers.CharField(allow_null=True)
    createdAt = serializers.DateTimeField()


class EndpointWithSecretSerializer(EndpointSerializer):
    secret = serializers.CharField()


class EndpointListSerializer(serializers.Serializer):
    endpoints = EndpointSerializer(many=True)


class DeliverySerializer(serializers.Serializer):
    attempt = serializers.IntegerField()
    succeeded = serializers.BooleanField()
    statusCode = serializers.IntegerField(allow_null=True)
    latencyMs = serializers.IntegerField(allow_null=True)
    responseExcerpt = serializers.CharField(allow_blank=True)
    error = serializers.CharField(allow_null=True)
    nextAttemptAt = serializers.DateTimeField(allow_null=True)
    createdAt = serializers.DateTimeField()


class MessageSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    webhookId = serializers.CharField()
    eventType = serializers.CharField()
    endpointId = serializers.UUIDField(allow_null=True)
    jobId = serializers.UUIDField(allow_null=True)
    url = serializers.URLField()
    status = serializers.ChoiceField(choices=["pending", "succeeded", "failed"])
    attempts = serializers.IntegerField()
    nextAttemptAt = serializers.DateTimeField(allow_null=True)
    createdAt = serializers.DateTimeField()
    deliveries = DeliverySerializer(many=True)


class MessageListQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=WEBHOOK_MESSAGE_LIST_MAX_LIMIT, default=20)
    endpointId = serializers.UUIDField(required=False)


class MessageListSerializer(serializers.Serializer):
    messages = MessageSerializer(many=True)


class LiveOnlyApi(APIView):
    """Webhook secrets and endpoints are managed in Settings or with a live key; a
    test key gets 404 not_found for all of them (README, What to expect: Test keys)."""

    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, LiveModeOnly]


class WebhookSecretApi(LiveOnlyApi):
    @extend_schema(operation_id="get_webhook_secret", responses={200: SecretSerializer, 404: PROBLEM},
                   summary="The secret that signs deliveries to a per-request webhookUrl")
    def get(self, request):
        return Response({"secret": webhook_signing_secret_get(account=request.user.account)})


class EndpointListApi(LiveOnlyApi):
    @extend_schema(operation_id="list_webhook_endpoints", responses={200: EndpointListSerializer, 404: PROBLEM},
                   summary="The account's webhook endpoints")
    def get(self, request):
        endpoints = endpoint_list_for_account(account=request.user.account)
        return Response({"endpoints": [endpoint_to_dict(e) for e in endpoints]})

    @extend_schema(operation_id="create_webhook_endpoint", request=EndpointCreateSerializer,
                   responses={201: EndpointWithSecretSerializer, 400: PROBLEM, 404: PROBLEM, 409: PROBLEM},
                   summary="Add a webhook endpoint (the answer carries its signing secret)")
    def post(self, request):
        data = EndpointCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint, secret = webhook_endpoint_create(
            account=request.user.account, url=data.validated_data["url"],
            description=data.validated_data["description"], event_types=data.validated_data["eventTypes"],
        )
        return Response(endpoint_to_dict(endpoint, secret=secret), status=201)


class EndpointDetailApi(LiveOnlyApi):
    @extend_schema(operation_id="get_webhook_endpoint", responses={200: EndpointWithSecretSerializer, 404: PROBLEM},
                   summary="A webhook endpoint, with its signing secret")
    def get(self, request, endpoint_id):
        endpoint = endpoint_get_for_account(account=request.user.account, endpoint_id=endpoint_id)
        return Response(endpoint_to_dict(endpoint, secret=webhook_endpoint_secret(endpoint=endpoint)))

    @extend_schema(operation_id="delete_webhook_endpoint", responses={204: None, 404: PROBLEM},
                   summary="Delete a webhook endpoint and its delivery log")
    def delete(self, request, endpoint_id):
        webhook_endpoint_delete(endpoint=endpoint_get_for_account(account=request.user.account,
                                                                  endpoint_id=endpoint_id))
        return Response(status=204)


class EndpointTestApi(LiveOnlyApi):
    @extend_schema(operation_id="send_webhook_test_event", request=None,
                   responses={202: MessageSerializer, 404: PROBLEM, 409: PROBLEM},
                   summary="Send a `webhook.test` event to the endpoint")
    def post(self, request, endpoint_id):
        endpoint = endpoint_get_for_account(account=request.user.account, endpoint_id=endpoint_id)
        message = webhook_endpoint_send_test(endpoint=endpoint)
        return Response(message_to_dict(message), status=202)


class MessageListApi(LiveOnlyApi):
    @extend_schema(operation_id="list_webhook_messages", parameters=[MessageListQuerySerializer],
                   responses={200: MessageListSerializer, 400: PROBLEM, 404: PROBLEM},
                   summary="The delivery log: recent events with every attempt")
    def get(self, request):
        query = MessageListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        endpoint = None
        if query.validated_data.get("endpointId"):
            endpoint = endpoint_get_for_account(account=request.user.account,
                                                endpoint_id=query.validated_data["endpointId"])
        messages = message_list_for_account(account=request.user.account, endpoint=endpoint)
        return Response({"messages": [message_to_dict(m) for m in messages[: query.validated_data["limit"]]]})


class MessageResendApi(LiveOnlyApi):
    @extend_schema(operation_id="resend_webhook_message", request=None,
                   responses={202: MessageSerializer, 404: PROBLEM, 409: PROBLEM},
                   summary="Deliver an event again, with the same webhook-id")
    def post(self, request, message_id):
        message = message_get_for_account(account=request.user.account, message_id=message_id)
        return Response(message_to_dict(webhook_message_resend(message=message)), status=202)
