#!/usr/bin/env python3
"""Converts the published GovStack Payments BB and G2P Connect disbursement schemas (OpenAPI 3,
YAML, vendored unchanged in `../vectors/govstack-bb-payments/` and `../vectors/g2p-connect/`)
into the JSON Schema (draft 2020-12) documents `tests/api/formats.rs` validates every document
`govblocks_payments::formats` writes against.

    python3 convert.py      # from this directory; needs PyYAML

Writes, next to this script:

* `govstack-bulk-payment.schema.json`: the request body of `POST /batchtransactions` of
  `v1_0_1_fixed_BulkPayment.yml` (the array of credit instructions).
* `govstack-sub-batch.schema.json`: the request body of `POST /beneficiaries?command=validate`
  of `BulkValidateAccountRequest.yml` (the per-bank sub-batch of `creditInstructions`).
* `g2p-disburse-request.schema.json`, `g2p-disburse-response.schema.json`: the
  `DisburseRequest` and `DisburseResponse` of `disburse_core_api_v1.0.0.yaml`, with every
  schema of its `components.schemas` under `$defs` (`#/components/schemas/X` -> `#/$defs/X`).

What is dropped or corrected, and nothing else (the schemas are otherwise as published):

* OpenAPI-only annotations (`example`, `description`, `title`, `x-*`) and the OpenAPI formats
  `float` and `double` are dropped: they constrain nothing in JSON Schema.
* G2P Connect: the `required` list of `DisburseRequest` names `disburemsents`, read as
  `disbursements` (the member the schema defines).
* G2P Connect: `cdpi_FinancialAddress` and `cdpi_PersonId` hold the regular expression
  `^[a-zA-Z0-9.-]+@[a-zA-Z0-9.-]+$` under `format`, where JSON Schema ignores it, and it rejects
  the `id-type:` of every example the schema gives (`token:12345@gtbank`); it becomes the
  `pattern` of the examples' grammar, `FA_PATTERN` below.
* G2P Connect: the `Amount` pattern `^\\d{1,13}\\.\\d{1,2}$` forbids amounts of currencies without
  two decimals (`100` JPY, `1.000` KWD) and the 18 digits ISO 20022 allows; it becomes
  `AMOUNT_PATTERN` below (a plain decimal, up to 18 digits before the point and 4 after).
* GovStack: `financialAddress` of a credit instruction has `maxLength: 20`, shorter than the
  IBANs (up to 34 characters) the specification's own text asks for and than financial
  addresses; it becomes 256.

Each of these is recorded in `docs/DESIGN.md` ("Where the repository chose differently").
Each output records the SHA-256 of the file it was made from (`x-source-sha256`); the test
`formats::conversions_are_of_the_vendored_files` fails when a vendored file changes and this
script was not run again.
"""
import hashlib
import json
import os
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "vectors")
DROPPED = {"example", "description", "title"}
FA_PUBLISHED = "^[a-zA-Z0-9.-]+@[a-zA-Z0-9.-]+$"
FA_PATTERN = "^([a-zA-Z0-9._-]+:)?[a-zA-Z0-9._-]+@[a-zA-Z0-9.-]+$"
AMOUNT_PUBLISHED = "^\\d{1,13}\\.\\d{1,2}$"
AMOUNT_PATTERN = "^(0|[1-9][0-9]{0,17})(\\.[0-9]{1,4})?$"


def clean(node, names=False):
    """`node` without annotations; `names`: `node` maps property names to schemas."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if names:
                out[key] = clean(value)
                continue
            if key in DROPPED or key.startswith("x-"):
                continue
            if key == "format" and value in ("float", "double"):
                continue
            if key == "format" and value == FA_PUBLISHED:
                out["pattern"] = FA_PATTERN
                continue
            if key == "pattern" and value == AMOUNT_PUBLISHED:
                value = AMOUNT_PATTERN
            if key == "$ref" and isinstance(value, str):
                value = value.replace("#/components/schemas/", "#/$defs/")
            if key == "required" and isinstance(value, list):
                value = ["disbursements" if v == "disburemsents" else v for v in value]
            out[key] = clean(value, names=key in ("properties", "$defs"))
        return out
    if isinstance(node, list):
        return [clean(v) for v in node]
    return node


def load(path):
    raw = open(path, "rb").read()
    return yaml.safe_load(raw), hashlib.sha256(raw).hexdigest()


def write(name, schema, source, sha):
    doc = {"$schema": "https://json-schema.org/draft/2020-12/schema",
           "x-source": source, "x-source-sha256": sha}
    doc.update(schema)
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(doc, f, indent=2, sort_keys=True)
        f.write("\n")


def body(spec, path):
    return spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]


gs = "govstack-bb-payments/v1_0_1_fixed_BulkPayment.yml"
spec, sha = load(os.path.join(VECTORS, gs))
write("govstack-bulk-payment.schema.json", clean(body(spec, "/batchtransactions")), gs, sha)

gs = "govstack-bb-payments/BulkValidateAccountRequest.yml"
spec, sha = load(os.path.join(VECTORS, gs))
schema = clean(body(spec, "/beneficiaries?command=validate"))
schema["properties"]["creditInstructions"]["items"]["properties"]["financialAddress"]["maxLength"] = 256
write("govstack-sub-batch.schema.json", schema, gs, sha)

g2p = "g2p-connect/disburse_core_api_v1.0.0.yaml"
spec, sha = load(os.path.join(VECTORS, g2p))
defs = clean(spec["components"]["schemas"], names=True)
for root in ("DisburseRequest", "DisburseResponse"):
    name = "g2p-disburse-request.schema.json" if root == "DisburseRequest" \
        else "g2p-disburse-response.schema.json"
    write(name, {"$ref": "#/$defs/" + root, "$defs": defs}, g2p, sha)
