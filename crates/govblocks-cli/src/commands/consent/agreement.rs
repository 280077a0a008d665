//! `govblocks consent agreement create` and `agreement verify`: sign a consent agreement as
//! its controller, verify one ([`govblocks_consent::agreement`]).

use super::store::{agreement_verifier, controller_of};
use crate::commands::args::{KeyFile, Trust};
use crate::commands::{Output, Run};
use crate::io::{read_document, MaxBytes, Source};
use crate::output::{self, CliError};
use clap::Args;
use govblocks_consent::agreement::{Agreement, Agreements};
use govblocks_consent::Error as ConsentError;
use govblocks_core::document::add_proof_as;
use govblocks_core::json;
use govblocks_core::proof::ProofOptions;
use govblocks_core::Error;
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

/// Arguments of `govblocks consent agreement`.
#[derive(Debug, Args)]
#[command(about = "Create (sign) or verify a consent agreement")]
pub struct AgreementArgs {
    #[command(subcommand)]
    command: AgreementCommand,
}

crate::subcommands! {
    /// `agreement create` and `agreement verify`.
    enum AgreementCommand {
        Create(AgreementCreateArgs),
        Verify(AgreementVerifyArgs),
    }
}

impl Run for AgreementArgs {
    fn run(&self) -> Result<Output, CliError> {
        self.command.run()
    }
}

const CREATE_LONG_ABOUT: &str = "\
Sign a consent agreement as its controller and print it.

FILE holds the agreement's members: id, version, controller {id (the controller's DID), name,
url}, purposes [{id, description, lawfulBasis (consent, legal_obligation, contract,
vital_interest, public_task, legitimate_interest), dataCategories [strings], recipients
[URIs]}], storageLocation, retentionPeriod (ISO 8601 duration such as P2Y), jurisdiction,
language, privacyNotice (URL), withdrawalMethod; optionally dataAttributes [{name, category,
description, sensitive}]. Any other member is refused by the agreement schema (schema.invalid).

controller.id defaults to the key's did:key; a controller.id other than the key's DID is a
usage error (the key must be the controller's: records are verified against the controller's
signature). A FILE that already has a proof is a usage error. The agreement is checked
(schema, unique purpose ids, a non-empty retentionPeriod: consent.agreement_invalid) before and
after signing.

Output: the signed agreement in RFC 8785 canonical form and a newline.

Example:
  govblocks consent agreement create --key ministry.key.json terms.json > agreement.json";

/// Arguments of `govblocks consent agreement create`.
#[derive(Debug, Args)]
#[command(about = "Sign a consent agreement as its controller", long_about = CREATE_LONG_ABOUT)]
pub struct AgreementCreateArgs {
    // The controller's key.
    #[command(flatten)]
    key: KeyFile,

    /// The agreement's members as JSON; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    #[command(flatten)]
    max_bytes: MaxBytes,
}

crate::run_with!(AgreementCreateArgs, agreement_create);

fn agreement_create(args: &AgreementCreateArgs) -> Result<Vec<u8>, CliError> {
    let source = Source::from_arg(args.file.as_deref());
    if source == Source::Stdin && args.key.source() == Source::Stdin {
        return Err(CliError::Usage(
            "the key file and the agreement cannot both come from stdin".into(),
        ));
    }
    let key = args.key.read()?;
    let did = key.public_key().did();
    let bytes = read_document(&source, args.max_bytes.limit())?;
    let mut value = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    let Some(object) = value.as_object_mut() else {
        return Err(Error::DocumentInvalid {
            reason: "an agreement is a JSON object".into(),
        }
        .into());
    };
    if object.contains_key("proof") {
        return Err(CliError::Usage(
            "the agreement already has a proof; give its unsigned members".into(),
        ));
    }
    match object.get_mut("controller").and_then(Value::as_object_mut) {
        Some(controller) => match controller.get("id") {
            None => {
                controller.insert("id".into(), Value::from(did.clone()));
            }
            Some(id) if id.as_str() == Some(did.as_str()) => {}
            Some(id) => {
                return Err(CliError::Usage(format!(
                    "controller.id {id} is not the key's DID {did}: sign with the controller's key"
                )))
            }
        },
        None => {
            return Err(Error::DocumentInvalid {
                reason: "the agreement has no controller object {id, name, url}".into(),
            }
            .into())
        }
    }
    // The rules the schema cannot state, then sign (the schema is checked before and after).
    let typed: Agreement = serde_json::from_value(value.clone()).map_err(|e| {
        CliError::from(ConsentError::AgreementInvalid {
            reason: e.to_string(),
        })
    })?;
    typed.check_structure()?;
    let signed = add_proof_as::<Agreement>(value, &key, &ProofOptions::assertion())
        .map_err(CliError::from)?;
    // What a verifier will do: the controller's proof, trusted as the controller.
    Agreements::new().add_value(&agreement_verifier(&[did]), signed.clone())?;
    output::signed_document(&signed, false)
}

const AGREEMENT_VERIFY_LONG_ABOUT: &str = "\
Verify a signed consent agreement: strict parse, the agreement schema, its rules, and that
every proof is an assertionMethod proof by its controller (consent.agreement_signature_missing
otherwise).

TRUST. --trust DID (repeatable) trusts agreements whose controller is that DID; any other is
trust.untrusted. Without --trust the signature is fully checked but no trust decision is made
(\"trusted\": false): check the controller yourself.

Output (exit 0): {\"verified\":true,\"trusted\":false,\"id\":…,\"version\":…,\"controller\":…,
\"digest\":…} where digest is how records name this version.

Example:
  govblocks consent agreement verify --trust did:key:z6Mk… agreement.json";

/// Arguments of `govblocks consent agreement verify`.
#[derive(Debug, Args)]
#[command(about = "Verify a signed consent agreement", long_about = AGREEMENT_VERIFY_LONG_ABOUT)]
pub struct AgreementVerifyArgs {
    // Agreements controlled by a --trust DID are trusted; without --trust no trust decision
    // is made ("trusted": false).
    #[command(flatten)]
    trust: Trust,

    /// The signed agreement; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    #[command(flatten)]
    max_bytes: MaxBytes,
}

/// What a verified agreement is.
#[derive(Debug, Serialize)]
struct AgreementSummary {
    verified: bool,
    trusted: bool,
    id: String,
    version: String,
    controller: String,
    digest: String,
}

crate::run_with!(AgreementVerifyArgs, agreement_verify);

fn agreement_verify(args: &AgreementVerifyArgs) -> Result<Vec<u8>, CliError> {
    let bytes = read_document(
        &Source::from_arg(args.file.as_deref()),
        args.max_bytes.limit(),
    )?;
    let value = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    let trusted = args.trust.given();
    let verifier = if trusted {
        agreement_verifier(&args.trust.trust)
    } else {
        govblocks_core::proof::Verifier::new(
            govblocks_core::resolver::DidKeyResolver,
            govblocks_core::resolver::TrustList::any(),
        )
    }
    .with_limits(args.max_bytes.limits());
    let controller = controller_of(&value).unwrap_or_default().to_owned();
    let reference = Agreements::new().add_value(&verifier, value)?;
    output::json_line(
        &AgreementSummary {
            verified: true,
            trusted,
            id: reference.id,
            version: reference.version,
            controller,
            digest: reference.digest.to_string(),
        },
        false,
    )
}
