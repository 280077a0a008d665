//! Parties and postal addresses: limits, countries, JSON.

use govblocks_payments::party::{Party, PartyIdentifier, PostalAddress};

#[test]
fn parties() {
    let id = PartyIdentifier::new("19850412-4471")
        .unwrap()
        .with_scheme("NIDN")
        .unwrap();
    let address = PostalAddress::new("KE")
        .unwrap()
        .with_town("Nairobi")
        .unwrap()
        .with_street("Moi Avenue")
        .unwrap()
        .with_building_number("12")
        .unwrap()
        .with_post_code("00100")
        .unwrap();
    let party = Party::new("Amina Wanjiru", id.clone())
        .unwrap()
        .with_address(address);
    assert_eq!(party.name(), "Amina Wanjiru");
    assert_eq!(party.identifier().scheme(), Some("NIDN"));
    assert_eq!(party.postal_address().unwrap().town(), Some("Nairobi"));
    let json = serde_json::to_string(&party).unwrap();
    assert_eq!(
        json,
        r#"{"name":"Amina Wanjiru","identifier":{"id":"19850412-4471","scheme":"NIDN"},"postalAddress":{"country":"KE","townName":"Nairobi","postCode":"00100","streetName":"Moi Avenue","buildingNumber":"12"}}"#
    );
    assert_eq!(serde_json::from_str::<Party>(&json).unwrap(), party);
    let plain = Party::new(
        "Ministry of Social Protection",
        PartyIdentifier::new("MSP").unwrap(),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&plain).unwrap(),
        r#"{"name":"Ministry of Social Protection","identifier":{"id":"MSP"}}"#
    );
}

#[test]
fn refused_parties() {
    let id = || PartyIdentifier::new("1").unwrap();
    let code = |r: Result<Party, govblocks_payments::Error>| r.unwrap_err().code();
    assert_eq!(code(Party::new("", id())), "payments.party_invalid");
    assert_eq!(code(Party::new("   ", id())), "payments.party_invalid");
    assert_eq!(code(Party::new("a\u{7}b", id())), "payments.party_invalid");
    assert_eq!(
        code(Party::new("x".repeat(141), id())),
        "payments.party_invalid"
    );
    assert!(Party::new("é".repeat(140), id()).is_ok()); // characters, not bytes
    assert_eq!(
        PartyIdentifier::new("").unwrap_err().code(),
        "payments.party_invalid"
    );
    assert_eq!(
        PartyIdentifier::new("1".repeat(36)).unwrap_err().code(),
        "payments.party_invalid"
    );
    for scheme in ["", "nidn", "NIDNX", "N1"] {
        assert_eq!(
            id().with_scheme(scheme).unwrap_err().code(),
            "payments.party_invalid",
            "{scheme:?}"
        );
    }
    for json in [
        r#"{"name":"","identifier":{"id":"1"}}"#,
        r#"{"name":"A","identifier":{"id":"1"},"iban":"x"}"#,
        r#"{"name":"A"}"#,
        r#"{"name":"A","identifier":{"id":"1","scheme":"bad"}}"#,
        r#"{"name":"A","identifier":{"id":"1"},"postalAddress":{"country":"XX"}}"#,
        r#"{"name":"A","identifier":{"id":"1"},"postalAddress":{"townName":"Nairobi"}}"#,
    ] {
        assert!(serde_json::from_str::<Party>(json).is_err(), "{json}");
    }
}

#[test]
fn addresses() {
    for (country, ok) in [
        ("KE", true),
        ("UA", true),
        ("DE", true),
        ("ke", false),
        ("XX", false), // user-assigned
        ("QM", false),
        ("AA", false),
        ("ZZ", false),
        ("KEN", false),
        ("", false),
        ("XK", false), // Kosovo: user-assigned in ISO 3166
    ] {
        assert_eq!(PostalAddress::new(country).is_ok(), ok, "{country:?}");
        if !ok {
            assert_eq!(
                PostalAddress::new(country).unwrap_err().code(),
                "payments.address_invalid"
            );
        }
    }
    let mut address = PostalAddress::new("KE").unwrap();
    for i in 0..7 {
        address = address.with_line(&format!("line {i}")).unwrap();
    }
    assert_eq!(address.lines().len(), 7);
    assert_eq!(
        address.clone().with_line("eighth").unwrap_err().code(),
        "payments.address_invalid"
    );
    let a = PostalAddress::new("KE").unwrap();
    assert_eq!(
        a.clone()
            .with_post_code(&"1".repeat(17))
            .unwrap_err()
            .code(),
        "payments.address_invalid"
    );
    assert_eq!(
        a.clone().with_town("").unwrap_err().code(),
        "payments.address_invalid"
    );
    assert_eq!(
        a.clone().with_street(&"s".repeat(71)).unwrap_err().code(),
        "payments.address_invalid"
    );
    assert!(a.with_sub_division("Nairobi County").is_ok());
}
