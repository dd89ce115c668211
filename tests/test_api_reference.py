"""docs/api.md is the OpenAPI schema (/api/schema/) written out: it must match what
scripts/api_reference.py renders from the schema the product serves now."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def _reference_module():
    spec = importlib.util.spec_from_file_location("api_reference", ROOT / "scripts" / "api_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_api_md_is_the_served_schema_written_out_run_make_api_docs_if_not():
    reference = _reference_module()
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    expected = reference.render(json.loads(response.content))
    assert (ROOT / "docs" / "api.md").read_text() == expected, "docs/api.md is out of date: run `make api-docs`"


def test_the_reference_lists_every_operation_and_schema_of_the_api():
    document = json.loads(Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    text = (ROOT / "docs" / "api.md").read_text()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert f"`{method.upper()} {path}` — operation `{operation['operationId']}`" in text
    for name in document["components"]["schemas"]:
        assert f"\n### {name}\n" in text
    # Internal notes of the code never leak into the published descriptions.
    assert "deep-copies" not in text
