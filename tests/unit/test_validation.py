"""What the contact fields accept, as the form, the CLI and every importer check it."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from infotui.validation import FieldError, clean_email, plainly_valid_email


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("<a@b.com>", "angle brackets"),
        ("a,b@x.com", "invalid characters"),
        ("a..b@x.com", "two periods in a row"),
        ("a@-x.com", "hyphen"),
        (".a@x.com", "start with a period"),
        ("a@b", "should have a period"),
        ("ann at acme", "@-sign"),
        ("jim@", "after the @-sign"),
        ("ana@studio.local", "special-use"),
    ],
)
def test_an_address_that_is_not_one_is_refused_with_the_reason(typed: str, why: str) -> None:
    with pytest.raises(FieldError) as refused:
        clean_email(typed)
    assert refused.value.field == "email"
    assert refused.value.message.startswith(f"{typed!r} is not an email address: ")
    assert why in refused.value.message


@pytest.mark.parametrize(
    "typed",
    [
        "ana.costa@acme.example",
        "Ana.Costa@Acme.COM",
        "o'brien+jobs@mail.example.org",
        "zoë@exämple.com",  # accents on both sides: email-validator's part
        "ravi@xn--bcher-kva.example",
        "  padded@acme.com  ",
    ],
)
def test_real_addresses_are_kept_as_typed(typed: str) -> None:
    assert clean_email(typed) == typed.strip()


def test_nothing_typed_is_no_address() -> None:
    assert clean_email("   ") == ""


ADDRESS_PARTS = st.text(
    alphabet="abcXYZ019.-_+@'!#%&*/=?^`{|}~\"(),:;<>[\\] ", min_size=1, max_size=30
)


TOP_LEVEL = st.sampled_from(["com", "org", "test", "c", "local", "io1"])
ADDRESSES = st.one_of(
    ADDRESS_PARTS, st.builds("{}@{}.{}".format, ADDRESS_PARTS, ADDRESS_PARTS, TOP_LEVEL)
)


@settings(max_examples=3000, deadline=None)
@given(ADDRESSES)
def test_the_quick_check_accepts_only_what_email_validator_accepts(typed: str) -> None:
    address = typed.strip()
    if not address:
        return
    if plainly_valid_email(address):
        validate_email(address, check_deliverability=False)  # raises if it disagrees
    else:
        # The slow path decides; whatever it says, clean_email agrees with it.
        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError:
            with pytest.raises(FieldError):
                clean_email(typed)
        else:
            assert clean_email(typed) == address
