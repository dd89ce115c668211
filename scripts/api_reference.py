"""Writes docs/api.md, the API reference, from the OpenAPI schema the product serves
at /api/schema/ (`make api-docs`). `--check` only compares and exits 1 when the file
is out of date (tests/test_api_reference.py does the same).

    .venv/bin/python scripts/api_reference.py           # rewrite docs/api.md
    .venv/bin/python scripts/api_reference.py --check   # is it up to date?
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "api.md"
METHODS = ("get", "post", "put", "patch", "delete")

HEADER = """# API reference

Generated from the OpenAPI schema the product serves at `/api/schema/` (interactive:
`/api/docs/`) by `make api-docs` (`scripts/api_reference.py`); do not edit by hand —
change the views and serializers, then regenerate. `tests/test_api_reference.py` fails
while this file is out of date. The README ("Using the API", "What to expect") explains
the concepts: jobs, credits, test keys, idempotency, webhooks.

## Basics

- Base URL: your site's address (`PUBLIC_BASE_URL`), e.g. `http://127.0.0.1:8000`.
- Authentication: `Authorization: Bearer <key>` or `X-API-Key: <key>` (create a key in
  Settings → API keys, or `manage.py create_api_key`). `cs_live_…` keys spend credits;
  `cs_test_…` keys are free and watermark their images.
- Bodies are JSON (`Content-Type: application/json`) except uploads (multipart).
- Errors are problem documents (`application/problem+json`, the `Problem` schema
  below): `status`, a stable `code`, a human `detail`, per-field `errors` and the
  `requestId` to quote when asking for help.

```sh
export CS=http://127.0.0.1:8000 KEY=cs_test_…
curl -s -X POST "$CS/api/v1/generate" -H "Authorization: Bearer $KEY" \\
     -H "Content-Type: application/json" -d '{"claim": "Summer sale -50%", "formats": ["F1", "F4"]}'
curl -s "$CS/api/v1/jobs/<jobId>" -H "Authorization: Bearer $KEY"
```

```python
import requests, time

CS = "http://127.0.0.1:8000"
api = requests.Session()
api.headers["Authorization"] = "Bearer cs_test_…"
job = api.post(f"{CS}/api/v1/generate", json={"claim": "Summer sale -50%", "formats": ["F1", "F4"]}).json()
while job["status"] in ("queued", "processing"):
    time.sleep(0.5)
    job = api.get(f"{CS}/api/v1/jobs/{job['jobId']}").json()
print(job["result"]["images"])
```
"""


def schema() -> dict:
    """The document GET /api/schema/ answers, as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    response = Client(SERVER_NAME="localhost").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    if response.status_code != 200:
        raise SystemExit(f"GET /api/schema/ answered {response.status_code}")
    return json.loads(response.content)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _link(name: str) -> str:
    return f"[{name}](#{name.lower()})"


def type_of(node: dict) -> str:
    """A schema node in a few words: `string (uuid)`, `array of Output`, `ModeEnum`…"""
    if "$ref" in node:
        return _link(_ref_name(node["$ref"]))
    for combinator in ("allOf", "oneOf", "anyOf"):
        if combinator in node:
            parts = [type_of(part) for part in node[combinator]]
            kind = " or ".join(dict.fromkeys(parts))
            return f"{kind}, nullable" if node.get("nullable") else kind
    kind = node.get("type", "any")
    if kind == "array":
        kind = f"array of {type_of(node.get('items', {}))}"
    elif kind == "object" and "additionalProperties" in node and isinstance(node["additionalProperties"], dict):
        kind = f"object of {type_of(node['additionalProperties'])}"
    if node.get("format"):
        kind += f" ({node['format']})"
    if node.get("nullable"):
        kind += ", nullable"
    return kind


def rules_of(node: dict) -> str:
    """Limits and defaults that a client must respect."""
    rules = []
    for key, word in (("minLength", "min length"), ("maxLength", "max length"), ("minimum", "min"),
                      ("maximum", "max"), ("minItems", "min items"), ("maxItems", "max items")):
        if key in node:
            rules.append(f"{word} {node[key]}")
    if "enum" in node:
        rules.append("one of " + ", ".join(f"`{value}`" for value in node["enum"] if value not in ("", None)))
    if "default" in node:
        rules.append(f"default `{json.dumps(node['default'])}`")
    if node.get("readOnly"):
        rules.append("read-only")
    return "; ".join(rules)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def fields_table(component: dict) -> list[str]:
    properties = component.get("properties") or {}
    if not properties:
        return []
    required = set(component.get("required") or [])
    lines = ["| field | type | required | rules | description |", "|---|---|---|---|---|"]
    for name, node in properties.items():
        lines.append(f"| `{name}` | {_cell(type_of(node))} | {'yes' if name in required else ''} | "
                     f"{_cell(rules_of(node))} | {_cell(node.get('description', ''))} |")
    return lines


def _content_schema(content: dict) -> tuple[str, str]:
    for media_type, body in content.items():
        return media_type, type_of(body.get("schema", {})) if body.get("schema") else ""
    return "", ""


def operation_section(method: str, path: str, op: dict) -> list[str]:
    title = op.get("summary") or op.get("operationId", "")
    lines = [f"### {title}", "", f"`{method.upper()} {path}` — operation `{op.get('operationId', '')}`", ""]
    if op.get("description"):
        lines += [op["description"].strip(), ""]
    parameters = op.get("parameters") or []
    if parameters:
        lines += ["| parameter | in | type | required | rules | description |", "|---|---|---|---|---|---|"]
        for parameter in parameters:
            node = parameter.get("schema", {})
            lines.append(f"| `{parameter['name']}` | {parameter['in']} | {_cell(type_of(node))} | "
                         f"{'yes' if parameter.get('required') else ''} | {_cell(rules_of(node))} | "
                         f"{_cell(parameter.get('description', ''))} |")
        lines.append("")
    body = op.get("requestBody")
    if body:
        media_type, kind = _content_schema(body.get("content", {}))
        lines += [f"Request body ({media_type}){' — required' if body.get('required') else ''}: {kind}", ""]
    lines += ["| status | content | description |", "|---|---|---|"]
    for status, response in sorted(op.get("responses", {}).items()):
        media_type, kind = _content_schema(response.get("content", {}))
        content = f"{kind} ({media_type})" if kind else media_type
        lines.append(f"| {status} | {_cell(content)} | {_cell(response.get('description', ''))} |")
    return lines + [""]


def render(document: dict) -> str:
    info = document.get("info", {})
    lines = [HEADER.rstrip(), "", f"API version {info.get('version', '')}: {info.get('description', '')}", "",
             "## Endpoints", ""]
    for path, operations in document.get("paths", {}).items():
        for method in METHODS:
            if method in operations:
                lines += operation_section(method, path, operations[method])
    lines += ["## Schemas", ""]
    for name, component in sorted(document.get("components", {}).get("schemas", {}).items()):
        lines += [f"### {name}", ""]
        if component.get("description"):
            lines += [" ".join(component["description"].split()), ""]
        if "enum" in component:
            lines += ["One of: " + ", ".join(f"`{value}`" for value in component["enum"]), ""]
        table = fields_table(component)
        if table:
            lines += table + [""]
        elif "enum" not in component:
            lines += [f"Type: {type_of(component)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when docs/api.md is out of date")
    args = parser.parse_args()
    text = render(schema())
    if args.check:
        current = OUTPUT.read_text() if OUTPUT.exists() else ""
        if current != text:
            print("docs/api.md is out of date: run `make api-docs`.", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
