//! What a presentation may leave out or be about: the caller's policy, shared by
//! [`create`](super::create_with_policy) and [`PresentationVerifier`](super::PresentationVerifier)
//! so that both refuse the same presentations.
//!
//! # The specification and the safe default
//!
//! VC Data Model 2.0 §4.13 (Verifiable Presentations) makes the holder optional: "The
//! verifiable presentation MAY include a `holder` property. … If the `holder` property is
//! absent, information about the holder is obtained either via the securing mechanism or does
//! not pertain to the validation of the verifiable presentation." Nor does it require a
//! credential to be about its holder: "a parent (the holder) might hold the verifiable
//! credentials of a child (the subject)" (§2 Terminology, *subject*), with the cases listed in
//! the Implementation Guide's *Subject-Holder Relationships*. What gives a verifier confidence
//! that the claims are about the presenter is listed in the Validation appendix (*Holder*):
//! the presentation and its credentials are secured, "the identifier in the `holder` property
//! of the verifiable presentation and at least one identifier property of at least one object
//! in the `credentialSubject` array are the same", and that identifier leads to the key that
//! secured the presentation.
//!
//! [`PresentationPolicy::default`] is that safe case, and refuses everything else:
//!
//! | the presentation … | default | relax with | refused with |
//! | --- | --- | --- | --- |
//! | names no `holder` | refused | [`PresentationPolicy::allow_no_holder`] | `presentation.holder_missing` |
//! | has no proof | refused | [`PresentationPolicy::allow_unsigned`] | `presentation.unsigned` |
//! | holds a credential whose subject is not the holder | refused | [`PresentationPolicy::allow_relation`], [`PresentationPolicy::with_relation_hook`], [`PresentationPolicy::allow_any_subject`] | `presentation.subject_not_holder` |
//! | is signed by someone other than its `holder` | refused | never | `presentation.holder_mismatch` |
//!
//! Every relaxation that a verified presentation used is reported in
//! [`VerifiedPresentation::exceptions`](super::VerifiedPresentation::exceptions), one
//! [`PolicyException`] each, so that a caller can audit why a presentation was accepted.
//!
//! # Relations: how a holder who is not the subject is accepted
//!
//! The Implementation Guide (*Holder Acts on Behalf of the Subject*) lets the **issuer** state
//! the relation in the credential: "Issuer can include the relationship between the holder and
//! the subject in the `credentialSubject` property", e.g. a child's credential whose subject
//! has `"parent": {"id": "did:…mother", "type": "Mother"}`. [`PresentationPolicy::allow_relation`]
//! names such a claim (`parent`, `guardian`, …): a subject that is not the holder is accepted
//! when one of the allowed claims of that subject is an object whose `id` is the holder (or an
//! array holding one). The claim is signed by the credential's issuer, so it is as trustworthy
//! as the issuer; a subject without an `id` (a child without a DID) is accepted the same way.
//!
//! Every other way (a separate relationship credential in the same presentation, a registry
//! of guardianships, a power of attorney) is the caller's: a [`HolderRelation`] hook sees the
//! holder, the credential and subject in question and every credential of the presentation,
//! and names the relation it accepts, or refuses. Claims are tried before the hook.
//!
//! [`PresentationPolicy::allow_any_subject`] accepts any subject (bearer credentials: whoever
//! holds them may present them).
//!
//! # No holder, no proof: what is still guaranteed
//!
//! - **No holder, signed**: the proof is still an `authentication` proof bound to the
//!   verifier's challenge and domain, and the challenge is accepted once: a replay is refused
//!   as before. What is lost is *who* presented: the proof's signer is not tied to the
//!   credentials. A subject cannot be the holder of a presentation that names none, so such a
//!   presentation passes only when each subject is accepted otherwise (the hook, or any
//!   subject); relation claims need a holder to name.
//! - **Unsigned**: nothing binds the presentation to the challenge or to a holder. It can be
//!   copied and replayed to any verifier under any challenge; a `holder` it names is a claim
//!   nobody proved. The verifier therefore does **not** use up the challenge for an unsigned
//!   presentation (remembering it would protect nothing, and would let anyone burn a challenge
//!   that a signed presentation is due to answer): replay protection is then the caller's.
//!   The credentials inside are verified as always (each signed by its issuer), and the
//!   presentation is checked against the same schema registry as a signed one (the holders'
//!   verifier's, [`Verifier::with_schemas`](govblocks_core::proof::Verifier::with_schemas),
//!   when it has one).
//!
//! # Cost
//!
//! In the default case the policy costs a comparison per credential subject and allocates
//! nothing; the exceptions list stays empty (an empty `Vec` does not allocate).

use super::model::EmbeddedCredential;
use crate::credential::Credential;
use crate::Error;
use govblocks_core::verified::Verified;
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Arc;

/// What a presentation may leave out or be about (see the [module docs](self)). The default
/// is the safe case: a holder, a holder proof, every credential about the holder.
#[derive(Clone, Default)]
pub struct PresentationPolicy {
    no_holder: bool,
    unsigned: bool,
    any_subject: bool,
    relations: Vec<String>,
    hook: Option<Arc<dyn HolderRelation>>,
}

impl std::fmt::Debug for PresentationPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PresentationPolicy")
            .field("no_holder", &self.no_holder)
            .field("unsigned", &self.unsigned)
            .field("any_subject", &self.any_subject)
            .field("relations", &self.relations)
            .field("hook", &self.hook.is_some())
            .finish()
    }
}

impl PresentationPolicy {
    /// The safe default: a holder, a holder proof, every credential subject the holder.
    pub fn strict() -> Self {
        Self::default()
    }

    /// Accepts a presentation without a `holder` (reported as [`PolicyException::NoHolder`]).
    pub fn allow_no_holder(mut self) -> Self {
        self.no_holder = true;
        self
    }

    /// Accepts a presentation without a proof (reported as [`PolicyException::Unsigned`]):
    /// nothing then binds it to the challenge or to its holder, and its challenge is not used
    /// up (see the [module docs](self)).
    pub fn allow_unsigned(mut self) -> Self {
        self.unsigned = true;
        self
    }

    /// Accepts a credential subject that is not the holder when its claim `claim` (`parent`,
    /// `guardian`, …) is an object whose `id` is the holder, or an array holding one (reported
    /// as [`PolicyException::Relation`], stated by [`RelationSource::Claim`]). Repeatable.
    pub fn allow_relation(mut self, claim: impl Into<String>) -> Self {
        let claim = claim.into();
        if !self.relations.contains(&claim) {
            self.relations.push(claim);
        }
        self
    }

    /// Asks `hook` about each credential subject that is not the holder and that no allowed
    /// relation claim accepts (reported as [`PolicyException::Relation`], stated by
    /// [`RelationSource::Hook`]). One hook; a second replaces the first.
    pub fn with_relation_hook(mut self, hook: impl HolderRelation + 'static) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    /// Accepts any credential subject (bearer credentials), after the relation claims and the
    /// hook had their say (reported as [`PolicyException::NotBound`]).
    pub fn allow_any_subject(mut self) -> Self {
        self.any_subject = true;
        self
    }

    /// Whether a presentation without a holder is accepted.
    pub fn allows_no_holder(&self) -> bool {
        self.no_holder
    }

    /// Whether a presentation without a proof is accepted.
    pub fn allows_unsigned(&self) -> bool {
        self.unsigned
    }

    /// Whether any credential subject is accepted.
    pub fn allows_any_subject(&self) -> bool {
        self.any_subject
    }

    /// The relation claims that bind a subject to the holder, in the order they are tried.
    pub fn relations(&self) -> &[String] {
        &self.relations
    }

    /// Whether this is the safe default (nothing relaxed).
    pub fn is_strict(&self) -> bool {
        !self.no_holder
            && !self.unsigned
            && !self.any_subject
            && self.relations.is_empty()
            && self.hook.is_none()
    }

    /// The presentation's shape: a holder unless allowed (`presentation.holder_missing`), a
    /// proof unless allowed (`presentation.unsigned`). Pushes the exceptions used.
    pub(crate) fn check_shape(
        &self,
        holder: Option<&str>,
        signed: bool,
        exceptions: &mut Vec<PolicyException>,
    ) -> Result<(), Error> {
        if holder.is_none() {
            if !self.no_holder {
                return Err(Error::HolderMissing);
            }
            exceptions.push(PolicyException::NoHolder);
        }
        if !signed {
            if !self.unsigned {
                return Err(Error::Unsigned);
            }
            exceptions.push(PolicyException::Unsigned);
        }
        Ok(())
    }

    /// Every subject of every credential (`verifiableCredential`, as JSON) is the holder, or is
    /// accepted by a relation claim, the hook, or any subject being allowed
    /// (`presentation.subject_not_holder` for the first that is not). Pushes the exceptions
    /// used. A credential without subjects, or a subject that is not an object, is left to
    /// the credential's own checks.
    ///
    /// `typed`, when given, holds the same credentials read as [`Credential`]s (verified, in
    /// order): their subjects are read from it, and a credential's JSON is read only for a
    /// subject that is not the holder.
    pub(crate) fn check_subjects(
        &self,
        holder: Option<&str>,
        credentials: &[EmbeddedCredential],
        typed: Option<&[Verified<Credential>]>,
        exceptions: &mut Vec<PolicyException>,
    ) -> Result<(), Error> {
        for (index, embedded) in credentials.iter().enumerate() {
            let mut check = |s: usize, subject: &Map<String, Value>| -> Result<(), Error> {
                let id = subject.get("id").and_then(Value::as_str);
                // The common case: the subject is the holder. Nothing to record.
                if holder.is_some() && id == holder {
                    return Ok(());
                }
                let case = SubjectCase {
                    holder,
                    credential_index: index,
                    credential: embedded.as_map(),
                    subject_index: s,
                    subject,
                    credentials,
                };
                let exception =
                    self.accept_other(&case)
                        .ok_or_else(|| Error::SubjectNotHolder {
                            credential: index,
                            subject: id.map(str::to_string),
                            holder: holder.map(str::to_string),
                            relations: self.relations.clone(),
                        })?;
                exceptions.push(exception);
                Ok(())
            };
            match typed.and_then(|t| t.get(index)) {
                Some(credential) => {
                    for (s, subject) in credential.credential_subject.iter().enumerate() {
                        check(s, subject)?;
                    }
                }
                None => {
                    let subjects = match embedded.get("credentialSubject") {
                        Some(Value::Array(many)) => many.as_slice(),
                        Some(one) => std::slice::from_ref(one),
                        None => &[],
                    };
                    for (s, subject) in subjects.iter().enumerate() {
                        if let Value::Object(subject) = subject {
                            check(s, subject)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// How a subject that is not the holder is accepted, if it is: a relation claim naming the
    /// holder, the hook, any subject.
    fn accept_other(&self, case: &SubjectCase<'_>) -> Option<PolicyException> {
        let subject_id = || {
            case.subject
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        if let Some(holder) = case.holder {
            if let Some(claim) = self
                .relations
                .iter()
                .find(|claim| names(case.subject.get(claim.as_str()), holder))
            {
                return Some(PolicyException::Relation {
                    credential: case.credential_index,
                    subject: case.subject_index,
                    subject_id: subject_id(),
                    relation: claim.clone(),
                    source: RelationSource::Claim,
                });
            }
        }
        if let Some(relation) = self.hook.as_ref().and_then(|hook| hook.relation(case)) {
            return Some(PolicyException::Relation {
                credential: case.credential_index,
                subject: case.subject_index,
                subject_id: subject_id(),
                relation,
                source: RelationSource::Hook,
            });
        }
        self.any_subject.then(|| PolicyException::NotBound {
            credential: case.credential_index,
            subject: case.subject_index,
            subject_id: subject_id(),
        })
    }
}

/// Whether a relation claim's value names `holder`: an object whose `id` is the holder, or an
/// array holding one.
fn names(value: Option<&Value>, holder: &str) -> bool {
    let is_holder = |v: &Value| v.get("id").and_then(Value::as_str) == Some(holder);
    match value {
        Some(Value::Array(many)) => many.iter().any(is_holder),
        Some(one @ Value::Object(_)) => is_holder(one),
        _ => false,
    }
}

/// The caller's decision about a credential subject that is not the holder: the name of the
/// relation it accepts (reported in [`PolicyException::Relation`]), or `None` to refuse.
///
/// At verification every credential of the presentation has verified before the hook is
/// asked (so a relationship credential among them can be relied on as far as its issuer is
/// trusted); [`create_with_policy`](super::create_with_policy) verifies nothing, and asks the
/// hook about the credentials as given. Any `Fn(&SubjectCase) -> Option<String>` is a hook.
pub trait HolderRelation: Send + Sync {
    /// The relation by which `case.holder` may present `case.subject`'s credential, or `None`.
    fn relation(&self, case: &SubjectCase<'_>) -> Option<String>;
}

impl<F> HolderRelation for F
where
    F: Fn(&SubjectCase<'_>) -> Option<String> + Send + Sync,
{
    fn relation(&self, case: &SubjectCase<'_>) -> Option<String> {
        self(case)
    }
}

/// What a [`HolderRelation`] hook is asked about: one credential subject that is not the
/// holder.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct SubjectCase<'a> {
    /// The presentation's holder, if it names one.
    pub holder: Option<&'a str>,
    /// The credential's position in `verifiableCredential` (from 0).
    pub credential_index: usize,
    /// The credential, as JSON.
    pub credential: &'a Map<String, Value>,
    /// The subject's position in the credential's `credentialSubject` (from 0).
    pub subject_index: usize,
    /// The subject.
    pub subject: &'a Map<String, Value>,
    /// Every credential of the presentation, in order (a relationship credential among them,
    /// say).
    pub credentials: &'a [EmbeddedCredential],
}

/// A relaxation of the default policy that a presentation used, reported so that a caller can
/// audit why it was accepted. Serialized with a tag `exception` (`noHolder`, `unsigned`,
/// `relation`, `notBound`) and camelCase fields, as the CLI prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "exception",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum PolicyException {
    /// The presentation names no holder.
    NoHolder,
    /// The presentation has no proof: bound to no challenge and to no holder, and its
    /// challenge was not used up.
    Unsigned,
    /// A credential subject is not the holder, accepted by a relation.
    Relation {
        /// The credential's position in `verifiableCredential`.
        credential: usize,
        /// The subject's position in `credentialSubject`.
        subject: usize,
        /// The subject's `id`, if it has one.
        subject_id: Option<String>,
        /// The relation: the claim's name, or what the hook named.
        relation: String,
        /// Who stated the relation.
        source: RelationSource,
    },
    /// A credential subject is not bound to the holder at all (any subject is allowed).
    NotBound {
        /// The credential's position in `verifiableCredential`.
        credential: usize,
        /// The subject's position in `credentialSubject`.
        subject: usize,
        /// The subject's `id`, if it has one.
        subject_id: Option<String>,
    },
}

/// Who stated a relation between a holder and a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum RelationSource {
    /// The credential's issuer, in a relation claim of the subject.
    Claim,
    /// The caller's [`HolderRelation`] hook.
    Hook,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn credentials(subject: Value) -> Vec<EmbeddedCredential> {
        match json!({"credentialSubject": subject}) {
            Value::Object(map) => vec![EmbeddedCredential::from(map)],
            _ => unreachable!(),
        }
    }

    fn check(
        policy: &PresentationPolicy,
        holder: Option<&str>,
        subject: Value,
    ) -> Result<Vec<PolicyException>, &'static str> {
        let mut exceptions = Vec::new();
        policy
            .check_subjects(holder, &credentials(subject), None, &mut exceptions)
            .map(|()| exceptions)
            .map_err(|e| e.code())
    }

    #[test]
    fn a_relation_claim_names_the_holder_only_as_an_object_with_its_id() {
        let parents = PresentationPolicy::default().allow_relation("parent");
        let h = Some("did:example:mum");
        assert!(check(&parents, h, json!({"parent": {"id": "did:example:mum"}})).is_ok());
        assert!(check(
            &parents,
            h,
            json!({"parent": [{"id": "x"}, {"id": "did:example:mum"}]})
        )
        .is_ok());
        // A bare string is a literal, not a reference the issuer typed: not accepted.
        for value in [
            json!("did:example:mum"),
            json!({"id": "did:example:dad"}),
            json!([]),
            json!(null),
        ] {
            assert_eq!(
                check(&parents, h, json!({"parent": value})),
                Err("presentation.subject_not_holder")
            );
        }
        // Without a holder no claim can name it.
        assert_eq!(
            check(&parents, None, json!({"parent": {"id": "did:example:mum"}})),
            Err("presentation.subject_not_holder")
        );
    }

    #[test]
    fn a_subject_without_an_id_is_never_the_holder_and_the_default_records_nothing() {
        let strict = PresentationPolicy::default();
        assert_eq!(
            check(
                &strict,
                Some("did:example:a"),
                json!({"id": "did:example:a"})
            ),
            Ok(vec![])
        );
        assert_eq!(
            check(
                &strict,
                Some("did:example:a"),
                json!([{"id": "did:example:a"}, {"id": "did:example:a"}])
            ),
            Ok(vec![])
        );
        assert_eq!(
            check(&strict, Some("did:example:a"), json!({"name": "x"})),
            Err("presentation.subject_not_holder")
        );
        assert_eq!(
            check(&strict, None, json!({"name": "x"})),
            Err("presentation.subject_not_holder")
        );
        // The second subject of a credential is checked too.
        assert_eq!(
            check(
                &strict,
                Some("did:example:a"),
                json!([{"id": "did:example:a"}, {"id": "did:example:b"}])
            ),
            Err("presentation.subject_not_holder")
        );
    }

    #[test]
    fn claims_come_before_the_hook_and_the_hook_before_any_subject() {
        let policy = PresentationPolicy::default()
            .allow_relation("parent")
            .with_relation_hook(|_: &SubjectCase<'_>| Some("hooked".to_string()))
            .allow_any_subject();
        let h = Some("did:example:mum");
        let found = check(&policy, h, json!({"parent": {"id": "did:example:mum"}})).unwrap();
        assert!(matches!(
            &found[..],
            [PolicyException::Relation {
                source: RelationSource::Claim,
                ..
            }]
        ));
        let found = check(&policy, h, json!({"id": "did:example:kid"})).unwrap();
        assert!(matches!(
            &found[..],
            [PolicyException::Relation {
                source: RelationSource::Hook,
                ..
            }]
        ));
        let open = PresentationPolicy::default()
            .with_relation_hook(|_: &SubjectCase<'_>| None)
            .allow_any_subject();
        let found = check(&open, h, json!({"id": "did:example:kid"})).unwrap();
        assert!(matches!(&found[..], [PolicyException::NotBound { .. }]));
    }

    #[test]
    fn the_shape_checks_say_holder_first_then_proof() {
        let mut found = Vec::new();
        let strict = PresentationPolicy::default();
        assert!(matches!(
            strict.check_shape(None, false, &mut found),
            Err(Error::HolderMissing)
        ));
        assert!(matches!(
            strict.check_shape(Some("h"), false, &mut found),
            Err(Error::Unsigned)
        ));
        assert!(strict.check_shape(Some("h"), true, &mut found).is_ok());
        assert!(found.is_empty());
        let open = PresentationPolicy::default()
            .allow_no_holder()
            .allow_unsigned();
        open.check_shape(None, false, &mut found).unwrap();
        assert_eq!(
            found,
            [PolicyException::NoHolder, PolicyException::Unsigned]
        );
        assert!(format!("{open:?}").contains("unsigned: true"));
    }
}
