#!/usr/bin/env python3
"""Converts the published SPDCI / G2P Connect OpenAPI 3.0 schemas to JSON Schema 2020-12.

Run from anywhere (Python 3.11+, PyYAML):

    python3 crates/govblocks-exchange/schemas/g2p/convert.py          # rewrite v1/*.json
    python3 crates/govblocks-exchange/schemas/g2p/convert.py --check  # exit 1 if they differ

Inputs are the published bundles kept verbatim, with their SOURCE.md, under
crates/govblocks-exchange/tests/vectors/{spdci,g2p-connect}/. Outputs are the checked-in files
of schemas/exchange/g2p/v1/ (the crate sees them as schemas/g2p/v1/): pretty JSON, two-space
indent, keys in the specification's order, `$defs` sorted by name, so that a re-run reproduces
them byte for byte.

The translation (OpenAPI 3.0 Schema Object -> JSON Schema 2020-12):
- `#/components/schemas/X` becomes `#/$defs/X`; each output file carries every component it
  reaches in its own `$defs` (one self-contained file per schema, no cross-file `$ref`);
- a `$ref` into a component (`#/components/schemas/X/properties/y`) is replaced by a copy of its
  target (the pointer would otherwise pull the whole component into `$defs`);
- OpenAPI-only keywords are dropped: `example`, `examples`, `x-*`, `deprecated`, `xml`,
  `externalDocs`, `discriminator`, `readOnly`, `writeOnly`;
- `nullable: true` becomes a `"null"` member of `type` (and of `enum`, when there is one);
- OpenAPI data-type formats: `int32` / `int64` become `type: integer` with the bounds of that
  width; `float`, `double`, `byte`, `binary`, `password` are dropped (not JSON Schema formats);
  `date-time`, `date`, `uri`, `email`, `uuid` stay (asserted by govblocks' validators); any other
  format stops the converter, so that a new one is looked at, not silently ignored;
- `\\d` in a `pattern` becomes `[0-9]` (Rust's `regex` reads `\\d` as any Unicode digit).

Where the published schema is wrong, an explicit patch below follows the specification's intent.
Each is numbered as in DEVIATIONS.md (beside this script); the published files are never edited.

This is the one conversion of the G2P Connect disbursement schema in the repository: the
exchange block registers `g2p-disburse-request*.json` (and checks a `disburse` payload against
it), and the payments block's tests validate what `govblocks_payments::formats::g2p` writes
against `g2p-disburse-request.json` and `g2p-disburse-response.json`. Its G2P Connect patches
(D6, D7, D8) are the readings docs/DESIGN.md records for the payments block ("Where the
repository chose differently"), so that what one block writes the other accepts.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent  # schemas/exchange/g2p
ROOT = HERE.parents[2]  # the repository
VECTORS = ROOT / "crates" / "govblocks-exchange" / "tests" / "vectors"
OUT = HERE / "v1"

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://schemas.govblocks.org/exchange/g2p/v1/"

SPDCI = {
    "name": "SPDCI registry API v1.0.0",
    "repo": "https://github.com/spdci/standards",
    "path": "release/yaml/registry_core_api_v1.0.0.yaml",
    "file": VECTORS / "spdci" / "registry_core_api_v1.0.0.yaml",
    "source": VECTORS / "spdci" / "SOURCE.md",
}
G2P = {
    "name": "G2P Connect disbursement API v1.0.0",
    "repo": "https://github.com/G2P-Connect/specs",
    "path": "release/yaml/disburse_core_api_v1.0.0.yaml",
    "file": VECTORS / "g2p-connect" / "disburse_core_api_v1.0.0.yaml",
    "source": VECTORS / "g2p-connect" / "SOURCE.md",
}

DROPPED = {
    "example",
    "examples",
    "deprecated",
    "xml",
    "externalDocs",
    "discriminator",
    "readOnly",
    "writeOnly",
}
KEPT_FORMATS = {"date-time", "date", "uri", "email", "uuid"}
DROPPED_FORMATS = {"float", "double", "byte", "binary", "password"}
INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
COMPONENT = "#/components/schemas/"


class ConversionError(Exception):
    pass


def load(spec: dict) -> dict:
    with open(spec["file"], encoding="utf-8") as f:
        document = yaml.safe_load(f)
    commit = None
    for line in spec["source"].read_text(encoding="utf-8").splitlines():
        if line.startswith("- Commit: "):
            commit = line.split()[2]
    if commit is None:
        raise ConversionError(f"{spec['source']}: no '- Commit: ' line")
    return {"doc": document, "commit": commit, **spec}


# ---- patches: the deviations of DEVIATIONS.md, applied to the components before translation ---


def purpose_object(what: str) -> dict:
    return {
        "type": "object",
        "properties": {
            "text": {"type": "string"},
            "code": {"type": "string", "description": "From a fixed set, documented at refUri"},
            "ref_uri": {
                "type": "string",
                "format": "uri",
                "description": f"Uri to provide more info on {what} codes",
            },
        },
    }


def patch_spdci(components: dict) -> None:
    schemas = components["schemas"]
    # D1, D2: Consent and Authorize put their members under `example` (a sample value), so that
    # as published they are `type: object` and nothing else. Their members become `properties`,
    # each with the schema the example spells out: `@context` and `@type` strings, `ts` a
    # DateTime, `purpose` an object of `text`, `code` and `ref_uri` (a URI). None is required
    # (the published text requires none).
    for name, what in (("Consent", "consent"), ("Authorize", "authorize")):
        published = schemas[name]
        assert "properties" not in published and "ts" in published["example"], name
        schemas[name] = {
            "type": "object",
            "description": published["description"],
            "properties": {
                "@context": {"type": "string"},
                "@type": {"type": "string"},
                "ts": {"$ref": COMPONENT + "DateTime"},
                "purpose": purpose_object(what),
            },
        }
    # D3: AttributeValue is `oneOf` string, integer, number, boolean, object. Every integer is
    # also a number, so an integer value matches two branches and `oneOf` refuses it. The intent
    # is "any of these types": `anyOf`.
    attribute_value = schemas["AttributeValue"]
    assert "oneOf" in attribute_value
    attribute_value["anyOf"] = attribute_value.pop("oneOf")
    # D4: RegistryQueries is `oneOf` ExpTemplate, IdentifierTypeValue, ExpPredicateWithCondition-
    # List. ExpTemplate and IdentifierTypeValue are both `{type, value}` with nothing required,
    # so every object query with an object `value` (an expression query, the published samples'
    # `{"type": "...", "value": {"expression": ...}}`) matches both and `oneOf` refuses it.
    # `query_type` says which one is meant; the schema accepts any of the three: `anyOf`.
    queries = schemas["RegistryQueries"]
    assert "oneOf" in queries
    queries["anyOf"] = queries.pop("oneOf")


# The G2P Connect readings shared with the payments block (docs/DESIGN.md, "Where the
# repository chose differently"): govblocks_payments::formats::g2p writes and reads these.
FA_PUBLISHED = "^[a-zA-Z0-9.-]+@[a-zA-Z0-9.-]+$"
FA_PATTERN = "^([a-zA-Z0-9._-]+:)?[a-zA-Z0-9._-]+@[a-zA-Z0-9.-]+$"
AMOUNT_PUBLISHED = "^\\d{1,13}\\.\\d{1,2}$"
AMOUNT_PATTERN = "^(0|[1-9][0-9]{0,17})(\\.[0-9]{1,4})?$"


def patch_g2p(components: dict) -> None:
    schemas = components["schemas"]
    # D6: DisburseRequest requires `disburemsents`, a misspelling of its property
    # `disbursements`; as published, no request with the real property can be valid.
    required = schemas["DisburseRequest"]["required"]
    assert required == ["transaction_id", "disburemsents"], required
    required[1] = "disbursements"
    # D7: cdpi_FinancialAddress (and cdpi_PersonId) carry their regular expression in `format`
    # (an unknown format, which a 2020-12 validator must not accept silently) instead of
    # `pattern`, and that expression has no `:` although every documented example is
    # `type:id@provider` (`token:12345@gtbank`). It becomes a `pattern` of the examples'
    # grammar: an optional `type:`, an id, `@`, a provider.
    for name in ("cdpi_FinancialAddress", "cdpi_PersonId"):
        schema = schemas[name]
        assert schema["format"] == FA_PUBLISHED, name
        del schema["format"]
        schema["pattern"] = FA_PATTERN
    # D8: the Amount pattern `^\d{1,13}\.\d{1,2}$` requires exactly one or two decimals, so
    # that amounts of currencies without two minor digits (`15000` JPY, `1.000` KWD) cannot be
    # written, and allows 13 integer digits where ISO 20022 allows 18. It becomes a plain ASCII
    # decimal: no leading zero, up to 18 digits before the point and 4 after.
    amount = schemas["Amount"]
    assert amount["pattern"] == AMOUNT_PUBLISHED, amount
    amount["pattern"] = AMOUNT_PATTERN


# ---- translation -------------------------------------------------------------------------------


def resolve_pointer(document: dict, ref: str):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise ConversionError(f"$ref {ref} points at nothing")
        node = node[part]
    return node


class Converter:
    def __init__(self, spec: dict):
        self.spec = spec
        self.document = spec["doc"]
        self.components = self.document["components"]["schemas"]
        self.reached: set[str] = set()

    def translate(self, node, where: str):
        if isinstance(node, list):
            return [self.translate(item, where) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict = {}
        for key, value in node.items():
            if key in DROPPED or key.startswith("x-"):
                continue
            if key == "$ref":
                out.update(self.reference(value, where))
            elif key == "nullable":
                continue  # below, once `type` and `enum` are known
            elif key == "format":
                if value in KEPT_FORMATS:
                    out["format"] = value
                elif value in INT_BOUNDS:
                    # D5 for `type: number` (Pagination): the width says an integer is meant.
                    low, high = INT_BOUNDS[value]
                    out["type"] = "integer"
                    out["minimum"], out["maximum"] = low, high
                elif value not in DROPPED_FORMATS:
                    raise ConversionError(f"{where}: unknown format {value!r}")
            elif key == "pattern":
                # `\d` is any Unicode digit to Rust's regex; the specifications mean 0-9. (The
                # only published `\d`, in Amount, is replaced by D8 before this.)
                out["pattern"] = value.replace("\\d", "[0-9]")
            elif key == "type":
                out.setdefault("type", value)
            elif key in ("properties", "patternProperties", "$defs"):
                out[key] = {k: self.translate(v, f"{where}/{k}") for k, v in value.items()}
            else:
                out[key] = self.translate(value, f"{where}/{key}")
        if node.get("nullable") is True:
            if "type" in out:
                types = out["type"] if isinstance(out["type"], list) else [out["type"]]
                out["type"] = types + ["null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = out["enum"] + [None]
        return out

    def reference(self, ref: str, where: str) -> dict:
        if not ref.startswith(COMPONENT):
            raise ConversionError(f"{where}: $ref {ref} is not a component schema")
        name, _, rest = ref.removeprefix(COMPONENT).partition("/")
        if name not in self.components:
            raise ConversionError(f"{where}: $ref {ref}: no component {name}")
        if rest:
            # A pointer into a component: a copy of its target, translated in place.
            return self.translate(resolve_pointer(self.document, ref), ref)
        self.reached.add(name)
        return {"$ref": f"#/$defs/{name}"}

    def defs(self) -> dict:
        """Every component reached, translated (transitively), sorted by name."""
        done: dict = {}
        while pending := sorted(self.reached - done.keys()):
            for name in pending:
                done[name] = self.translate(self.components[name], COMPONENT + name)
        return {name: with_title(name, done[name]) for name in sorted(done)}


def with_title(name: str, schema: dict) -> dict:
    """The component's name as its `title` (each `$defs` member has one), first."""
    return {"title": name, **schema}


def document(spec: dict, file: str, title: str, description: str, body: dict, defs: dict) -> dict:
    comment = (
        f"Converted by schemas/exchange/g2p/convert.py from {spec['repo']}, "
        f"{spec['path']} at commit {spec['commit']} (Apache-2.0); "
        "deviations from the published text: schemas/exchange/g2p/DEVIATIONS.md. "
        "Do not edit: change the converter and run it again."
    )
    head = {
        "$schema": DIALECT,
        "$id": ID_BASE + file,
        "$comment": comment,
        "title": title,
        "description": description,
    }
    body = {k: v for k, v in body.items() if k not in ("title", "description")}
    out = {**head, **body}
    if defs:
        out["$defs"] = defs
    return out


def component_file(spec, file, name, title, description=None):
    """A component schema as a file of its own: the component at the root, what it reaches in
    `$defs`."""
    converter = Converter(spec)
    body = converter.translate(spec["doc"]["components"]["schemas"][name], COMPONENT + name)
    published = spec["doc"]["components"]["schemas"][name].get("description", "").strip()
    description = description or published
    return document(spec, file, title, description, body, converter.defs())


def request_body_file(spec, file, path, title, description):
    """The JSON body of a POST operation (`{signature, header, message}`)."""
    converter = Converter(spec)
    published = spec["doc"]["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    body = converter.translate(published["schema"], f"#/paths{path}")
    return document(spec, file, title, description, body, converter.defs())


def ack_file(spec, file):
    """The synchronous acknowledgement body (`components/responses/Response`)."""
    converter = Converter(spec)
    response = spec["doc"]["components"]["responses"]["Response"]
    schema = copy.deepcopy(response["content"]["application/json"]["schema"])
    # D9: the acknowledgement's `message` is not in a `required` list, so that as published an
    # empty body `{}` is a valid acknowledgement. What it acknowledges is `message.ack_status`
    # (itself required): `message` is required.
    assert "required" not in schema and "message" in schema["properties"]
    schema["required"] = ["message"]
    body = converter.translate(schema, "#/components/responses/Response")
    description = (
        "The synchronous acknowledgement of an SPDCI message (the `Response` of every "
        "endpoint): `message.ack_status` ACK, NACK or ERR, `timestamp`, `error` (a "
        "communication-layer error code and message) and `correlation_id`. "
        + response["description"].strip()
        + "."
    )
    return document(spec, file, "SPDCI acknowledgement (Response)", description, body, converter.defs())


def outputs() -> dict[str, dict]:
    spdci = load(SPDCI)
    patch_spdci(spdci["doc"]["components"])
    g2p = load(G2P)
    patch_g2p(g2p["doc"]["components"])
    files = {
        "spdci-msg-header.json": component_file(
            spdci, "spdci-msg-header.json", "MsgHeader_V1.0.0", "SPDCI message header (MsgHeader_V1.0.0)",
            "The header of an SPDCI request message (the `header` of `{signature, header, message}`): "
            "version, message_id, message_ts, action, sender_id, sender_uri, receiver_id, total_count, "
            "is_msg_encrypted, meta.",
        ),
        "spdci-msg-callback-header.json": component_file(
            spdci, "spdci-msg-callback-header.json", "MsgCallbackHeader_V1.0.0",
            "SPDCI callback message header (MsgCallbackHeader_V1.0.0)",
            "The header of an SPDCI callback message (on-search, on-subscribe, ...): the request "
            "header's members plus `status` (RequestStatus: rcvd, pdng, succ, rjct), "
            "`status_reason_code` (MsgHeaderStatusReasonCode), `status_reason_message` and "
            "`completed_count`.",
        ),
        "spdci-encrypted-message.json": component_file(
            spdci, "spdci-encrypted-message.json", "EncryptedMessage", "SPDCI encrypted message (EncryptedMessage)",
            "An encrypted `message` (JWE parts: header alg/enc/kid, ciphertext, encrypted_key, tag, iv).",
        ),
        "spdci-search-request.json": component_file(
            spdci, "spdci-search-request.json", "SearchRequest", "SPDCI registry search request (SearchRequest)",
            "The `message` of an SPDCI registry search (/registry/search): a transaction_id and a "
            "batch of search requests, each with its reference_id, timestamp, search criteria "
            "(query type and query, sort, pagination, consent, authorize) and locale.",
        ),
        "spdci-ack-response.json": ack_file(spdci, "spdci-ack-response.json"),
        "spdci-search-request-body.json": request_body_file(
            spdci, "spdci-search-request-body.json", "/registry/search",
            "SPDCI registry search body",
            "The whole JSON body of POST /registry/search: `signature` (MsgSignature), `header` "
            "(MsgHeader_V1.0.0 with action `search`) and `message` (a SearchRequest or an "
            "EncryptedMessage).",
        ),
        "g2p-disburse-request.json": component_file(
            g2p, "g2p-disburse-request.json", "DisburseRequest", "G2P Connect disbursement request (DisburseRequest)",
            "The `message` of a G2P Connect disbursement (/disburse): a transaction_id and the "
            "disbursements, each with its reference_id, payer and payee financial addresses, "
            "amount (a decimal string), optional schedule, names, note, purpose, instruction, "
            "meta, currency code and locale.",
        ),
        "g2p-disburse-response.json": component_file(
            g2p, "g2p-disburse-response.json", "DisburseResponse",
            "G2P Connect disbursement response (DisburseResponse)",
            "The `message` of a G2P Connect disbursement response (/on-disburse, the "
            "synchronous /disburse/sync/disburse, and the `txn_status` of a status response): "
            "the transaction_id and, for each disbursement, its "
            "reference_id, timestamp, status (rcvd, pdng, succ, rjct), status reason code and "
            "message, and instruction.",
        ),
        "g2p-disburse-request-body.json": request_body_file(
            g2p, "g2p-disburse-request-body.json", "/disburse",
            "G2P Connect disbursement body",
            "The whole JSON body of POST /disburse: `signature` (MsgSignature), `header` "
            "(MsgHeader_V1.0.0 with action `disburse`) and `message` (a DisburseRequest or an "
            "EncryptedMessage).",
        ),
    }
    return {name: text(schema) for name, schema in sorted(files.items())}


def text(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        print(__doc__, file=sys.stderr)
        return 2
    wanted = outputs()
    present = {p.name for p in OUT.glob("*.json")} if OUT.is_dir() else set()
    stale = sorted(present - wanted.keys())
    differ = sorted(n for n, t in wanted.items() if not (OUT / n).is_file() or (OUT / n).read_text(encoding="utf-8") != t)
    if check:
        for name in stale:
            print(f"not produced by the converter: {OUT / name}", file=sys.stderr)
        for name in differ:
            print(f"differs from the converter's output: {OUT / name}", file=sys.stderr)
        return 1 if stale or differ else 0
    OUT.mkdir(exist_ok=True)
    for name in stale:
        (OUT / name).unlink()
    for name, content in wanted.items():
        (OUT / name).write_text(content, encoding="utf-8")
    print(f"wrote {len(wanted)} files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
