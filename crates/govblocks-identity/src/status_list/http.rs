//! Fetching status list credentials from their URL (cargo feature `status-http`, off by
//! default): [`HttpStatusResolver`].
//!
//! A blocking GET with `ureq` over rustls, bounded on every side a hostile or broken server
//! could use:
//!
//! * **size**: at most [`DEFAULT_MAX_DOWNLOAD`] bytes (2 MiB: a list credential whose
//!   `encodedList` is at the decoder's 1 MiB limit, with room for its envelope and proof); the
//!   body is read through a limit and the download stops one byte past it;
//! * **time**: the whole exchange (DNS, connect, TLS, headers, body, redirects) within
//!   [`DEFAULT_TIMEOUT`] (10 s), the connection within [`DEFAULT_CONNECT_TIMEOUT`];
//! * **scheme**: `https` only, unless [`HttpStatusResolver::allow_plain_http`] (an internal
//!   mirror, a test);
//! * **redirects**: at most [`MAX_REDIRECTS`]. A redirect cannot substitute another list: the
//!   verifier requires the list credential's `id`, when stated, to be the URL the credential
//!   named.
//!
//! Every failure is `credential.status_unavailable` naming the URL and the reason (HTTP status,
//! timeout, size, TLS …): the specification's `STATUS_RETRIEVAL_ERROR`. What is fetched is
//! untrusted: the verifier checks its proof, issuer and validity period before using it.
//!
//! It keeps no cache of its own: give the verifier a
//! [status cache](crate::credential::CredentialVerifier::with_status_cache), and each list is
//! fetched once per `ttl` (Bitstring Status List v1.0 §2.2; five minutes when the list states
//! none), and once per verification at most in any case. Put it behind a
//! [`SharedStatusResolver`](super::SharedStatusResolver) as its
//! [fallback](super::SharedStatusResolver::with_fallback) to serve some lists from memory and
//! fetch the others.
//!
//! ```no_run
//! use govblocks_identity::status_list::HttpStatusResolver;
//! # use govblocks_identity::credential::CredentialVerifier;
//! # fn office(verifier: govblocks_core::proof::Verifier) -> CredentialVerifier {
//! CredentialVerifier::new(verifier)
//!     .with_status_resolver(HttpStatusResolver::new())
//!     .with_status_cache(time::Duration::hours(1))
//! # }
//! ```

use crate::error::{Error, Result};
use std::time::Duration;

/// The largest list credential downloaded by default: 2 MiB.
pub const DEFAULT_MAX_DOWNLOAD: u64 = 2 << 20;

/// The time the whole exchange may take by default: 10 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The time opening the connection may take by default: 5 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The most redirects followed.
pub const MAX_REDIRECTS: u32 = 3;

/// The media types asked for: a VC 2.0 credential secured with Data Integrity.
const ACCEPT: &str = "application/vc+ld+json, application/vc, application/ld+json;q=0.9, \
                      application/json;q=0.8";

/// Fetches the list credential at a status entry's `statusListCredential` URL (see the
/// [module documentation](self) for its bounds).
#[derive(Debug, Clone)]
pub struct HttpStatusResolver {
    agent: ureq::Agent,
    max_bytes: u64,
    timeout: Duration,
    connect_timeout: Duration,
    https_only: bool,
    proxy_from_env: bool,
}

impl Default for HttpStatusResolver {
    fn default() -> Self {
        HttpStatusResolver::new()
    }
}

impl HttpStatusResolver {
    /// A fetcher with the default bounds: HTTPS only, [`DEFAULT_MAX_DOWNLOAD`] bytes,
    /// [`DEFAULT_TIMEOUT`], the proxy of the environment (`HTTPS_PROXY`, …) if any.
    pub fn new() -> Self {
        HttpStatusResolver {
            agent: ureq::Agent::new_with_defaults(),
            max_bytes: DEFAULT_MAX_DOWNLOAD,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            https_only: true,
            proxy_from_env: true,
        }
        .rebuilt()
    }

    /// Downloads at most `max_bytes` bytes of a list credential.
    pub fn with_max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// Gives the whole exchange at most `timeout`, and opening the connection at most the
    /// shorter of `timeout` and [`DEFAULT_CONNECT_TIMEOUT`].
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self.connect_timeout = timeout.min(DEFAULT_CONNECT_TIMEOUT);
        self.rebuilt()
    }

    /// Accepts `http://` URLs too (an internal mirror, a test server): a list credential is
    /// signed, so a plain-HTTP copy cannot be altered unseen, but its fetch can be observed and
    /// withheld.
    pub fn allow_plain_http(mut self) -> Self {
        self.https_only = false;
        self.rebuilt()
    }

    /// Connects directly, ignoring the proxy the environment names.
    pub fn without_proxy(mut self) -> Self {
        self.proxy_from_env = false;
        self.rebuilt()
    }

    /// The agent for the current settings.
    fn rebuilt(mut self) -> Self {
        let builder = ureq::Agent::config_builder()
            .https_only(self.https_only)
            .timeout_global(Some(self.timeout))
            .timeout_connect(Some(self.connect_timeout))
            .max_redirects(MAX_REDIRECTS)
            .http_status_as_error(true)
            .save_redirect_history(false);
        let builder = if self.proxy_from_env {
            builder
        } else {
            builder.proxy(None)
        };
        self.agent = builder.build().into();
        self
    }
}

impl super::StatusResolver for HttpStatusResolver {
    fn resolve(&self, url: &str) -> Result<Vec<u8>> {
        let unavailable = |reason: String| Error::StatusUnavailable {
            list: url.to_owned(),
            reason,
        };
        let response = self
            .agent
            .get(url)
            .header("Accept", ACCEPT)
            .call()
            .map_err(|e| unavailable(describe(&e, self.max_bytes)))?;
        response
            .into_body()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|e| unavailable(describe(&e, self.max_bytes)))
    }
}

/// What went wrong, for the error message.
fn describe(error: &ureq::Error, max_bytes: u64) -> String {
    match error {
        ureq::Error::StatusCode(status) => format!("the server answered HTTP {status}"),
        ureq::Error::BodyExceedsLimit(_) => {
            format!("the list credential is larger than the {max_bytes} bytes allowed")
        }
        ureq::Error::Timeout(_) => format!("the download timed out ({error})"),
        ureq::Error::RequireHttpsOnly(_) => {
            "only https URLs are fetched (HttpStatusResolver::allow_plain_http)".into()
        }
        other => format!("the download failed: {other}"),
    }
}
