//! Money and account parsing, each next to its baseline in the same group (issue 15).
//!
//! * `payments_amount`: [`Money::parse`] of a two-decimal amount (`parse_usd`), the same with the
//!   currency looked up by code first (`parse_in`, what reading `{"amount","currency"}` costs),
//!   and both string forms written back (`fixed`, `minimal`), next to `baseline/u64_parse`:
//!   `str::parse::<u64>` of the same digits without the point, the least reading a number costs.
//! * `payments_iban`: [`Iban::parse`] of an electronic and a print-format IBAN next to
//!   `baseline/iban_validate`: the `iban_validate` crate's own parse of the electronic form.
//!
//! `cargo bench -p govblocks-payments --bench money -- --warm-up-time 1 --measurement-time 3`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use govblocks_payments::account::Iban;
use govblocks_payments::currency::Currency;
use govblocks_payments::money::Money;
use std::hint::black_box;

fn amount(c: &mut Criterion) {
    let usd = Currency::parse("USD").unwrap();
    let parsed = Money::parse(usd, "1234567.89").unwrap();
    let mut group = c.benchmark_group("payments_amount");
    group.bench_function("parse_usd", |b| {
        b.iter(|| Money::parse(usd, black_box("1234567.89")).unwrap())
    });
    group.bench_function("parse_in", |b| {
        b.iter(|| Money::parse_in(black_box("USD"), black_box("1234567.89")).unwrap())
    });
    group.bench_function("fixed", |b| b.iter(|| black_box(parsed).fixed()));
    group.bench_function("minimal", |b| b.iter(|| black_box(parsed).minimal()));
    group.bench_function("baseline/u64_parse", |b| {
        b.iter(|| black_box("123456789").parse::<u64>().unwrap())
    });
    group.finish();
}

fn iban(c: &mut Criterion) {
    let mut group = c.benchmark_group("payments_iban");
    group.bench_function("parse_electronic", |b| {
        b.iter(|| Iban::parse(black_box("DE89370400440532013000")).unwrap())
    });
    group.bench_function("parse_print_lower", |b| {
        b.iter(|| Iban::parse(black_box("de89 3704 0044 0532 0130 00")).unwrap())
    });
    group.bench_function("baseline/iban_validate", |b| {
        b.iter(|| {
            black_box("DE89370400440532013000")
                .parse::<iban::Iban>()
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, amount, iban);
criterion_main!(benches);
