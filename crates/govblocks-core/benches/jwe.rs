//! JWE (ECDH-ES + X25519 + A256GCM): the raw X25519 agreement (`x25519-dalek`'s
//! `diffie_hellman`, the floor of every encryption and decryption), then `jwe::encrypt` and
//! `jwe::decrypt` (parse + agreement + Concat KDF + AES-256-GCM) of a 1 KiB and a 64 KiB
//! payload.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use govblocks_core::jwe::{self, JweOptions};
use govblocks_core::keys::X25519SecretKey;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let recipient = X25519SecretKey::from_bytes(&[0x42; 32]);
    let public = recipient.public_key();

    let mut group = c.benchmark_group("jwe");
    let secret = x25519_dalek::StaticSecret::from([0x24; 32]);
    let peer = x25519_dalek::PublicKey::from(public.to_bytes());
    group.bench_function("x25519_agreement", |b| {
        b.iter(|| black_box(secret.diffie_hellman(black_box(&peer))))
    });

    for (name, len) in [("1KiB", 1024usize), ("64KiB", 64 * 1024)] {
        let plaintext: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_function(format!("encrypt_{name}"), |b| {
            b.iter(|| jwe::encrypt(black_box(&plaintext), &public, &JweOptions::new()).unwrap())
        });
        let compact = jwe::encrypt(&plaintext, &public, &JweOptions::new())
            .unwrap()
            .to_compact();
        group.bench_function(format!("decrypt_{name}"), |b| {
            b.iter(|| jwe::decrypt(black_box(&compact), &recipient).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
