//! Access control: which client may call which service with which action — X-Road's access
//! rights, as a small allow-list.
//!
//! The [verifier](crate::verify::EnvelopeVerifier) checks it after the signature and the
//! sender (so a client is who it says) and before the payload is released: a request whose
//! `(client, service, action)` no rule allows is `exchange.access_denied`. A response carries
//! the request's client, service and action, so a client that sets an access list checks its
//! responses by the same rules. Client and service ids in the file are read as X-Road reads
//! them ([`ClientId::parse`], [`ServiceId::parse`]) and compared by their parts; actions are
//! compared as text, exactly; the action `*` in a rule allows every action.
//!
//! On disk (`schemas/exchange/v1/access-list.json`):
//!
//! ```json
//! [{"client": "EE/GOV/70000001/social",
//!   "service": "EE/GOV/70000002/population/residence/v1",
//!   "actions": ["getResidence"]}]
//! ```

use crate::error::{quote, Error, Result};
use crate::schemas::{ids, registry};
use crate::xroad::id::{ClientId, ServiceId};
use serde::Deserialize;

/// The action of a rule that allows every action.
pub const ANY_ACTION: &str = "*";

/// One rule: `client` may call `service` with these actions.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    client: ClientId,
    service: ServiceId,
    actions: Vec<String>,
}

/// The allow-list (see the [module documentation](self)). Empty, it allows nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessList {
    rules: Vec<Rule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleWire {
    client: String,
    service: String,
    actions: Vec<String>,
}

impl AccessList {
    /// An empty list: nothing is allowed.
    pub fn new() -> Self {
        Self::default()
    }

    /// The list, allowing `client` to call `service` with each of `actions` (`*`: any).
    pub fn allow(
        mut self,
        client: ClientId,
        service: ServiceId,
        actions: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        self.rules.push(Rule {
            client,
            service,
            actions: actions.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// Reads an access list: strict JSON, the schema `access-list.json`
    /// (`exchange.access_list_invalid` for anything else).
    pub fn from_json(bytes: &[u8]) -> Result<Self> {
        let invalid = |reason: String| Error::AccessListInvalid { reason };
        let value = govblocks_core::json::parse(bytes).map_err(|e| invalid(e.to_string()))?;
        registry()
            .validate(ids::ACCESS_LIST, &value)
            .map_err(|e| invalid(e.to_string()))?;
        let wire: Vec<RuleWire> =
            serde_json::from_value(value).map_err(|e| invalid(e.to_string()))?;
        let mut list = AccessList::new();
        for rule in wire {
            let client = ClientId::parse(&rule.client).map_err(|e| invalid(e.to_string()))?;
            let service = ServiceId::parse(&rule.service).map_err(|e| invalid(e.to_string()))?;
            list = list.allow(client, service, rule.actions);
        }
        Ok(list)
    }

    /// Whether `client` may call `service` with `action`.
    pub fn allows(&self, client: &ClientId, service: &ServiceId, action: &str) -> bool {
        self.rules.iter().any(|r| {
            &r.client == client
                && &r.service == service
                && r.actions.iter().any(|a| a == action || a == ANY_ACTION)
        })
    }

    /// [`AccessList::allows`], as a result (`exchange.access_denied`).
    pub fn check(&self, client: &ClientId, service: &ServiceId, action: &str) -> Result<()> {
        if self.allows(client, service, action) {
            Ok(())
        } else {
            Err(Error::AccessDenied {
                client: client.to_string(),
                service: service.to_string(),
                action: quote(action),
            })
        }
    }
}
