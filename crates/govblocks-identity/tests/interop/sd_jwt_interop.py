#!/usr/bin/env python3
"""SD-JWT interoperability, both ways, with EdDSA (Ed25519), between govblocks (its CLI) and the
OpenWallet Foundation's Python implementation (`sd-jwt` on the package registry, 0.10.4, "the
reference implementation of the IETF SD-JWT specification").

1. govblocks issues and presents (key binding for an audience and nonce); Python verifies and
   gets exactly the revealed claims.
2. Python issues (with decoys, in objects and arrays) and presents with a key binding signed
   EdDSA; `govblocks sd-jwt verify` accepts it and prints exactly the revealed claims; another
   nonce is refused with sdjwt.kb_nonce.
3. SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-18): govblocks issues the foundational ID as an SD-JWT
   VC (`typ` dc+sd-jwt) and presents the age alone, Python verifies it; Python issues an SD-JWT
   VC typed dc+sd-jwt (and one typed vc+sd-jwt), `govblocks sd-jwt verify --vct` accepts it,
   and refuses one whose `iss` is not the signing key's DID (sdjwtvc.issuer_mismatch).

Run by run.sh (which makes the virtual environment); GOVBLOCKS is the path of the binary.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile

from jwcrypto.jwk import JWK
from sd_jwt.common import SDObj
from sd_jwt.holder import SDJWTHolder
from sd_jwt.issuer import SDJWTIssuer
from sd_jwt.verifier import SDJWTVerifier

GOVBLOCKS = os.environ["GOVBLOCKS"]
AUD = "https://office.example.gov"
NONCE = "n-4711"


def govblocks(*args, stdin=None, check=True):
    run = subprocess.run([GOVBLOCKS, *args], input=stdin, capture_output=True, text=True)
    if check and run.returncode != 0:
        sys.exit(f"govblocks {' '.join(args)} failed ({run.returncode}): {run.stdout}{run.stderr}")
    return run


def b64url(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def key(tmp, name, seed_byte):
    """A govblocks key file from a known seed, and the same key as a private jwcrypto JWK."""
    seed = bytes([seed_byte]) * 32
    out = govblocks("keygen", "--seed", seed.hex()).stdout
    path = os.path.join(tmp, f"{name}.key.json")
    with open(path, "w") as f:
        f.write(out)
    public = json.loads(out)["publicKeyJwk"]
    jwk = JWK(kty="OKP", crv="Ed25519", x=public["x"], d=b64url(seed))
    return path, jwk


class EdDSAVerifier(SDJWTVerifier):
    """sd-jwt 0.10.4 verifies the key-binding JWT with alg ES256 unless told otherwise, and its
    constructor does not pass an alg on: name EdDSA here (the only adaptation)."""

    def _verify_key_binding_jwt(self, expected_aud=None, expected_nonce=None, sign_alg=None):
        return super()._verify_key_binding_jwt(expected_aud, expected_nonce, sign_alg="EdDSA")


def without_sd(claims):
    return {k: v for k, v in claims.items() if k not in ("_sd_alg",)}


def ours_verified_by_python(tmp, issuer, holder):
    issuer_path, issuer_jwk = issuer
    holder_path, _ = holder
    claims = {
        "iss": "https://registry.example.gov",
        "given_name": "Olena",
        "birthdate": "1990-04-01",
        "address": {"district": "Podilskyi", "street": "Kontraktova 4", "country": "UA"},
        "nationalities": ["UA", "PL"],
    }
    claims_path = os.path.join(tmp, "claims.json")
    with open(claims_path, "w") as f:
        json.dump(claims, f)
    issued = govblocks(
        "sd-jwt", "issue", "--key", issuer_path, "--holder", holder_path, "--decoys", "2",
        "--disclose", "/given_name", "--disclose", "/birthdate", "--disclose", "/address",
        "--disclose", "/address/district", "--disclose", "/address/street",
        "--disclose", "/nationalities/0", "--disclose", "/nationalities/1", claims_path,
    ).stdout.strip()
    issued_path = os.path.join(tmp, "issued.txt")
    with open(issued_path, "w") as f:
        f.write(issued)
    presented = govblocks(
        "sd-jwt", "present", "--holder-key", holder_path, "--aud", AUD, "--nonce", NONCE,
        "--reveal", "/address/district", "--reveal", "/nationalities/1", issued_path,
    ).stdout.strip()

    issuer_public = JWK.from_json(issuer_jwk.export_public())
    verifier = EdDSAVerifier(presented, lambda iss, header: issuer_public, AUD, NONCE)
    got = without_sd(verifier.get_verified_payload())
    got.pop("cnf", None)
    expected = {
        "iss": "https://registry.example.gov",
        "address": {"district": "Podilskyi", "country": "UA"},
        "nationalities": ["PL"],
    }
    assert got == expected, f"Python verified {got}, expected {expected}"
    # And the Python holder can re-present what govblocks issued.
    holder_jwk = holder[1]
    python_holder = SDJWTHolder(issued)
    python_holder.create_presentation({"given_name": True}, NONCE, AUD, holder_jwk, sign_alg="EdDSA")
    ours = govblocks(
        "sd-jwt", "verify", "--issuer-key", issuer_path, "--aud", AUD, "--nonce", NONCE,
        stdin=python_holder.sd_jwt_presentation,
    ).stdout
    got = json.loads(ours)
    assert got.get("given_name") == "Olena" and "birthdate" not in got, got
    print("govblocks -> Python: issued and presented by govblocks, verified by sd-jwt 0.10.4: ok")


def python_verified_by_ours(tmp, issuer, holder):
    issuer_path, issuer_jwk = issuer
    _, holder_jwk = holder
    user_claims = {
        "iss": "https://registry.example.gov",
        SDObj("given_name"): "Olena",
        SDObj("birthdate"): "1990-04-01",
        SDObj("address"): {SDObj("district"): "Podilskyi", SDObj("street"): "Kontraktova 4", "country": "UA"},
        "nationalities": [SDObj("UA"), SDObj("PL")],
    }
    issuer_obj = SDJWTIssuer(
        user_claims, issuer_jwk, JWK.from_json(holder_jwk.export_public()),
        sign_alg="EdDSA", add_decoy_claims=True,
    )
    python_holder = SDJWTHolder(issuer_obj.sd_jwt_issuance)
    python_holder.create_presentation(
        {"address": {"district": True}, "nationalities": [False, True]},
        NONCE, AUD, holder_jwk, sign_alg="EdDSA",
    )
    presented = python_holder.sd_jwt_presentation
    out = govblocks("sd-jwt", "verify", "--issuer-key", issuer_path, "--aud", AUD, "--nonce", NONCE, stdin=presented).stdout
    got = json.loads(out)
    got.pop("cnf", None)
    expected = {
        "iss": "https://registry.example.gov",
        "address": {"district": "Podilskyi", "country": "UA"},
        "nationalities": ["PL"],
    }
    assert got == expected, f"govblocks verified {got}, expected {expected}"
    refused = govblocks("sd-jwt", "verify", "--issuer-key", issuer_path, "--aud", AUD, "--nonce", "other",
                        stdin=presented, check=False)
    assert refused.returncode == 1 and json.loads(refused.stdout)["error"]["code"] == "sdjwt.kb_nonce", refused.stdout
    # And govblocks' holder re-presents what Python issued (decoys in arrays included).
    issued_path = os.path.join(tmp, "python-issued.txt")
    with open(issued_path, "w") as f:
        f.write(issuer_obj.sd_jwt_issuance)
    holder_path = holder[0]
    ours = govblocks("sd-jwt", "present", "--holder-key", holder_path, "--aud", AUD, "--nonce", NONCE,
                     "--reveal", "/birthdate", issued_path).stdout.strip()
    verifier = EdDSAVerifier(ours, lambda iss, header: JWK.from_json(issuer_jwk.export_public()), AUD, NONCE)
    got = without_sd(verifier.get_verified_payload())
    assert got.get("birthdate") == "1990-04-01" and "given_name" not in got, got
    print("Python -> govblocks: issued and presented by sd-jwt 0.10.4 (with decoys), verified by govblocks: ok")


FOUNDATIONAL_VCT = "https://schemas.govblocks.org/identity/v1/vct/foundational-id"


def sd_jwt_vc_both_ways(tmp, issuer, holder):
    issuer_path, issuer_jwk = issuer
    holder_path, holder_jwk = holder
    issuer_did = json.loads(govblocks("keygen", "--seed", "11" * 32).stdout)["did"]
    subject = {
        "type": "FoundationalId", "uin": "7260181597", "givenName": "Olena",
        "familyName": "Kovalenko", "birthDate": "1990-04-01",
        "residence": {"country": "UA", "district": "Podilskyi"},
    }
    subject_path = os.path.join(tmp, "subject.json")
    with open(subject_path, "w") as f:
        json.dump(subject, f)
    issued = govblocks("sd-jwt", "issue", "--key", issuer_path, "--holder", holder_path,
                       "--foundational-id", subject_path).stdout.strip()
    issued_path = os.path.join(tmp, "vc.txt")
    with open(issued_path, "w") as f:
        f.write(issued)
    presented = govblocks("sd-jwt", "present", "--holder-key", holder_path, "--aud", AUD,
                          "--nonce", NONCE, "--reveal", "/age_over_18", issued_path).stdout.strip()
    issuer_public = JWK.from_json(issuer_jwk.export_public())
    verifier = EdDSAVerifier(presented, lambda iss, header: issuer_public, AUD, NONCE)
    got = without_sd(verifier.get_verified_payload())
    got.pop("cnf", None)
    got.pop("iat", None)
    expected = {"vct": FOUNDATIONAL_VCT, "iss": issuer_did, "age_over_18": True}
    assert got == expected, f"Python verified {got}, expected {expected}"

    vct = "https://credentials.example.gov/residence/1"
    for typ in ("dc+sd-jwt", "vc+sd-jwt"):
        for iss, code in ((issuer_did, None), ("https://registry.example.gov", "sdjwtvc.issuer_mismatch")):
            user_claims = {
                "vct": vct, "iss": iss, "iat": 1767268800,
                SDObj("district"): "Podilskyi", SDObj("street"): "Kontraktova 4",
            }
            issuer_obj = SDJWTIssuer(
                user_claims, issuer_jwk, JWK.from_json(holder_jwk.export_public()),
                sign_alg="EdDSA", add_decoy_claims=True, extra_header_parameters={"typ": typ},
            )
            header_b64 = issuer_obj.sd_jwt_issuance.split(".")[0]
            header = json.loads(base64.urlsafe_b64decode(header_b64 + "=" * (-len(header_b64) % 4)))
            assert header.get("typ") == typ, header
            python_holder = SDJWTHolder(issuer_obj.sd_jwt_issuance)
            python_holder.create_presentation({"district": True}, NONCE, AUD, holder_jwk, sign_alg="EdDSA")
            run = govblocks("sd-jwt", "verify", "--issuer-key", issuer_path, "--aud", AUD, "--nonce", NONCE,
                            "--vct", vct,
                            stdin=python_holder.sd_jwt_presentation, check=False)
            if code is None:
                assert run.returncode == 0, run.stdout
                got = json.loads(run.stdout)
                assert got["district"] == "Podilskyi" and "street" not in got and got["vct"] == vct, got
            else:
                assert run.returncode == 1 and json.loads(run.stdout)["error"]["code"] == code, run.stdout
    print("SD-JWT VC both ways: govblocks' foundational ID verified by sd-jwt 0.10.4, "
          "sd-jwt 0.10.4's dc+sd-jwt and vc+sd-jwt verified by govblocks: ok")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        issuer = key(tmp, "issuer", 0x11)
        holder = key(tmp, "holder", 0x22)
        ours_verified_by_python(tmp, issuer, holder)
        python_verified_by_ours(tmp, issuer, holder)
        sd_jwt_vc_both_ways(tmp, issuer, holder)


if __name__ == "__main__":
    main()
