//! JWS under the same trust rules as Data Integrity proofs.
//!
//! [`Verifier::verify_jws`] finds the signer's key by the header's `kid` with the verifier's
//! resolver, requires the key's controller to authorise it for the verifier's purpose (default
//! `assertionMethod`) and the trust list to trust that controller, then verifies the signature
//! with [`super::verify`]: the same decision as for a proof whose `verificationMethod` is the
//! `kid`. A JWS without `kid` is refused here (`jws.kid_missing`); verify it against a key you
//! name with [`super::verify`], as before.

use super::{decode_unverified, AlgorithmNames, PreparedJws, VerifiedJws};
use crate::error::{Error, Result};
use crate::proof::{ProofPurpose, VerifiedProof, Verifier};
use crate::verified::Verified;

impl Verifier {
    /// Verifies a compact JWS whose `kid` names a verification method the verifier's resolver
    /// knows. The report holds one entry for the signature: `kid` as its verification method,
    /// the key's controller, and the purpose it was trusted for.
    ///
    /// ```
    /// use govblocks_core::jws::{self, JwsOptions};
    /// use govblocks_core::keys::SecretKey;
    /// use govblocks_core::proof::Verifier;
    /// use govblocks_core::resolver::{DidKeyResolver, TrustList};
    /// let key = SecretKey::from_seed(&[3; 32]);
    /// let body = br#"{"amount":"12.50"}"#;
    /// let compact = jws::sign(body, &key, &JwsOptions::detached_unencoded().with_signer_kid()).unwrap();
    /// let verifier = Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(key.public_key().did()));
    /// let verified = verifier.verify_jws(&compact, Some(body)).unwrap();
    /// assert_eq!(verified.proofs()[0].controller, key.public_key().did());
    /// assert_eq!(verified.payload(), body);
    /// ```
    pub fn verify_jws(
        &self,
        jws: &str,
        detached_payload: Option<&[u8]>,
    ) -> Result<Verified<VerifiedJws>> {
        self.verify_jws_accepting(jws, detached_payload, AlgorithmNames::EdDsaOnly)
    }

    /// [`Verifier::verify_jws`], accepting the `alg` names `names` allows (`Ed25519` of RFC 9864
    /// besides `EdDSA`).
    pub fn verify_jws_accepting(
        &self,
        jws: &str,
        detached_payload: Option<&[u8]>,
        names: AlgorithmNames,
    ) -> Result<Verified<VerifiedJws>> {
        let (prepared, report) = self.prepare_jws_accepting(jws, detached_payload, names)?;
        let verified = prepared.verify()?;
        Ok(Verified::new(verified, vec![report]))
    }

    /// [`Verifier::verify_jws_accepting`] but for the signature itself: the JWS prepared
    /// ([`PreparedJws`]) under the key its `kid` names, which the verifier's resolver found,
    /// its controller authorised and trusted, and the report that verifying it will stand for.
    /// Check the signature with [`PreparedJws::verify`], or with another's in one equation
    /// ([`verify_pair`](super::verify_pair)).
    pub fn prepare_jws_accepting<'a>(
        &self,
        jws: &'a str,
        detached_payload: Option<&[u8]>,
        names: AlgorithmNames,
    ) -> Result<(PreparedJws<'a>, VerifiedProof)> {
        // The header is read once: its `kid` picks the key, and the same parse is verified.
        let unverified = decode_unverified(jws, names)?;
        let kid = unverified
            .header()
            .kid()
            .ok_or(Error::JwsKidMissing)?
            .to_string();
        let purpose = self
            .expected_purpose()
            .cloned()
            .unwrap_or(ProofPurpose::AssertionMethod);
        let resolved = self.authorize(&kid, &purpose)?;
        let prepared = unverified.prepare(&resolved.public_key, detached_payload)?;
        let report = VerifiedProof {
            id: None,
            verification_method: kid,
            controller: resolved.controller,
            purpose,
            created: None,
            expires: None,
            previous_proof: Vec::new(),
        };
        Ok((prepared, report))
    }
}
