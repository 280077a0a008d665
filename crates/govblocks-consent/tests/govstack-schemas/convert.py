#!/usr/bin/env python3
"""Converts the published GovStack Consent BB schemas (OpenAPI 3, YAML) into JSON Schema
(draft 2020-12) documents the consent tests validate our exports against.

    python3 convert.py      # from this directory; needs PyYAML

Writes, next to this script:

* `spec.schema.json`: every schema of `components.schemas` of the GovStack specification's
  `api/consent-openapi.yaml` (vendored in `../vectors/govstack-bb-consent-spec/`), under
  `$defs`, each `$ref: '#/components/schemas/X'` rewritten to `#/$defs/X`.
* `reference.schema.json`: the reference implementation's definitions (v2023.11.1, vendored in
  `../vectors/govstack-consent-bb/`), one `$defs` entry per file.

What is dropped or corrected, and nothing else (the schemas are otherwise as published):

* OpenAPI-only annotations (`example`, `description`, `title`, `x-*`) and empty `format: ""`
  (not a JSON Schema format) are dropped: they constrain nothing.
* `type: bool` (Policy.yaml's `thirdPartyDataSharing`) is read as `boolean`, the OpenAPI type
  it means; `serizalizedSnapshot` (Revision.yaml's required list) as `serializedSnapshot`, the
  member the same file defines and the reference implementation writes. Both are upstream
  faults, documented in `src/govstack.rs`.

Each output records the SHA-256 of the file(s) it was made from (`x-source-sha256`); the test
`govstack::conversions_are_of_the_vendored_files` fails when a vendored file changes and this
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
    """`node` without annotations; `names`: `node` maps property names to schemas (a property
    may well be called `description`), so its keys are kept."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if names:
                out[key] = clean(value)
                continue
            if key in DROPPED or key.startswith("x-"):
                continue
            if key == "format" and value == "":
                continue
            if key == "type" and value == "bool":
                value = "boolean"
            if key == "$ref" and isinstance(value, str):
                value = value.replace("#/components/schemas/", "#/$defs/")
            if key == "required" and isinstance(value, list):
                value = ["serializedSnapshot" if v == "serizalizedSnapshot" else v for v in value]
            out[key] = clean(value, names=key in ("properties", "$defs"))
        return out
    if isinstance(node, list):
        return [clean(v) for v in node]
    return node


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write(name, document):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


def main():
    spec = os.path.join(VECTORS, "govstack-bb-consent-spec", "consent-openapi.yaml")
    with open(spec, encoding="utf-8") as f:
        openapi = yaml.safe_load(f)
    write("spec.schema.json", {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "x-source": "vectors/govstack-bb-consent-spec/consent-openapi.yaml",
        "x-source-sha256": {"consent-openapi.yaml": sha256(spec)},
        "$defs": clean(openapi["components"]["schemas"], names=True),
    })

    folder = os.path.join(VECTORS, "govstack-consent-bb")
    defs, hashes = {}, {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            defs[name[: -len(".yaml")]] = clean(yaml.safe_load(f))
        hashes[name] = sha256(path)
    write("reference.schema.json", {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "x-source": "vectors/govstack-consent-bb/*.yaml",
        "x-source-sha256": hashes,
        "$defs": defs,
    })


if __name__ == "__main__":
    main()
