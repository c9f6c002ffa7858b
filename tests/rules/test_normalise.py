from aimsi_ebay.rules.normalise import (
    address_key,
    country_code,
    email_key,
    phone_key,
    postal_key,
    street_key,
    user_id_key,
)


def test_email_key_ignores_case_and_spaces():
    assert email_key("  Mei.Doe373@Example.COM ") == "mei.doe373@example.com"
    assert email_key("") is None and email_key("not an email") is None


def test_phone_key_is_e164_whatever_the_punctuation():
    assert phone_key("(676) 555-6217") == phone_key("676.555.6217") == "+16765556217"
    assert phone_key("+1 676 555 6217") == "+16765556217"
    assert phone_key("") is None


def test_user_ids_are_case_insensitive():
    assert user_id_key(" MeiDoe13 ") == "meidoe13"


def test_address_key_folds_abbreviations_accents_and_zip_plus_four():
    a = address_key("6096 Second Street", "Apt. 4", "Austin", "TX", "78701-1234", "United States")
    b = address_key("6096 2nd St", "Apt 4", "AUSTIN", "tx", "78701", "US")
    assert a == b
    assert street_key("12 North Main Street") == "12 n main st"
    assert address_key("1 Rue Émile", "", "Montréal", "QC", "h2x 1y4", "Canada").endswith("|H2X1Y4|CA")


def test_country_and_postal_codes():
    assert country_code("United States") == "US" and country_code("") == "US"
    assert postal_key("37203-1234", "US") == "37203"
    assert postal_key("sw1a 1aa", "GB") == "SW1A1AA"
