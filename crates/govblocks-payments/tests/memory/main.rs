//! The memory target of issue 18: importing a pain.001 file of 100,000 transfers takes at most
//! 3× the file's size in heap.
//!
//! This test binary counts every byte the heap hands out ([`peak_alloc::PeakAlloc`] as its
//! global allocator, so the count is exact and does not depend on the build: the figure of a
//! debug build is the figure of a release one). `pain001_import_peak_heap` (ignored: it builds
//! and exports the batch first, about half a minute in a debug build) writes the file as the
//! `pain001` benchmark does, then imports it: the import's peak heap — the high-water mark of
//! the bytes allocated while it runs, above what was held before (the file itself), the batch
//! it returns included — divided by the file's size must be at most 3. It prints the figures:
//!
//! ```sh
//! cargo test -p govblocks-payments --test memory -- --ignored --nocapture
//! ```
//!
//! `GOVBLOCKS_PAIN001_TRANSFERS` (default 100,000) changes the size.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_payments::iso20022::pain001::{export, import, Version};
use peak_alloc::PeakAlloc;

mod payroll;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

#[test]
#[ignore = "builds a 40 MB file first (about half a minute in a debug build): the memory run"]
fn pain001_import_peak_heap() {
    let n = std::env::var("GOVBLOCKS_PAIN001_TRANSFERS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let (xml, expected_transfers) = {
        let batch = payroll::batch(n);
        (
            export(&batch, Version::V09).unwrap(),
            batch
                .payment_information
                .iter()
                .map(|b| b.credit_transfers.len())
                .sum::<usize>(),
        )
    };
    // Only the file is held now: the import's figures are measured from here.
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let imported = import(&xml).unwrap();
    let peak = HEAP.peak_usage() - before;
    let kept = HEAP.current_usage() - before;
    let transfers: usize = imported
        .payment_information
        .iter()
        .map(|b| b.credit_transfers.len())
        .sum();
    assert_eq!(transfers, expected_transfers);
    drop(imported);
    let size = xml.len();
    let ratio = peak as f64 / size as f64;
    println!(
        "pain.001 import of {transfers} transfers: file {size} bytes; peak heap of the import \
         {peak} bytes = {ratio:.2}x the file (the batch it returns: {kept} bytes = {:.2}x; \
         with the file itself: {:.2}x)",
        kept as f64 / size as f64,
        (peak + size) as f64 / size as f64,
    );
    assert!(
        ratio <= 3.0,
        "the import's peak heap is {ratio:.2}x the file's size, more than 3x"
    );
}
