"""A real S3-compatible server for the tests: moto's server on a free port of
127.0.0.1, started once per test run, with one bucket. Each test that uses it gets
its own folder (S3_PREFIX) in that bucket, and a worker cluster it starts gets the
same environment."""
from __future__ import annotations

import logging
import socket
import uuid
from dataclasses import dataclass

BUCKET = "creative-studio-test"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


@dataclass
class S3Server:
    endpoint_url: str
    server: object

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint_url, aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                            region_name=CREDENTIALS["AWS_DEFAULT_REGION"])

    def keys(self, prefix: str) -> list[str]:
        """Every object under `prefix`, listed by the server itself."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix.rstrip("/") + "/")
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def s3_server_start() -> S3Server:
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    s3 = S3Server(f"http://127.0.0.1:{port}", server)
    s3.client().create_bucket(Bucket=BUCKET)
    return s3


def s3_environment(s3: S3Server, **extra: str) -> dict[str, str]:
    """The documented STORAGE=s3 environment for this server, in a folder of its own."""
    return {"STORAGE": "s3", "S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": s3.endpoint_url,
            "S3_PREFIX": f"test-{uuid.uuid4().hex[:12]}", **CREDENTIALS, **extra}
