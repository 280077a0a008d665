//! Token Status List properties (draft-ietf-oauth-status-list-20): for random sizes, `bits` and
//! writes, a list reads back what was last written at each index and VALID elsewhere (against a
//! plain model), a write touches no other entry, and `lst` decodes to the same list.

use govblocks_identity::sd_jwt::status::TokenStatusList;
use govblocks_identity::status_list::DecodeLimits;
use proptest::prelude::*;

fn bits() -> impl Strategy<Value = u8> {
    prop_oneof![Just(1u8), Just(2), Just(4), Just(8)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn set_then_get(
        bits in bits(),
        entries in 0u64..600,
        writes in proptest::collection::vec((any::<u64>(), any::<u8>()), 0..64),
    ) {
        let mut list = TokenStatusList::new(entries, bits).unwrap();
        let len = list.len();
        // Whole bytes: at least `entries`, fewer than one byte's worth more.
        prop_assert!(len >= entries && len < entries + u64::from(8 / bits));
        let mut model = vec![0u8; usize::try_from(len).unwrap()];
        let max = u8::MAX >> (8 - bits);
        for (raw_idx, raw_value) in writes {
            // Mostly in range, sometimes past the end.
            let idx = if len == 0 { raw_idx % 8 } else { raw_idx % (len + 4) };
            let value = raw_value & max;
            let before = list.clone();
            match list.set(idx, value) {
                Ok(()) => {
                    prop_assert!(idx < len);
                    model[usize::try_from(idx).unwrap()] = value;
                }
                Err(e) => {
                    prop_assert!(idx >= len);
                    prop_assert_eq!(e.code(), "sdjwt.status_index_out_of_range");
                    prop_assert_eq!(&list, &before);
                }
            }
            // A value that does not fit is refused and changes nothing.
            if bits < 8 && idx < len {
                let before = list.clone();
                prop_assert!(list.set(idx, max + 1).is_err());
                prop_assert_eq!(&list, &before);
            }
        }
        for (i, expected) in model.iter().enumerate() {
            prop_assert_eq!(list.get(i as u64).unwrap(), *expected);
        }
        prop_assert!(list.get(len).is_err());
        let read = TokenStatusList::decode(&list.encode(), bits, &DecodeLimits::default()).unwrap();
        prop_assert_eq!(read, list);
    }
}
