//! Properties of a batch's life: on any sequence of events, [`BatchLife`] accepts exactly what
//! a reference reading of the rules (written here, independently) accepts, refuses the rest
//! with the rule's code, and a refused event changes nothing (the events after it are judged
//! as if it had never come).

use govblocks_core::digest::ContentDigest;
use govblocks_payments::approval::SignerRole;
use govblocks_payments::lifecycle::{BatchLife, Event, StatusReason};
use proptest::prelude::*;
use std::collections::HashMap;

const IDS: [&str; 3] = ["A", "B", "C"];

/// Events over a small alphabet: the transfers A, B, C of the batch and D, which it lacks.
fn event() -> impl Strategy<Value = Event> {
    let transfer = proptest::sample::select(vec!["A", "B", "C", "D"]);
    prop_oneof![
        Just(Event::Received {
            batch_digest: ContentDigest::of_bytes(b"batch")
        }),
        Just(Event::Verified {
            transactions: 3,
            control_sum: "3".into(),
            totals: Default::default(),
            end_to_end_ids: IDS.iter().map(|s| (*s).to_owned()).collect(),
            blocks: vec![],
        }),
        Just(SignerRole::Maker).prop_map(approved),
        Just(SignerRole::Checker).prop_map(approved),
        Just(Event::Released),
        transfer.clone().prop_map(|id| Event::Settled {
            end_to_end_id: id.to_owned()
        }),
        (
            transfer,
            proptest::sample::select(vec!["AC04", "AM04", "MD07"])
        )
            .prop_map(|(id, reason)| Event::Rejected {
                end_to_end_id: id.to_owned(),
                reason: StatusReason::parse(reason).unwrap(),
            }),
    ]
}

fn approved(role: SignerRole) -> Event {
    Event::Approved {
        signer: "did:key:z6Mk".into(),
        role,
        person: "p".into(),
        signed_at: None,
    }
}

/// The rules, read again: the stage (0 new, 1 received, 2 verified, 3 approved, 4 released),
/// the checkers counted, each transfer's outcome.
#[derive(Default)]
struct Reference {
    stage: u8,
    checkers: u32,
    outcomes: HashMap<String, bool>,
}

impl Reference {
    /// `Ok` and the new state, or the code of the refusal (the state unchanged).
    fn apply(&mut self, event: &Event) -> Result<(), &'static str> {
        const ORDER: &str = "payments.event_out_of_order";
        match event {
            Event::Received { .. } if self.stage == 0 => self.stage = 1,
            Event::Verified { .. } if self.stage == 1 => self.stage = 2,
            Event::Approved {
                role: SignerRole::Maker,
                ..
            } if self.stage == 2 => self.stage = 3,
            Event::Approved {
                role: SignerRole::Checker,
                ..
            } if self.stage == 3 => self.checkers += 1,
            Event::Released if self.stage == 3 && self.checkers > 0 => self.stage = 4,
            Event::Settled { end_to_end_id } | Event::Rejected { end_to_end_id, .. }
                if self.stage == 4 =>
            {
                if !IDS.contains(&end_to_end_id.as_str()) {
                    return Err("payments.transfer_not_in_batch");
                }
                if self.outcomes.contains_key(end_to_end_id) {
                    return Err("payments.outcome_repeated");
                }
                self.outcomes.insert(
                    end_to_end_id.clone(),
                    matches!(event, Event::Settled { .. }),
                );
            }
            _ => return Err(ORDER),
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_life_accepts_exactly_what_the_rules_allow(
        events in proptest::collection::vec(event(), 0..24),
    ) {
        let at = "2026-12-06T10:00:00Z".parse().unwrap();
        let mut life = BatchLife::new("M");
        let mut reference = Reference::default();
        for event in &events {
            let expected = reference.apply(event);
            let got = life.apply("M", at, event).map_err(|e| e.code());
            prop_assert_eq!(got, expected, "{:?} after {:?}", event, events);
        }
        let settled = reference.outcomes.values().filter(|s| **s).count() as u64;
        prop_assert_eq!(life.settled(), settled);
        prop_assert_eq!(life.rejected(), reference.outcomes.len() as u64 - settled);
    }
}
