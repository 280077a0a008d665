"""SPDCI body signatures checked by jwcrypto (Python): each body's `signature` is a detached
compact JWS (EdDSA) over the RFC 8785 form of {"header": header, "message": message}.

  g2p_jws.py BODIES_JSON

The canonical form is rebuilt here, independently of govblocks: members sorted by UTF-16 code
units, no white space, strings escaped as RFC 8785 says (json.dumps with ensure_ascii=False
writes the same escapes for the characters RFC 8785 escapes), numbers in their shortest
ECMAScript form (the bodies hold integers and one small float, written as ECMAScript writes
it). Fails on any body that does not verify, and on one changed byte that does.
"""
import json
import math
import sys

from jwcrypto import jwk, jws


def number(x):
    if isinstance(x, bool):
        raise TypeError
    if isinstance(x, int):
        return str(x)
    if math.isfinite(x) and x == int(x) and abs(x) < 1e21:
        return str(int(x))
    # ECMAScript's Number.prototype.toString for the exponent forms (the shortest digits: repr).
    text = repr(x)
    if "e" in text:
        mantissa, exponent = text.split("e")
        exponent = int(exponent)
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        return f"{mantissa}e{'+' if exponent > 0 else '-'}{abs(exponent)}"
    return text


def canonical(value):
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: kv[0].encode("utf-16-be"))
        return "{" + ",".join(canonical(k) + ":" + canonical(v) for k, v in items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    return number(value)


def main(path):
    with open(path) as f:
        data = json.load(f)
    key = jwk.JWK(**data["sender_jwk"])
    failures = 0
    for entry in data["bodies"]:
        body = entry["body"]
        payload = canonical({"header": body["header"], "message": body["message"]}).encode()
        token = jws.JWS()
        token.deserialize(body["signature"])
        try:
            token.verify(key, detached_payload=payload)
            ok = True
        except Exception as e:  # noqa: BLE001 - report and count
            print(f"  jwcrypto: {entry['name']}: {e!r}")
            ok = False
        forged = jws.JWS()
        forged.deserialize(body["signature"])
        try:
            forged.verify(key, detached_payload=payload.replace(b"m-", b"n-", 1))
            print(f"  jwcrypto: {entry['name']}: a changed payload verified")
            ok = False
        except Exception:  # noqa: BLE001 - expected
            pass
        print(f"  jwcrypto verifies the body's JWS: {entry['name']}: {'ok' if ok else 'MISMATCH'}")
        failures += not ok
    if failures:
        sys.exit(f"{failures} SPDCI body signature(s) failed with jwcrypto")


if __name__ == "__main__":
    main(sys.argv[1])
