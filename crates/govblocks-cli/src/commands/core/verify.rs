//! `govblocks verify`: check every Data Integrity proof of a JSON document.
//!
//! Reads FILE (or stdin) with the strict parser and runs [`Verifier`] with the `did:key`
//! resolver. Every proof must verify (shape, purpose, challenge, domain, time window with skew,
//! key, trust, chain references, Ed25519 signature); the first failure is the error.
//!
//! Trust: with `--trust DID` (repeatable) only proofs whose key is controlled by one of those
//! DIDs are accepted (for every purpose) and the summary says `"trusted": true`. Without any
//! `--trust`, signatures are still fully checked but no trust decision is made
//! ([`TrustList::any`]) and the summary says `"trusted": false`: the caller must look at the
//! `controller` of each proof before acting on the document.

use crate::commands::args::{Clock, Trust};
use crate::io::{read_document, MaxBytes, Source};
use crate::output::CliError;
use crate::values;
use clap::Args;
use govblocks_core::proof::{ProofPurpose, VerifiedProof, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use serde::Serialize;
use std::path::PathBuf;

const LONG_ABOUT: &str = "\
Verify every eddsa-jcs-2022 Data Integrity proof of a JSON document.

Each proof must pass, in order: its shape (DataIntegrityProof, eddsa-jcs-2022, a 64-byte
base58btc proofValue), the expected --purpose, --challenge and --domain, the time window
(`created` not after now + skew, `expires` not before now - skew), its key (did:key
verification methods are resolved offline), trust (see below), its previousProof references,
and the Ed25519 signature (verify_strict). Proof sets and chains are supported.

TRUST. Without --trust, signatures are fully checked but NO trust decision is made: anyone
can make a valid proof with a key of their own, so exit status 0 then only means \"signed by
the controllers listed in the summary\", and the summary says \"trusted\": false. Check the
`controller` of each proof yourself, or pass --trust. With --trust DID (repeatable), a proof
whose key is not controlled by one of those DIDs fails with trust.untrusted, and the summary
says \"trusted\": true.

Output on success (exit 0), one line of JSON:
  {\"verified\":true,\"trusted\":false,\"proofs\":[{\"id\":null,\"verificationMethod\":\"did:key:z6Mk…#z6Mk…\",
   \"controller\":\"did:key:z6Mk…\",\"proofPurpose\":\"assertionMethod\",\"created\":\"2023-02-24T23:36:38Z\",
   \"expires\":null,\"previousProof\":[]}]}
On failure (exit 1): {\"error\":{\"code\":\"proof.signature_invalid\",\"message\":\"…\"}}

Examples:
  govblocks verify --trust did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2 signed.json
  govblocks verify --now 2023-02-25T00:00:00Z signed.json
  govblocks verify --purpose authentication --challenge 1f44d55f --domain example.org vp.json";

/// Arguments of `govblocks verify`.
#[derive(Debug, Args)]
#[command(
    about = "Verify every eddsa-jcs-2022 proof of a JSON document",
    long_about = LONG_ABOUT
)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub clock: Clock,

    // Keys controlled by a --trust DID are trusted for every purpose.
    #[command(flatten)]
    pub trust: Trust,

    /// The proof purpose every proof must have: assertionMethod, authentication,
    /// capabilityInvocation, capabilityDelegation or keyAgreement (others need
    /// --custom-purpose).
    #[arg(long, value_name = "PURPOSE", default_value = "assertionMethod",
          value_parser = values::purpose, conflicts_with = "any_purpose")]
    pub purpose: ProofPurpose,

    /// Allow a --purpose that is not one of the known ones (Data Integrity allows others).
    #[arg(long = "custom-purpose", conflicts_with = "any_purpose")]
    pub custom_purpose: bool,

    /// Accept proofs of any purpose (for inspection, not for acting on a document).
    #[arg(long = "any-purpose")]
    pub any_purpose: bool,

    /// The challenge every proof must carry.
    #[arg(long, value_name = "CHALLENGE", value_parser = values::non_empty)]
    pub challenge: Option<String>,

    /// The domain every proof must carry; repeat for several (compared as a set).
    #[arg(long, value_name = "DOMAIN", value_parser = values::non_empty)]
    pub domain: Vec<String>,

    /// Indent the output.
    #[arg(long)]
    pub pretty: bool,

    /// The signed JSON document; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

/// The success output of `verify`.
#[derive(Debug, Serialize)]
struct Summary {
    /// Always `true` (a failure prints an error instead).
    verified: bool,
    /// Whether a trust decision was made (`--trust` given) and passed.
    trusted: bool,
    /// Each proof, in document order.
    proofs: Vec<ProofSummary>,
}

/// One verified proof in the summary.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ProofSummary {
    id: Option<String>,
    verification_method: String,
    controller: String,
    proof_purpose: String,
    created: Option<String>,
    expires: Option<String>,
    previous_proof: Vec<String>,
}

impl From<&VerifiedProof> for ProofSummary {
    fn from(p: &VerifiedProof) -> Self {
        ProofSummary {
            id: p.id.clone(),
            verification_method: p.verification_method.clone(),
            controller: p.controller.clone(),
            proof_purpose: p.purpose.as_str().to_string(),
            created: p.created.map(|t| t.to_utc().to_string()),
            expires: p.expires.map(|t| t.to_utc().to_string()),
            previous_proof: p.previous_proof.clone(),
        }
    }
}

crate::run_with!(VerifyArgs, run);

/// Runs `verify`: the summary's bytes.
pub fn run(args: &VerifyArgs) -> Result<Vec<u8>, CliError> {
    if !args.any_purpose {
        values::check_purpose(&args.purpose, args.custom_purpose)?;
    }
    let trust = if !args.trust.given() {
        TrustList::any()
    } else {
        args.trust
            .trust
            .iter()
            .fold(TrustList::new(), |list, did| list.trust_all_purposes(did))
    };
    let mut verifier = args.clock.apply(Verifier::new(DidKeyResolver, trust));
    verifier = if args.any_purpose {
        verifier.any_purpose()
    } else {
        verifier.expect_purpose(args.purpose.clone())
    };
    if let Some(challenge) = &args.challenge {
        verifier = verifier.expect_challenge(challenge);
    }
    if !args.domain.is_empty() {
        verifier = verifier.expect_domain(&args.domain);
    }

    let bytes = read_document(
        &Source::from_arg(args.file.as_deref()),
        args.max_bytes.limit(),
    )?;
    let verified = verifier
        .with_limits(args.max_bytes.limits())
        .verify_bytes(&bytes)?;

    let summary = Summary {
        verified: true,
        trusted: args.trust.given(),
        proofs: verified.proofs().iter().map(ProofSummary::from).collect(),
    };
    let mut out = if args.pretty {
        serde_json::to_vec_pretty(&summary)
    } else {
        serde_json::to_vec(&summary)
    }
    .map_err(CliError::output)?;
    out.push(b'\n');
    Ok(out)
}
