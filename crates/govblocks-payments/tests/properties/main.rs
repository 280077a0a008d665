//! Property tests of money: sums are exact and independent of order, both string forms round
//! trip, parsing agrees with a reference reading in `u128`, and arbitrary strings never
//! panic and are refused with a `payments.*` code; the schema's amount pattern agrees with the
//! parser. Batches (`batch.rs`): any changed figure or id in a signed batch fails with a
//! specific code, and control sums are exact in any currencies. A batch's life (`lifecycle.rs`):
//! the order rules accept exactly what an independent reading of them accepts. pain.001
//! (`pain001.rs`): exports are XSD-valid, round trip, and broken files are refused where they
//! break.
//! The GovStack and G2P Connect shapes (`formats.rs`): batch → shape → batch is the identity on
//! what they carry.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod batch;
mod formats;
mod lifecycle;
mod pain001;

use govblocks_payments::currency::Currency;
use govblocks_payments::money::Money;
use proptest::prelude::*;

fn currency() -> impl Strategy<Value = Currency> {
    let all: Vec<Currency> = Currency::all().collect();
    proptest::sample::select(all)
}

/// Amounts of up to 15 significant digits (so that a few thousand of them never overflow).
fn amounts(currency: Currency) -> impl Strategy<Value = Vec<Money>> {
    proptest::collection::vec(0u64..1_000_000_000_000_000, 0..200).prop_map(move |v| {
        v.into_iter()
            .map(|m| Money::from_minor_units(currency, m).unwrap())
            .collect()
    })
}

/// A decimal string of `minor` minor units with `unit` decimals, written independently of
/// the crate (with the exact `u128` arithmetic), in the minimal form.
fn reference(minor: u128, unit: u32) -> String {
    let scale = 10u128.pow(unit);
    let (int, frac) = (minor / scale, minor % scale);
    if frac == 0 {
        return int.to_string();
    }
    let frac = format!("{frac:0width$}", width = unit as usize);
    format!("{int}.{}", frac.trim_end_matches('0'))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sums_are_exact_and_independent_of_order(
        (c, v) in currency().prop_flat_map(|c| (Just(c), amounts(c))),
        seed in any::<u64>(),
    ) {
        let exact: u128 = v.iter().map(|m| u128::from(m.minor_units())).sum();
        let total = Money::sum(c, v.iter().copied()).unwrap();
        prop_assert_eq!(u128::from(total.minor_units()), exact);
        // Reversed, rotated, shuffled: the same total; and pairwise adding agrees.
        let mut shuffled = v.clone();
        shuffled.reverse();
        if !shuffled.is_empty() {
            let k = (seed as usize) % shuffled.len();
            shuffled.rotate_left(k);
            let mut s = seed;
            for i in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
        }
        prop_assert_eq!(Money::sum(c, shuffled.iter().copied()).unwrap(), total);
        let folded = shuffled
            .iter()
            .try_fold(Money::zero(c), |acc, m| acc.checked_add(*m))
            .unwrap();
        prop_assert_eq!(folded, total);
        // The written total reads back as the decimal sum of the written terms.
        prop_assert_eq!(total.minimal(), reference(exact, u32::from(c.minor_unit())));
    }

    #[test]
    fn both_forms_round_trip_and_agree_with_a_reference(
        c in currency(),
        minor in 0u64..1_000_000_000_000_000_000,
    ) {
        let m = Money::from_minor_units(c, minor).unwrap();
        let unit = u32::from(c.minor_unit());
        prop_assert_eq!(m.minimal(), reference(u128::from(minor), unit));
        prop_assert_eq!(Money::parse(c, &m.fixed()).unwrap(), m);
        prop_assert_eq!(Money::parse(c, &m.minimal()).unwrap(), m);
        let fixed = m.fixed();
        let decimals = fixed.split_once('.').map_or(0, |(_, f)| f.len());
        prop_assert_eq!(decimals, c.minor_unit() as usize);
    }

    #[test]
    fn overflow_is_an_error_never_a_wrap(
        c in currency(),
        a in 0u64..1_000_000_000_000_000_000,
        b in 0u64..1_000_000_000_000_000_000,
    ) {
        let (x, y) = (Money::from_minor_units(c, a).unwrap(), Money::from_minor_units(c, b).unwrap());
        match x.checked_add(y) {
            Ok(s) => prop_assert_eq!(u128::from(s.minor_units()), u128::from(a) + u128::from(b)),
            Err(e) => {
                prop_assert!(u128::from(a) + u128::from(b) >= 1_000_000_000_000_000_000);
                prop_assert_eq!(e.code(), "payments.amount_overflow");
            }
        }
        match x.checked_sub(y) {
            Ok(d) => prop_assert_eq!(d.minor_units(), a - b),
            Err(e) => {
                prop_assert!(a < b);
                prop_assert_eq!(e.code(), "payments.amount_overflow");
            }
        }
    }

    #[test]
    fn any_string_is_parsed_or_refused_with_a_code(c in currency(), s in "[-+0-9.eE ,]{0,24}|\\PC{0,12}") {
        match Money::parse(c, &s) {
            Ok(m) => {
                // Accepted: plain digits and at most one point, read exactly.
                prop_assert!(s.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
                let digits: String = s.chars().filter(char::is_ascii_digit).collect();
                let decimals = s.split_once('.').map_or(0, |(_, f)| f.len());
                let value: u128 = digits.parse().unwrap();
                let scaled = value * 10u128.pow(u32::from(c.minor_unit()) - decimals as u32);
                prop_assert_eq!(u128::from(m.minor_units()), scaled);
            }
            Err(e) => prop_assert!(e.code().starts_with("payments.amount_"), "{}", e.code()),
        }
    }

    /// The schema's `amount` pattern and the parser agree: what the parser accepts in any
    /// currency the schema accepts; what the schema refuses the parser refuses in every
    /// currency (the parser refuses more: decimals beyond the minor unit, 18 digits in minor
    /// units).
    #[test]
    fn the_amount_schema_and_the_parser_agree(s in "[-+0-9.eE]{0,22}") {
        let schema_ok = govblocks_payments::schemas::registry()
            .validate(
                govblocks_payments::schemas::ids::MONEY,
                &serde_json::json!({"amount": s, "currency": "CLF"}),
            )
            .is_ok();
        for c in Currency::all() {
            if Money::parse(c, &s).is_ok() {
                prop_assert!(schema_ok, "{} {:?} parsed, the schema refuses it", c, s);
            }
        }
    }
}

proptest! {
    /// Mojaloop's Amount pattern (API Definition v1.1, Listing 23), read by an independent
    /// regex engine, and `mojaloop::is_mojaloop_amount` agree on any amount-like text; what
    /// `mojaloop::parse_amount` accepts in any currency matches the pattern and is the minimal
    /// form of its value.
    #[test]
    fn the_mojaloop_amount_pattern_and_the_reader_agree(s in "[-+0-9.eE]{0,24}") {
        use govblocks_payments::mojaloop::{is_mojaloop_amount, parse_amount, AMOUNT_PATTERN};
        let pattern = regex::Regex::new(AMOUNT_PATTERN).unwrap();
        prop_assert_eq!(pattern.is_match(&s), is_mojaloop_amount(&s), "{:?}", s);
        for c in Currency::all() {
            if let Ok(m) = parse_amount(c, &s) {
                prop_assert!(pattern.is_match(&s), "{} {:?}", c, s);
                prop_assert_eq!(m.minimal(), s.clone());
            }
        }
    }
}
