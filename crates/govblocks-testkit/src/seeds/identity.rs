//! The seeds of the identity fuzz targets.
//!
//! Everything is signed with the fixed keys of [`crate::identity::fixtures`], without `created`,
//! so the files regenerate byte for byte. `accepted-*` seeds verify under the fixture
//! verifiers, `refused-*` seeds do not (the replay checks both).

use crate::identity::fixtures::{self as fuzzing, lists, CHALLENGE, DOMAIN};
use govblocks_core::document::Document;
use govblocks_core::proof::{add_proof, ProofOptions};
use govblocks_identity::presentation::{create, Presentation};
use serde_json::{json, Value};
use std::path::Path;

fn credential(status: Option<(&str, &str, &str)>) -> Value {
    let mut c = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0b5e4d8a-3c8b-4e57-9a54-6f0f1c3f5a11",
        "type": ["VerifiableCredential", "ExampleIdCredential"],
        "issuer": fuzzing::issuer_key().public_key().did(),
        "validFrom": "2024-01-01T00:00:00Z",
        "validUntil": "2029-01-01T00:00:00Z",
        "credentialSubject": {
            "id": fuzzing::holder_key().public_key().did(),
            "name": "Олена Коваленко",
            "givenName": {"@value": "أمينة", "@language": "ar"}
        }
    });
    if let Some((url, purpose, index)) = status {
        c["credentialStatus"] = json!({
            "id": format!("{url}#{index}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": purpose,
            "statusListIndex": index,
            "statusListCredential": url
        });
    }
    c
}

fn sign(value: Value) -> Value {
    add_proof(value, fuzzing::issuer_key(), &ProofOptions::assertion()).unwrap()
}

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let dir = dir.join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap();
    bytes.push(b'\n');
    bytes
}

/// Writes the identity seeds under `out` (a `fuzz/corpus`).
pub fn write_all(out: &Path) {
    // ---- sd_jwt_verify ------------------------------------------------------------------
    {
        use crate::identity::sd_jwt::{issue, present};
        use govblocks_core::jws::{self, JwsOptions};
        let t = "sd_jwt_verify";
        let issued = issue(0x1ff, 1);
        let presented = present(&issued, 0b1_0001_0001);
        write(
            out,
            t,
            "accepted-district-and-name.txt",
            presented.as_bytes(),
        );
        write(
            out,
            t,
            "accepted-all.txt",
            present(&issued, 0x1ff).as_bytes(),
        );
        write(
            out,
            t,
            "accepted-none.txt",
            present(&issue(0, 0), 0).as_bytes(),
        );
        write(out, t, "refused-no-key-binding.txt", issued.as_bytes());
        let other_nonce = govblocks_identity::sd_jwt::present(
            &issued,
            &["/given_name".to_string()],
            fuzzing::holder_key(),
            &govblocks_identity::sd_jwt::KeyBindingClaims {
                audience: crate::identity::sd_jwt::SD_AUD.into(),
                nonce: "another".into(),
                issued_at: fuzzing::NOW,
            },
            &govblocks_identity::sd_jwt::Limits::default(),
        )
        .unwrap();
        write(out, t, "refused-other-nonce.txt", other_nonce.as_bytes());
        let parts: Vec<&str> = presented.split('~').collect();
        let duplicated = format!(
            "{}~{}~{}~{}",
            parts[0],
            parts[1],
            parts[1],
            parts[parts.len() - 1]
        );
        write(
            out,
            t,
            "refused-duplicate-disclosure.txt",
            duplicated.as_bytes(),
        );
        let dropped = format!("{}~{}", parts[0], parts[parts.len() - 1]);
        write(out, t, "refused-dropped-disclosure.txt", dropped.as_bytes());
        // A KB-JWT by another key than cnf's.
        let sd = &presented[..presented.rfind('~').unwrap() + 1];
        let kb = json!({"aud": crate::identity::sd_jwt::SD_AUD, "nonce": crate::identity::sd_jwt::SD_NONCE,
            "iat": fuzzing::NOW, "sd_hash": govblocks_identity::sd_jwt::digest(sd)});
        let foreign = jws::sign(
            kb.to_string().as_bytes(),
            fuzzing::untrusted_key(),
            &JwsOptions::attached().with_typ("kb+jwt"),
        )
        .unwrap();
        write(
            out,
            t,
            "refused-foreign-key-binding.txt",
            format!("{sd}{foreign}").as_bytes(),
        );
        write(out, t, "refused-malformed.txt", b"eyJhbGciOiJFZERTQSJ9~~");
    }

    // ---- sd_jwt_status --------------------------------------------------------------------
    {
        use crate::identity::sd_jwt_status::{issue, STATUS_URI};
        use govblocks_core::encoding::base64url_encode;
        use govblocks_core::jws::{self, JwsOptions};
        use govblocks_identity::sd_jwt::status::{
            self, StatusListTokenClaims, TokenStatusList, INVALID, SUSPENDED,
        };
        use std::io::Write;
        let t = "sd_jwt_status";
        let now = time::OffsetDateTime::from_unix_timestamp(fuzzing::NOW).unwrap();
        let mut list = TokenStatusList::new(1024, 2).unwrap();
        list.set(7, INVALID).unwrap();
        list.set(42, SUSPENDED).unwrap();
        write(
            out,
            t,
            "accepted-two-bits.jwt",
            issue(&list, 3600).as_bytes(),
        );
        let mut eight = TokenStatusList::new(64, 8).unwrap();
        eight.set(3, 0x03).unwrap();
        eight.set(63, 0xff).unwrap();
        write(
            out,
            t,
            "accepted-eight-bits.jwt",
            issue(&eight, 60).as_bytes(),
        );
        let by =
            |claims: &StatusListTokenClaims, key| status::issue_token(&list, claims, key).unwrap();
        let claims = StatusListTokenClaims::new(STATUS_URI, now);
        write(
            out,
            t,
            "refused-other-uri.jwt",
            by(
                &StatusListTokenClaims::new("https://status.example/token/2", now),
                fuzzing::issuer_key(),
            )
            .as_bytes(),
        );
        write(
            out,
            t,
            "refused-expired.jwt",
            by(
                &claims.clone().expires(now - time::Duration::days(1)),
                fuzzing::issuer_key(),
            )
            .as_bytes(),
        );
        write(
            out,
            t,
            "refused-other-issuer.jwt",
            by(&claims, fuzzing::other_issuer_key()).as_bytes(),
        );
        write(
            out,
            t,
            "refused-untrusted.jwt",
            by(&claims, fuzzing::untrusted_key()).as_bytes(),
        );
        let raw = |payload: &Value, typ: &str| {
            jws::sign(
                payload.to_string().as_bytes(),
                fuzzing::issuer_key(),
                &JwsOptions::attached().with_signer_kid().with_typ(typ),
            )
            .unwrap()
        };
        let payload =
            json!({"sub": STATUS_URI, "iat": fuzzing::NOW, "status_list": list.to_claim()});
        write(out, t, "refused-typ.jwt", raw(&payload, "jwt").as_bytes());
        let mut bits3 = payload.clone();
        bits3["status_list"]["bits"] = json!(3);
        write(
            out,
            t,
            "refused-bits.jwt",
            raw(&bits3, "statuslist+jwt").as_bytes(),
        );
        // 1 MiB of zeros: past the fixture limits' 64 KiB.
        let mut bomb = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        bomb.write_all(&vec![0u8; 1024 * 1024]).unwrap();
        let mut bombed = payload.clone();
        bombed["status_list"]["lst"] = json!(base64url_encode(&bomb.finish().unwrap()));
        write(
            out,
            t,
            "refused-zlib-bomb.jwt",
            raw(&bombed, "statuslist+jwt").as_bytes(),
        );
        let mut gzip = payload.clone();
        gzip["status_list"]["lst"] = json!("H4sIAAAAAAAA_2NgAAAAAP__");
        write(
            out,
            t,
            "refused-not-zlib.jwt",
            raw(&gzip, "statuslist+jwt").as_bytes(),
        );
        let good = issue(&list, 3600);
        let (head, sig) = good.rsplit_once('.').unwrap();
        let flipped = if sig.starts_with('A') { "B" } else { "A" };
        write(
            out,
            t,
            "refused-signature.jwt",
            format!("{head}.{flipped}{}", &sig[1..]).as_bytes(),
        );
        write(
            out,
            t,
            "claims-status.json",
            br#"{"status":{"status_list":{"idx":7,"uri":"https://status.example/token/1"}}}"#,
        );
        write(out, t, "lst-draft-4-2.txt", b"eNrbuRgAAhcBXQ");
    }

    // ---- credential_verify ----------------------------------------------------------------
    let t = "credential_verify";
    let good = sign(credential(Some((lists::REVOCATION, "revocation", "0"))));
    write(out, t, "accepted-with-status.json", &pretty(&good));
    write(
        out,
        t,
        "accepted-plain.json",
        &pretty(&sign(credential(None))),
    );
    let mut multi = credential(Some((lists::SUSPENSION, "suspension", "131071")));
    multi["credentialSubject"] = json!([
        {"id": fuzzing::holder_key().public_key().did(), "name": "李小龙"},
        {"name": "Nguyễn Thị Hà", "x": [1, 2.5, null]}
    ]);
    multi["https://extension.example/member"] = json!({"kept": true});
    write(out, t, "accepted-two-subjects.json", &pretty(&sign(multi)));
    write(
        out,
        t,
        "refused-revoked.json",
        &pretty(&sign(credential(Some((
            lists::REVOCATION,
            "revocation",
            "7",
        ))))),
    );
    write(
        out,
        t,
        "refused-suspended.json",
        &pretty(&sign(credential(Some((
            lists::SUSPENSION,
            "suspension",
            "7",
        ))))),
    );
    write(
        out,
        t,
        "refused-index-beyond-list.json",
        &pretty(&sign(credential(Some((
            lists::REVOCATION,
            "revocation",
            "131072",
        ))))),
    );
    write(
        out,
        t,
        "refused-foreign-list.json",
        &pretty(&sign(credential(Some((lists::FOREIGN, "revocation", "0"))))),
    );
    write(
        out,
        t,
        "refused-purpose-mismatch.json",
        &pretty(&sign(credential(Some((
            lists::REVOCATION,
            "suspension",
            "0",
        ))))),
    );
    write(
        out,
        t,
        "refused-gzip-bomb-list.json",
        &pretty(&sign(credential(Some((lists::BOMB, "revocation", "0"))))),
    );
    write(
        out,
        t,
        "refused-malformed-list.json",
        &pretty(&sign(credential(Some((
            lists::MALFORMED,
            "revocation",
            "0",
        ))))),
    );
    let mut tampered = good.clone();
    tampered["credentialSubject"]["name"] = json!("Olena");
    write(out, t, "refused-tampered.json", &pretty(&tampered));
    let mut context = credential(None);
    context["@context"] = json!([
        "https://www.w3.org/ns/credentials/examples/v2",
        "https://www.w3.org/ns/credentials/v2"
    ]);
    write(
        out,
        t,
        "refused-context-not-first.json",
        &pretty(&sign(context)),
    );
    let mut expired = credential(None);
    expired["validUntil"] = json!("2024-05-31T00:00:00Z");
    write(out, t, "refused-expired.json", &pretty(&sign(expired)));
    let forged = add_proof(
        credential(None),
        fuzzing::untrusted_key(),
        &ProofOptions::assertion(),
    )
    .unwrap();
    write(
        out,
        t,
        "refused-not-signed-by-issuer.json",
        &pretty(&forged),
    );
    write(out, t, "refused-unsigned.json", &pretty(&credential(None)));

    // ---- presentation_verify --------------------------------------------------------------
    let t = "presentation_verify";
    let holder = fuzzing::holder_key();
    let vp = |credentials: Vec<Value>, challenge: &str| {
        create(credentials, holder, None, challenge, DOMAIN).unwrap()
    };
    write(
        out,
        t,
        "accepted-one-credential.json",
        &pretty(&vp(vec![sign(credential(None))], CHALLENGE)),
    );
    write(
        out,
        t,
        "accepted-two-credentials.json",
        &pretty(&vp(vec![sign(credential(None)), good.clone()], CHALLENGE)),
    );
    write(
        out,
        t,
        "refused-wrong-challenge.json",
        &pretty(&vp(vec![sign(credential(None))], "c-other")),
    );
    let mut theirs = credential(None);
    theirs["credentialSubject"]["id"] = json!("did:example:someone-else");
    // Signed by hand: `create` itself refuses a credential about someone else.
    let Value::Object(theirs) = sign(theirs) else {
        unreachable!("a signed credential is an object")
    };
    let not_theirs = Presentation::new(holder.public_key().did(), vec![theirs])
        .sign(holder, &ProofOptions::authentication(CHALLENGE, DOMAIN))
        .unwrap();
    write(
        out,
        t,
        "refused-holder-not-subject.json",
        &pretty(&not_theirs),
    );
    // The presentations VC DM 2.0 allows and the fixture verifier's default policy refuses:
    // no holder (`presentation.holder_missing`), no proof (`presentation.unsigned`).
    let Value::Object(mine) = sign(credential(None)) else {
        unreachable!("a signed credential is an object")
    };
    let no_holder = Presentation::without_holder(vec![mine.clone()])
        .sign(holder, &ProofOptions::authentication(CHALLENGE, DOMAIN))
        .unwrap();
    write(out, t, "refused-no-holder.json", &pretty(&no_holder));
    let unsigned =
        serde_json::to_value(Presentation::new(holder.public_key().did(), vec![mine])).unwrap();
    write(out, t, "refused-unsigned.json", &pretty(&unsigned));
    write(
        out,
        t,
        "refused-tampered-credential.json",
        &pretty(&vp(vec![tampered], CHALLENGE)),
    );

    // ---- status_list_decode ---------------------------------------------------------------
    let t = "status_list_decode";
    write(
        out,
        t,
        "spec-encoded-list.txt",
        b"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
    );
    write(
        out,
        t,
        "truncated-encoded-list.txt",
        b"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsA",
    );
    let resolver = fuzzing::status_resolver();
    use govblocks_identity::status_list::StatusResolver;
    write(
        out,
        t,
        "signed-list-credential.json",
        &pretty(&serde_json::from_slice(&resolver.resolve(lists::REVOCATION).unwrap()).unwrap()),
    );
    write(
        out,
        t,
        "bomb-list-credential.json",
        &pretty(&serde_json::from_slice(&resolver.resolve(lists::BOMB).unwrap()).unwrap()),
    );
    write(
        out,
        t,
        "entry.json",
        &pretty(&json!({
            "id": "https://status.example/revocation#7",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "7",
            "statusListCredential": lists::REVOCATION
        })),
    );
    write(
        out,
        t,
        "entry-message.json",
        &pretty(&json!({
            "type": "BitstringStatusListEntry",
            "statusPurpose": "message",
            "statusListIndex": "3",
            "statusSize": 2,
            "statusMessage": [
                {"status": "0x0", "message": "pending_review"},
                {"status": "0x1", "message": "accepted"},
                {"status": "0x2", "message": "rejected"},
                {"status": "0x3", "message": "undefined"}
            ],
            "statusReference": "https://example.org/status-dictionary/",
            "statusListCredential": lists::REVOCATION
        })),
    );

    // ---- credential_structured: byte patterns (every read past the end is zero) -------------
    let t = "credential_structured";
    write(out, t, "empty.bin", b"");
    write(out, t, "ones-256.bin", &[0xff; 256]);
    write(
        out,
        t,
        "ascending-256.bin",
        &(0..=255u8).collect::<Vec<_>>(),
    );
    write(out, t, "alternating-256.bin", &[1, 0].repeat(128));
}
