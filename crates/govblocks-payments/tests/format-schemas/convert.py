#!/usr/bin/env python3
"""Converts the published GovStack Payments BB schemas (OpenAPI 3, YAML, vendored unchanged in
`../vectors/govstack-bb-payments/`) into the JSON Schema (draft 2020-12) documents
`tests/api/formats.rs` validates every document `govblocks_payments::formats::govstack` writes
against.

The G2P Connect disbursement schemas (`DisburseRequest`, `DisburseResponse`) are not converted
here: `tests/api/formats.rs` reads the exchange block's conversion,
`schemas/exchange/g2p/v1/g2p-disburse-request.json` and `g2p-disburse-response.json` (made by
`schemas/exchange/g2p/convert.py`, with the same corrections: `disbursements`, the financial
address pattern, the amount pattern; see `schemas/exchange/g2p/DEVIATIONS.md`), so that one
conversion serves both blocks.

    python3 convert.py      # from this directory; needs PyYAML

Writes, next to this script:

* `govstack-bulk-payment.schema.json`: the request body of `POST /batchtransactions` of
  `v1_0_1_fixed_BulkPayment.yml` (the array of credit instructions).
* `govstack-sub-batch.schema.json`: the request body of `POST /beneficiaries?command=validate`
  of `BulkValidateAccountRequest.yml` (the per-bank sub-batch of `creditInstructions`).

What is dropped or corrected, and nothing else (the schemas are otherwise as published):

* OpenAPI-only annotations (`example`, `description`, `title`, `x-*`) and the OpenAPI formats
  `float` and `double` are dropped: they constrain nothing in JSON Schema.
* GovStack: `financialAddress` of a credit instruction has `maxLength: 20`, shorter than the
  IBANs (up to 34 characters) the specification's own text asks for and than financial
  addresses; it becomes 256.

It is recorded in `docs/DESIGN.md` ("Where the repository chose differently").
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
            if key == "$ref" and isinstance(value, str):
                value = value.replace("#/components/schemas/", "#/$defs/")
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
