//! The JWE Compact Serialization (RFC 7516 §7.1): encrypting, parsing, decrypting.

use super::header::{self, HeaderFields, JweHeader};
use super::kdf::concat_kdf;
use super::ENC_A256GCM;
use crate::encoding::{base64url_decode, base64url_decode_array, base64url_encode};
use crate::error::{Error, Result};
use crate::keys::{X25519PublicKey, X25519SecretKey};
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

/// Length of the A256GCM initialization vector, in bytes (96 bits, RFC 7518 §5.3).
const IV_LEN: usize = 12;
/// Length of the A256GCM authentication tag, in bytes (128 bits).
const TAG_LEN: usize = 16;
/// Their lengths in unpadded base64url.
const IV_CHARS: usize = 16;
const TAG_CHARS: usize = 22;

/// The `kid` an encrypted message names.
#[derive(Clone, Debug, Default)]
enum Kid {
    #[default]
    None,
    Given(String),
    Recipient,
}

/// What [`encrypt`] writes in the protected header besides `alg`, `enc` and `epk`. Nothing
/// by default.
///
/// ```
/// use govblocks_core::jwe::JweOptions;
/// let options = JweOptions::new().with_recipient_kid().with_apu(b"registry-a");
/// # let _ = options;
/// ```
#[derive(Clone, Debug, Default)]
pub struct JweOptions {
    kid: Kid,
    apu: Option<Vec<u8>>,
    apv: Option<Vec<u8>>,
}

impl JweOptions {
    /// No `kid`, no `apu`, no `apv`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes this `kid` (replaces [`JweOptions::with_recipient_kid`]).
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Kid::Given(kid.into());
        self
    }

    /// Writes the recipient's key id, [`X25519PublicKey::key_id`] (`did:key:z6LS…#z6LS…`), as
    /// `kid` (replaces [`JweOptions::with_kid`]).
    pub fn with_recipient_kid(mut self) -> Self {
        self.kid = Kid::Recipient;
        self
    }

    /// Writes `apu` (Agreement PartyUInfo, information about the sender), which the key
    /// derivation then covers (RFC 7518 §4.6.1.2).
    pub fn with_apu(mut self, apu: impl AsRef<[u8]>) -> Self {
        self.apu = Some(apu.as_ref().to_vec());
        self
    }

    /// Writes `apv` (Agreement PartyVInfo, information about the recipient), which the key
    /// derivation then covers (RFC 7518 §4.6.1.3).
    pub fn with_apv(mut self, apv: impl AsRef<[u8]>) -> Self {
        self.apv = Some(apv.as_ref().to_vec());
        self
    }
}

/// A compact JWE whose parts and protected header passed the validation policy of the
/// [module docs](super) (rules 1–15): well-formed, not yet decrypted.
#[derive(Clone, Debug)]
pub struct Jwe {
    protected: String,
    encrypted_key: String,
    iv: String,
    ciphertext: String,
    tag: String,
    header: JweHeader,
    iv_bytes: [u8; IV_LEN],
    tag_bytes: [u8; TAG_LEN],
    ciphertext_bytes: Vec<u8>,
}

/// Encrypts `plaintext` to `recipient`: ECDH-ES with a fresh ephemeral X25519 key, the Concat
/// KDF, AES-256-GCM with a fresh random 96-bit IV (both from the operating system's random
/// number generator). The protected header is the RFC 8785 (JCS) form of
/// `{"alg":"ECDH-ES","enc":"A256GCM","epk":{"crv":"X25519","kty":"OKP","x":…}}`, plus `kid`,
/// `apu` and `apv` when `options` ask for them; the encrypted key is empty (direct key
/// agreement). Fails only for a plaintext beyond AES-GCM's limit (64 GiB), `jwe.malformed`.
pub fn encrypt(plaintext: &[u8], recipient: &X25519PublicKey, options: &JweOptions) -> Result<Jwe> {
    let ephemeral = X25519SecretKey::generate();
    let shared = ephemeral.diffie_hellman(recipient);
    // A recipient key is never of small order, so this does not happen; checked all the same.
    if !shared.was_contributory() {
        return Err(Error::KeyWeak);
    }
    let recipient_kid;
    let kid = match &options.kid {
        Kid::None => None,
        Kid::Given(kid) => Some(kid.as_str()),
        Kid::Recipient => {
            recipient_kid = recipient.key_id();
            Some(recipient_kid.as_str())
        }
    };
    let fields = HeaderFields {
        kid,
        apu: options.apu.as_deref(),
        apv: options.apv.as_deref(),
    };
    let (header, protected) = header::build(ephemeral.public_key(), &fields);
    let cek = derive_cek(shared.as_bytes(), &header)?;
    let mut iv_bytes = [0u8; IV_LEN];
    OsRng.fill_bytes(&mut iv_bytes);
    let mut ciphertext_bytes = plaintext.to_vec();
    let tag = cipher(&cek)?
        .encrypt_in_place_detached(
            &Nonce::from(iv_bytes),
            protected.as_bytes(),
            &mut ciphertext_bytes,
        )
        .map_err(|_| Error::JweMalformed {
            reason: "the plaintext is too long for AES-GCM".into(),
        })?;
    let mut tag_bytes = [0u8; TAG_LEN];
    tag_bytes.copy_from_slice(&tag);
    Ok(Jwe {
        encrypted_key: String::new(),
        iv: base64url_encode(&iv_bytes),
        ciphertext: base64url_encode(&ciphertext_bytes),
        tag: base64url_encode(&tag_bytes),
        protected,
        header,
        iv_bytes,
        tag_bytes,
        ciphertext_bytes,
    })
}

/// Parses a compact JWE ([`Jwe::parse_compact`]) and decrypts it with `key` ([`Jwe::decrypt`]).
pub fn decrypt(compact: &str, key: &X25519SecretKey) -> Result<Zeroizing<Vec<u8>>> {
    Jwe::parse_compact(compact)?.decrypt(key)
}

/// The content encryption key: the Concat KDF over Z with `enc` as AlgorithmID (ECDH-ES
/// direct key agreement), `apu` and `apv` from the header.
fn derive_cek(z: &[u8; 32], header: &JweHeader) -> Result<Zeroizing<[u8; 32]>> {
    let mut cek = Zeroizing::new([0u8; 32]);
    concat_kdf(
        z,
        ENC_A256GCM,
        header.apu().unwrap_or_default(),
        header.apv().unwrap_or_default(),
        &mut cek[..],
    )?;
    Ok(cek)
}

/// AES-256-GCM keyed with the content key (its key schedule is wiped on drop: `aes-gcm`'s
/// `zeroize` feature).
fn cipher(cek: &[u8; 32]) -> Result<Aes256Gcm> {
    Aes256Gcm::new_from_slice(cek).map_err(|_| malformed("the content key is not 32 bytes"))
}

fn malformed(reason: impl Into<String>) -> Error {
    Error::JweMalformed {
        reason: reason.into(),
    }
}

impl Jwe {
    /// Parses `protected.encrypted_key.iv.ciphertext.tag` (RFC 7516 §7.1) and applies rules
    /// 1–15 of the validation policy. Nothing is decrypted.
    pub fn parse_compact(text: &str) -> Result<Jwe> {
        let mut parts = text.split('.');
        let mut next = || parts.next();
        let (Some(protected), Some(encrypted_key), Some(iv), Some(ciphertext), Some(tag)) =
            (next(), next(), next(), next(), next())
        else {
            return Err(malformed(
                "a compact JWE has five `.`-separated parts; this has fewer",
            ));
        };
        if parts.next().is_some() {
            return Err(malformed(
                "a compact JWE has five `.`-separated parts; this has more",
            ));
        }
        Self::from_parts(protected, encrypted_key, iv, ciphertext, tag)
    }

    /// The five parts as they travel (all base64url strings: an SPDCI `EncryptedMessage`'s
    /// `BASE64URL(JCS(header))`, `encrypted_key`, `iv`, `ciphertext` and `tag`), checked as
    /// [`Jwe::parse_compact`] checks them. `protected` is used **as given** as the AAD.
    pub fn from_parts(
        protected: &str,
        encrypted_key: &str,
        iv: &str,
        ciphertext: &str,
        tag: &str,
    ) -> Result<Jwe> {
        let header = header::parse(protected)?;
        if !encrypted_key.is_empty() {
            return Err(malformed(
                "the encrypted key must be empty (ECDH-ES is direct key agreement)",
            ));
        }
        if iv.len() != IV_CHARS {
            return Err(malformed(format!(
                "the IV must be {IV_LEN} bytes ({IV_CHARS} base64url characters)"
            )));
        }
        let iv_bytes = base64url_decode_array::<IV_LEN>(iv, "JWE IV")?;
        if tag.len() != TAG_CHARS {
            return Err(malformed(format!(
                "the tag must be {TAG_LEN} bytes ({TAG_CHARS} base64url characters)"
            )));
        }
        let tag_bytes = base64url_decode_array::<TAG_LEN>(tag, "JWE tag")?;
        let ciphertext_bytes = base64url_decode(ciphertext, "JWE ciphertext")?;
        Ok(Jwe {
            protected: protected.to_string(),
            encrypted_key: String::new(),
            iv: iv.to_string(),
            ciphertext: ciphertext.to_string(),
            tag: tag.to_string(),
            header,
            iv_bytes,
            tag_bytes,
            ciphertext_bytes,
        })
    }

    /// `protected.encrypted_key.iv.ciphertext.tag`.
    pub fn to_compact(&self) -> String {
        let parts = [
            self.protected.as_str(),
            self.encrypted_key.as_str(),
            self.iv.as_str(),
            self.ciphertext.as_str(),
            self.tag.as_str(),
        ];
        parts.join(".")
    }

    /// The protected header part (base64url), the AAD of the content encryption.
    pub fn protected(&self) -> &str {
        &self.protected
    }

    /// The encrypted key part: always empty (ECDH-ES direct key agreement).
    pub fn encrypted_key(&self) -> &str {
        &self.encrypted_key
    }

    /// The IV part (base64url of 12 bytes).
    pub fn iv(&self) -> &str {
        &self.iv
    }

    /// The ciphertext part (base64url).
    pub fn ciphertext(&self) -> &str {
        &self.ciphertext
    }

    /// The authentication tag part (base64url of 16 bytes).
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The protected header, parsed and checked (not authenticated until [`Jwe::decrypt`]
    /// succeeds).
    pub fn header(&self) -> &JweHeader {
        &self.header
    }

    /// Decrypts with the recipient's key (rules 16–17): X25519 with the header's `epk` (an
    /// all-zero shared secret is `key.weak`), the Concat KDF, AES-256-GCM with the protected
    /// part as AAD. Any authentication failure (another recipient's key, a changed header, IV,
    /// ciphertext or tag) is the one error `jwe.decryption_failed`. The plaintext is wiped when
    /// the returned buffer is dropped.
    pub fn decrypt(&self, key: &X25519SecretKey) -> Result<Zeroizing<Vec<u8>>> {
        let shared = key.diffie_hellman(self.header.epk());
        if !shared.was_contributory() {
            return Err(Error::KeyWeak);
        }
        let cek = derive_cek(shared.as_bytes(), &self.header)?;
        let mut buffer = Zeroizing::new(self.ciphertext_bytes.clone());
        cipher(&cek)?
            .decrypt_in_place_detached(
                &Nonce::from(self.iv_bytes),
                self.protected.as_bytes(),
                &mut buffer[..],
                &Tag::from(self.tag_bytes),
            )
            .map_err(|_| Error::JweDecryptionFailed)?;
        Ok(buffer)
    }
}
