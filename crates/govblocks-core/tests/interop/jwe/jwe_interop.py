"""JWE interop with jwcrypto (Python), both ways: ECDH-ES + X25519 + A256GCM.

  jwe_interop.py generate RECIPIENT_JWK OUT_JSON   jwcrypto encrypts the cases to the key
  jwe_interop.py check RECIPIENT_JWK IN_JSON       jwcrypto decrypts every case (ours), fails on
                                                   any mismatch

A case file: {"tool", "version", "cases": [{"name", "plaintext_b64", "compact"}]}. Run by
run.sh beside this file (which pins jwcrypto==1.6.1 in its own virtual environment).
"""
import base64
import json
import sys

from importlib.metadata import version as package_version

from jwcrypto import jwe, jwk
from jwcrypto.common import json_encode


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def version() -> str:
    return package_version("jwcrypto")


def cases():
    """The plaintexts and headers every tool encrypts (same names as ours)."""
    message = json.dumps(
        {"header": {"action": "search"}, "message": {"reg_type": "ns:org:RegistryType:Civil"}},
        separators=(",", ":"),
    ).encode()
    return [
        ("short", b"hello, registry", {}),
        ("json-message", message, {}),
        ("binary-1kib", bytes((i * 7) % 251 for i in range(1024)), {}),
        ("with-kid", b"kid names the recipient", {"kid": "did:key:recipient#1"}),
        ("with-apu-apv", b"party info in the KDF", {"apu": b64(b"Alice"), "apv": b64(b"Bob")}),
    ]


def generate(key: jwk.JWK, out: str) -> None:
    public = jwk.JWK.from_json(key.export_public())
    result = []
    for name, plaintext, extra in cases():
        header = {"alg": "ECDH-ES", "enc": "A256GCM", **extra}
        token = jwe.JWE(plaintext, protected=json_encode(header))
        token.add_recipient(public)
        result.append(
            {"name": name, "plaintext_b64": b64(plaintext), "compact": token.serialize(compact=True)}
        )
    with open(out, "w") as f:
        json.dump({"tool": "jwcrypto", "version": version(), "cases": result}, f, indent=2)
        f.write("\n")


def check(key: jwk.JWK, path: str) -> None:
    with open(path) as f:
        data = json.load(f)
    failures = 0
    for case in data["cases"]:
        token = jwe.JWE()
        expected = unb64(case["plaintext_b64"])
        try:
            token.deserialize(case["compact"], key=key)
            ok = token.payload == expected
            header = json.loads(token.objects["protected"])
            ok = ok and header["alg"] == "ECDH-ES" and header["enc"] == "A256GCM"
        except Exception as e:  # noqa: BLE001 - report and count
            # jwcrypto 1.6.1 decrypts an empty plaintext, logs 'Success', then raises because
            # its check is `if not self.plaintext` (JWE.decrypt): the decryption did succeed.
            ok = expected == b"" and token.decryptlog == ["Success"]
            if not ok:
                print(f"  jwcrypto: {case['name']}: {e!r}")
        print(f"  jwcrypto decrypts ours: {case['name']}: {'ok' if ok else 'MISMATCH'}")
        failures += not ok
    if failures or not data["cases"]:
        sys.exit(f"jwcrypto: {failures} of {len(data['cases'])} cases failed")


def main() -> None:
    command, key_path, path = sys.argv[1:4]
    with open(key_path) as f:
        key = jwk.JWK.from_json(f.read())
    if command == "generate":
        generate(key, path)
    elif command == "check":
        check(key, path)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
