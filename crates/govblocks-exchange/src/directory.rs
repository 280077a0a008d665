//! The directory: which DIDs speak for which X-Road client.
//!
//! X-Road binds a member's signing certificate to its identifier; here a [`Directory`] binds a
//! client id (`INSTANCE/CLASS/MEMBER[/SUBSYSTEM]`, an X-Road [`ClientId`]) to the controller DIDs whose keys may
//! sign for it — the requests it sends, and the responses of every service it provides (a
//! service's provider is its first four parts,
//! [`ServiceId::provider`](crate::xroad::ServiceId::provider)). The
//! [verifier](crate::verify::EnvelopeVerifier) refuses an envelope whose sender is not in the
//! directory (`exchange.sender_unknown`) or that is signed by a DID the directory does not list
//! for the sender (`exchange.sender_mismatch`).
//!
//! The directory says *who is who*; whether a key is trusted at all stays the core verifier's
//! trust list ([`Directory::trust_list`] trusts exactly the directory's DIDs). A client id in
//! the file is read as X-Road reads it ([`ClientId::parse`]: `%41` is `A`), and ids are
//! compared by their parts (an envelope's are canonical).
//!
//! On disk (`schemas/exchange/v1/directory.json`):
//!
//! ```json
//! {"EE/GOV/70000001/social": ["did:key:z6Mk…"],
//!  "EE/GOV/70000002/population": ["did:web:population.example.gov"]}
//! ```

use crate::error::{Error, Result};
use crate::schemas::{ids, registry};
use crate::xroad::id::ClientId;
use govblocks_core::proof::ProofPurpose;
use govblocks_core::resolver::TrustList;
use serde_json::Value;
use std::collections::BTreeMap;

/// Client ids to the DIDs that sign for them (see the [module documentation](self)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    members: BTreeMap<ClientId, Vec<String>>,
}

impl Directory {
    /// An empty directory (every sender unknown).
    pub fn new() -> Self {
        Self::default()
    }

    /// The directory with `did` speaking for `client` too (a client may have several DIDs:
    /// a key rotation, two sites).
    pub fn with(mut self, client: ClientId, did: impl Into<String>) -> Self {
        let did = did.into();
        let dids = self.members.entry(client).or_default();
        if !dids.contains(&did) {
            dids.push(did);
        }
        self
    }

    /// Reads a directory: strict JSON, the schema `directory.json`
    /// (`exchange.directory_invalid` for anything else).
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let invalid = |reason: String| Error::DirectoryInvalid { reason };
        let value = govblocks_core::json::parse(bytes).map_err(|e| invalid(e.to_string()))?;
        registry()
            .validate(ids::DIRECTORY, &value)
            .map_err(|e| invalid(e.to_string()))?;
        let Value::Object(map) = value else {
            return Err(invalid("not an object".to_owned()));
        };
        let mut directory = Directory::new();
        for (client, dids) in map {
            let client = ClientId::parse(&client).map_err(|e| invalid(e.to_string()))?;
            for did in dids.as_array().into_iter().flatten() {
                let did = did
                    .as_str()
                    .ok_or_else(|| invalid("a DID is not a string".to_owned()))?;
                directory = directory.with(client.clone(), did);
            }
        }
        Ok(directory)
    }

    /// The DIDs that speak for `client`, if it is in the directory.
    pub fn dids(&self, client: &ClientId) -> Option<&[String]> {
        self.members.get(client).map(Vec::as_slice)
    }

    /// Every client and its DIDs, in the order of the ids.
    pub fn iter(&self) -> impl Iterator<Item = (&ClientId, &[String])> {
        self.members.iter().map(|(c, d)| (c, d.as_slice()))
    }

    /// A trust list that trusts every DID of the directory for `assertionMethod` proofs (for a
    /// verifier that trusts exactly the directory's members).
    pub fn trust_list(&self) -> TrustList {
        trust_for_assertions(self.members.values().flatten())
    }
}

/// A trust list that trusts each of `dids` for `assertionMethod` proofs (the directory's, the
/// SPDCI senders').
pub(crate) fn trust_for_assertions<'a>(dids: impl Iterator<Item = &'a String>) -> TrustList {
    dids.fold(TrustList::new(), |list, did| {
        list.trust(did.clone(), [ProofPurpose::AssertionMethod])
    })
}
