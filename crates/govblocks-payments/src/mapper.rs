//! The account mapper: from an alias (a national-ID token, a functional id) to the account a
//! payment is sent to, with its payment modality — the GovStack Payments BB's "ID Mapper"
//! (`api/AccountMapper.yaml`: `registerBeneficiaries`, `updateBeneficiaryDetails`; a second
//! registration fails with "Beneficiary already registered").
//!
//! [`AccountMapper`] is the trait a deployment implements over its own mapper (a database, a
//! remote service); [`MemoryAccountMapper`] keeps the mapping in memory, for tests and small
//! programmes. Every call is atomic: a registration either adds the alias or refuses it, even
//! when two threads register one alias at once.
//!
//! A [`MappedAccount`] is made only with a modality that can pay its account
//! ([`PaymentModality::can_pay`]): `payments.modality_mismatch` otherwise.

use crate::account::{Account, Alias, PaymentModality};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::RwLock;

/// An account with the modality that pays it.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "MappedWire", into = "MappedWire")]
pub struct MappedAccount {
    modality: PaymentModality,
    account: Account,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MappedWire {
    account: Account,
    payment_modality: PaymentModality,
}

impl TryFrom<MappedWire> for MappedAccount {
    type Error = Error;
    fn try_from(w: MappedWire) -> Result<MappedAccount> {
        MappedAccount::new(w.payment_modality, w.account)
    }
}

impl From<MappedAccount> for MappedWire {
    fn from(m: MappedAccount) -> MappedWire {
        MappedWire {
            account: m.account,
            payment_modality: m.modality,
        }
    }
}

impl MappedAccount {
    /// `account`, paid by `modality`: `payments.modality_mismatch` when the modality cannot pay
    /// that kind of account.
    pub fn new(modality: PaymentModality, account: Account) -> Result<MappedAccount> {
        if !modality.can_pay(&account) {
            return Err(Error::ModalityMismatch {
                modality: modality.as_str(),
                account: account.kind(),
            });
        }
        Ok(MappedAccount { modality, account })
    }

    /// The modality.
    pub fn modality(&self) -> PaymentModality {
        self.modality
    }

    /// The account.
    pub fn account(&self) -> &Account {
        &self.account
    }
}

/// Resolves aliases to accounts, and keeps the mapping (see the [module](self) documentation).
pub trait AccountMapper: Send + Sync {
    /// The account registered for `alias`: `payments.alias_unknown` when there is none.
    fn resolve(&self, alias: &Alias) -> Result<MappedAccount>;

    /// Registers `alias`: `payments.alias_registered` when it is registered already (nothing
    /// changes then).
    fn register(&self, alias: Alias, account: MappedAccount) -> Result<()>;

    /// Replaces the account of a registered alias: `payments.alias_unknown` when it is not.
    /// Returns the account it had.
    fn update(&self, alias: &Alias, account: MappedAccount) -> Result<MappedAccount>;

    /// Removes an alias: `payments.alias_unknown` when it is not registered. Returns the account
    /// it had.
    fn deregister(&self, alias: &Alias) -> Result<MappedAccount>;
}

/// An [`AccountMapper`] in memory.
#[derive(Debug, Default)]
pub struct MemoryAccountMapper {
    map: RwLock<HashMap<Alias, MappedAccount>>,
}

fn poisoned<T>(_: T) -> Error {
    Error::MapperFailed {
        reason: "a thread panicked while holding the mapper's lock".to_owned(),
    }
}

fn unknown(alias: &Alias) -> Error {
    Error::AliasUnknown {
        alias: alias.as_str().to_owned(),
        end_to_end_id: None,
    }
}

impl MemoryAccountMapper {
    /// An empty mapper.
    pub fn new() -> MemoryAccountMapper {
        MemoryAccountMapper::default()
    }

    /// How many aliases are registered.
    pub fn len(&self) -> usize {
        self.map.read().map_or(0, |m| m.len())
    }

    /// Whether no alias is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl AccountMapper for MemoryAccountMapper {
    fn resolve(&self, alias: &Alias) -> Result<MappedAccount> {
        let map = self.map.read().map_err(poisoned)?;
        map.get(alias).cloned().ok_or_else(|| unknown(alias))
    }

    fn register(&self, alias: Alias, account: MappedAccount) -> Result<()> {
        let mut map = self.map.write().map_err(poisoned)?;
        match map.entry(alias) {
            std::collections::hash_map::Entry::Occupied(e) => Err(Error::AliasRegistered {
                alias: e.key().as_str().to_owned(),
            }),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(account);
                Ok(())
            }
        }
    }

    fn update(&self, alias: &Alias, account: MappedAccount) -> Result<MappedAccount> {
        let mut map = self.map.write().map_err(poisoned)?;
        match map.get_mut(alias) {
            Some(old) => Ok(std::mem::replace(old, account)),
            None => Err(unknown(alias)),
        }
    }

    fn deregister(&self, alias: &Alias) -> Result<MappedAccount> {
        let mut map = self.map.write().map_err(poisoned)?;
        map.remove(alias).ok_or_else(|| unknown(alias))
    }
}
