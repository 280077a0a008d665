//! `govblocks sd-jwt issue`: an SD-JWT of the claims in FILE, the claims at `--disclose`
//! pointers selectively disclosable, bound to the holder's key; with `--vct` an SD-JWT VC, and
//! with `--foundational-id` the foundational ID credential as an SD-JWT VC.

use crate::commands::args::{KeyFile, Now};
use crate::commands::core::jws::public_key;
use crate::io::{read_document, MaxBytes, Source};
use crate::output::CliError;
use crate::values;
use clap::Args;
use govblocks_core::clock::Timestamp;
use govblocks_core::json;
use govblocks_identity::foundational_id::FoundationalIdSubject;
use govblocks_identity::sd_jwt::foundational_id::{self, FoundationalIdVc};
use govblocks_identity::sd_jwt::{self, vc, IssueOptions};
use serde_json::Value;
use std::path::PathBuf;

const LONG_ABOUT: &str = "\
Issue an SD-JWT (RFC 9901) signed with EdDSA: FILE is a JSON object of claims; each
--disclose POINTER (a JSON Pointer, repeatable) makes that claim selectively disclosable (object
members, array elements, nested and recursive). The holder's public key goes into cnf.jwk. Prints
<issuer-jwt>~<disclosure>~...~

SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-18). --vct TYPE issues an SD-JWT VC: the JWT is typed
dc+sd-jwt and the claims get vct TYPE (a collision-resistant URI, e.g. https://... or urn:...;
a FILE with another vct is a usage error), iss the key's did:key and iat --now (unless FILE
has them; an iss other than the key's DID is sdjwtvc.issuer_mismatch), exp --expires if given.
iss, nbf, exp, cnf, vct, vct#integrity, aka_vcts and status are never disclosable
(sdjwtvc.not_disclosable); sub and iat may be.

FOUNDATIONAL ID. --foundational-id reads FILE as a foundational ID subject (the
credentialSubject of `credential issue`, or a credential holding one) and issues it as the
SD-JWT VC of type https://schemas.govblocks.org/identity/v1/vct/foundational-id, every personal
claim disclosable: sub (the subject's id), uin, given_name, family_name, birthdate, sex,
photo_digest, address and each of its members (country, region, district, ...), and
age_over_18, computed from the birth date on the UTC date of --now. vct, iss, iat (--now), exp
(--expires) and cnf are visible. --disclose and --vct are not used with it: the set of
disclosable claims is fixed. A subject that fails its checks is refused with its code
(foundational_id.*).

Examples:
  govblocks sd-jwt issue --key registry.key.json --holder olena.key.json \\
    --vct https://credentials.example.gov/residence/1 --disclose /district claims.json
  govblocks sd-jwt issue --key registry.key.json --holder olena.key.json --foundational-id \\
    --expires 2031-01-01T00:00:00Z subject.json > olena.sd-jwt
  govblocks sd-jwt present --holder-key olena.key.json --aud https://shop.example \\
    --nonce n-1 --reveal /age_over_18 olena.sd-jwt";

/// Arguments of `govblocks sd-jwt issue`.
#[derive(Debug, Args)]
#[command(
    about = "Issue an SD-JWT (or SD-JWT VC): the claims of FILE, those at --disclose pointers selectively disclosable",
    long_about = LONG_ABOUT
)]
pub struct IssueArgs {
    #[command(flatten)]
    pub key: KeyFile,

    /// The holder's public key: a Multikey (z6Mk…), a did:key, or a file holding a public JWK
    /// or a key file.
    #[arg(long, value_name = "PUBLIC")]
    pub holder: String,

    /// Issue an SD-JWT VC of this type (`vct`), typed `dc+sd-jwt`.
    #[arg(long, value_name = "TYPE", value_parser = values::non_empty)]
    pub vct: Option<String>,

    /// Issue FILE, a foundational ID subject, as the foundational ID SD-JWT VC (every personal
    /// claim disclosable, and age_over_18).
    #[arg(long = "foundational-id", conflicts_with_all = ["vct", "disclose"])]
    pub foundational_id: bool,

    /// The SD-JWT VC's `exp` (with --vct or --foundational-id).
    #[arg(long, value_name = "RFC3339", value_parser = values::datetime)]
    pub expires: Option<Timestamp>,

    /// A claim to make selectively disclosable (JSON Pointer); repeatable.
    #[arg(long, value_name = "POINTER")]
    pub disclose: Vec<String>,

    /// Decoy digests added to the top-level `_sd` and to every other `_sd` written.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u16))]
    pub decoys: u16,

    /// The issuance time of an SD-JWT VC (`iat`, and the date `age_over_18` is computed for).
    #[command(flatten)]
    pub now: Now,

    /// The claims (a JSON object), or with --foundational-id the subject; stdin when absent or
    /// `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

crate::run_with!(IssueArgs, run);

fn run(args: &IssueArgs) -> Result<Vec<u8>, CliError> {
    let key_source = args.key.source();
    let source = Source::from_arg(args.file.as_deref());
    if key_source == Source::Stdin && source == Source::Stdin {
        return Err(CliError::Usage(
            "`--key -` reads the key from stdin, so the claims must be given as a FILE".into(),
        ));
    }
    if args.expires.is_some() && args.vct.is_none() && !args.foundational_id {
        return Err(CliError::Usage(
            "--expires sets an SD-JWT VC's exp: give --vct or --foundational-id".into(),
        ));
    }
    let secret = args.key.read()?;
    let holder = public_key(&args.holder)?;
    let bytes = read_document(&source, args.max_bytes.limit())?;
    let mut claims = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    let now = args.now.or_system();
    if args.foundational_id {
        let subject = match claims.get("credentialSubject") {
            Some(subject) => subject.clone(),
            None => claims,
        };
        let subject: FoundationalIdSubject =
            serde_json::from_value(subject).map_err(|e| CliError::Usage(format!(
                "--foundational-id: FILE is not a foundational ID subject (uin, familyName, birthDate, residence, ...): {e}"
            )))?;
        let mut options = FoundationalIdVc::new(holder, now).decoys(usize::from(args.decoys));
        if let Some(expires) = args.expires {
            options = options.expires_at(expires.to_datetime());
        }
        let issued = foundational_id::issue(&subject, &options, &secret)?;
        return Ok(line(issued.compact()));
    }
    let mut options = IssueOptions::new()
        .holder(holder)
        .decoys(usize::from(args.decoys));
    for pointer in &args.disclose {
        options = options.disclose(pointer.clone());
    }
    let Some(vct) = &args.vct else {
        let issued = sd_jwt::issue(&claims, &options, &secret)?;
        return Ok(line(issued.compact()));
    };
    let Value::Object(map) = &mut claims else {
        return Err(govblocks_identity::Error::SdJwtPayloadInvalid {
            reason: "the claims to issue are not a JSON object".into(),
        }
        .into());
    };
    match map.get("vct") {
        Some(existing) if existing != vct.as_str() => {
            return Err(CliError::Usage(format!(
                "--vct {vct:?} disagrees with the file's vct {existing}"
            )))
        }
        _ => {}
    }
    map.insert("vct".into(), Value::String(vct.clone()));
    map.entry("iss")
        .or_insert_with(|| Value::String(secret.public_key().did()));
    map.entry("iat")
        .or_insert_with(|| Value::from(now.unix_timestamp()));
    if let Some(expires) = args.expires {
        match map.get("exp") {
            Some(existing) if existing != &Value::from(expires.to_datetime().unix_timestamp()) => {
                return Err(CliError::Usage(format!(
                    "--expires disagrees with the file's exp {existing}"
                )))
            }
            _ => {}
        }
        map.insert(
            "exp".into(),
            Value::from(expires.to_datetime().unix_timestamp()),
        );
    }
    let issued = vc::issue_vc(&claims, &options, &secret)?;
    Ok(line(issued.compact()))
}

/// `text` and a newline.
fn line(text: &str) -> Vec<u8> {
    let mut out = text.as_bytes().to_vec();
    out.push(b'\n');
    out
}
