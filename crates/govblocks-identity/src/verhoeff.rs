//! The Verhoeff check digit (J. Verhoeff, *Error Detecting Decimal Codes*, Mathematical Centre
//! Tract 29, Amsterdam, 1969), as MOSIP UINs and Aadhaar numbers use it for their last digit.
//!
//! The scheme works in the dihedral group D5 (the symmetries of a regular pentagon, ten
//! elements numbered 0–9): [`D`] is the group's multiplication table, [`P`] applies the
//! permutation `(1 5 8 9 4 2 7 0)(3 6)` once per position (it repeats every eight positions),
//! and [`INV`] gives each element's inverse. Reading the number right to left, the running
//! value is `c = d(c, p(i mod 8, digit))`; a number is valid when the result is 0. Unlike a
//! weighted sum modulo 10 (Luhn), it detects **every** single-digit substitution and **every**
//! transposition of two adjacent digits (`tests/api/foundational_id.rs` and the property tests
//! below check both).
//!
//! ```
//! use govblocks_identity::verhoeff;
//! assert_eq!(verhoeff::check_digit("236"), Some(3));
//! assert!(verhoeff::is_valid("2363"));
//! assert!(!verhoeff::is_valid("2336")); // adjacent transposition
//! assert_eq!(verhoeff::with_check_digit("12345").as_deref(), Some("123451"));
//! assert_eq!(verhoeff::check_digit("12a"), None); // not digits
//! ```
//!
//! Only the ASCII digits `0`–`9` count as digits: other Unicode decimal digits (`٣`, `३`), signs,
//! spaces and separators make the input invalid rather than being skipped or folded.
//!
//! ## Why not a crate
//!
//! The one crate for it (`verhoeff` 1.0.0) computes the same tables, but its check-digit
//! function panics on a non-digit, and this module must not panic on any input (it runs on
//! documents from anywhere). The algorithm is three constant tables and a loop; written here,
//! every table access goes through `get`, so no input can index out of bounds, and the lints
//! below hold the module to that.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

/// `d(j, k)`: multiplication in the dihedral group D5 (its Cayley table).
pub const D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/// `p(i, n)`: the permutation `(1 5 8 9 4 2 7 0)(3 6)` applied `i` times (`i` = the digit's
/// position from the right, modulo 8).
pub const P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/// `inv(j)`: the inverse of `j` in D5, `d(j, inv(j)) = 0`.
pub const INV: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// Runs the scheme over `number` right to left, the rightmost digit at position `shift`.
/// `None` when `number` is empty or holds anything but ASCII digits.
fn fold(number: &str, shift: usize) -> Option<u8> {
    if number.is_empty() {
        return None;
    }
    let mut c: u8 = 0;
    for (i, byte) in number.bytes().rev().enumerate() {
        if !byte.is_ascii_digit() {
            return None;
        }
        let digit = usize::from(byte.wrapping_sub(b'0'));
        let permuted = *P.get((i % 8 + shift) % 8)?.get(digit)?;
        c = *D.get(usize::from(c))?.get(usize::from(permuted))?;
    }
    Some(c)
}

/// The check digit (0–9) to append to `digits`; `None` when `digits` is empty or holds
/// anything but ASCII digits.
pub fn check_digit(digits: &str) -> Option<u8> {
    let c = fold(digits, 1)?;
    INV.get(usize::from(c)).copied()
}

/// `digits` followed by its check digit; `None` when [`check_digit`] is.
pub fn with_check_digit(digits: &str) -> Option<String> {
    let check = check_digit(digits)?;
    let mut out = String::with_capacity(digits.len() + 1);
    out.push_str(digits);
    out.push(char::from(b'0'.wrapping_add(check)));
    Some(out)
}

/// Whether `number` is at least two ASCII digits whose last is the Verhoeff check digit of the
/// others. Never panics: empty input, a lone digit (a check digit of nothing) and anything
/// with a non-digit are `false`.
pub fn is_valid(number: &str) -> bool {
    number.len() >= 2 && fold(number, 0) == Some(0)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The tables are what the scheme says, rebuilt from their definitions: `d` is D5 with
    /// 0–4 the rotations `r^j` and 5–9 the reflections `s r^(j-5)`, `inv` its inverses, and
    /// `p` row `i` the permutation `(1 5 8 9 4 2 7 0)(3 6)` applied `i` times.
    #[test]
    fn tables_match_their_definitions() {
        let d5 = |j: u8, k: u8| match (j < 5, k < 5) {
            (true, true) => (j + k) % 5,
            (true, false) => 5 + (k - 5 + j) % 5,
            (false, true) => 5 + (j - 5 + 5 - k) % 5,
            (false, false) => (j + 5 - k) % 5,
        };
        for j in 0..10u8 {
            for k in 0..10u8 {
                assert_eq!(D[usize::from(j)][usize::from(k)], d5(j, k), "d({j}, {k})");
            }
            assert_eq!(d5(j, INV[usize::from(j)]), 0, "inv({j})");
        }
        let cycle = |n: u8| [1, 5, 7, 6, 2, 8, 3, 0, 9, 4][usize::from(n)];
        for (i, row) in P.iter().enumerate() {
            for n in 0..10u8 {
                let mut m = n;
                for _ in 0..i {
                    m = cycle(m);
                }
                assert_eq!(row[usize::from(n)], m, "p({i}, {n})");
            }
        }
    }

    /// Published examples. Each was also recomputed by an independent implementation that
    /// builds D5 from its definition (as the test above does) before it was written here.
    #[test]
    fn published_examples() {
        let vectors: &[(&str, u8, &str)] = &[
            // Wikipedia, "Verhoeff algorithm", the worked example (check digit of 236), also
            // the first Rosetta Code task input.
            ("236", 3, "Wikipedia; Rosetta Code"),
            // Rosetta Code, "Verhoeff algorithm" task: check digits of 236, 12345 and
            // 123456789012 are 3, 1 and 0 (e.g. the J solution's output `3 1 0`).
            ("12345", 1, "Rosetta Code"),
            ("123456789012", 0, "Rosetta Code"),
            // Wikipedia's earlier worked example validates 1428570; the same vector is in the
            // test list of Code Review Stack Exchange question 221229 ("Verhoeff check digit
            // algorithm"), copied into many implementations' tests.
            (
                "142857",
                0,
                "Wikipedia (older revision); Code Review SE 221229",
            ),
            // Code Review Stack Exchange question 221229: 75872 -> 2 and the 22-digit
            // 8473643095483728456789 -> 2 (the permutation index wraps modulo 8 there).
            ("75872", 2, "Code Review SE 221229"),
            ("8473643095483728456789", 2, "Code Review SE 221229"),
            // Perl Algorithm::CheckDigits, module MXX_006 (Verhoeff), synopsis:
            // complete('1456789') is '14567894'.
            ("1456789", 4, "Algorithm::CheckDigits MXX_006"),
            // The cdigit JavaScript package's Verhoeff test list (leading zeros kept).
            ("7728635820", 7, "cdigit tests"),
            ("04931803", 7, "cdigit tests"),
        ];
        for &(digits, check, source) in vectors {
            assert_eq!(check_digit(digits), Some(check), "{digits} ({source})");
            let number = with_check_digit(digits).unwrap();
            assert!(is_valid(&number), "{number} ({source})");
            let wrong = (check + 1) % 10;
            assert!(
                !is_valid(&format!("{digits}{wrong}")),
                "{digits}{wrong} ({source})"
            );
        }
        // Rosetta Code: the same numbers with 9 as check digit are invalid.
        for number in ["2369", "123459", "1234567890129"] {
            assert!(!is_valid(number), "{number}");
        }
    }

    #[test]
    fn rejects_what_is_not_digits() {
        for input in [
            "",
            "a",
            "12a",
            "1 2",
            "-12",
            "+12",
            "1.2",
            "١٢٣",
            "१२३",
            "１２３",
            "\u{0}",
        ] {
            assert_eq!(check_digit(input), None, "{input:?}");
            assert!(!is_valid(input), "{input:?}");
        }
        assert!(
            !is_valid("0"),
            "a lone digit is not a number with a check digit"
        );
    }

    proptest! {
        #[test]
        fn never_panics(input in ".*") {
            let _ = check_digit(&input);
            let _ = is_valid(&input);
        }

        #[test]
        fn appended_check_digit_is_valid(payload in "[0-9]{1,40}") {
            let number = with_check_digit(&payload).unwrap();
            prop_assert!(is_valid(&number));
        }

        /// Every single-digit substitution and every transposition of two adjacent, different
        /// digits of a valid number makes it invalid — at every position, the check digit's
        /// included.
        #[test]
        fn detects_substitutions_and_adjacent_transpositions(payload in "[0-9]{1,40}") {
            let number = with_check_digit(&payload).unwrap();
            let bytes = number.as_bytes();
            for position in 0..bytes.len() {
                for digit in b'0'..=b'9' {
                    if digit == bytes[position] {
                        continue;
                    }
                    let mut changed = bytes.to_vec();
                    changed[position] = digit;
                    let changed = String::from_utf8(changed).unwrap();
                    prop_assert!(!is_valid(&changed), "{number} -> {changed}");
                }
            }
            for position in 0..bytes.len() - 1 {
                if bytes[position] == bytes[position + 1] {
                    continue;
                }
                let mut swapped = bytes.to_vec();
                swapped.swap(position, position + 1);
                let swapped = String::from_utf8(swapped).unwrap();
                prop_assert!(!is_valid(&swapped), "{number} -> {swapped}");
            }
        }
    }
}
