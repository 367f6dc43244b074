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


# Beyond ASCII: letters (some that Unicode composes or decomposes: Å, the Angstrom sign,
# Hangul jamo, a letter NFC splits in two), a combining accent, digits and numbers of
# other scripts, spaces, a zero-width space, a line separator, a private-use character.
ADDRESS_PARTS = st.text(
    alphabet="abcXYZ019.-_+@'!#%&*/=?^`{|}~\"(),:;<>[\\] "
    "éñöøßİ\u212b\u1100\u1161\u0958\u0301²Ⅻ٣\u00a0\u200b\u2028\ue000",
    min_size=1,
    max_size=30,
)


TOP_LEVEL = st.sampled_from(["com", "org", "test", "c", "local", "io1"])
LOCAL_PARTS = st.text(alphabet="ab1.+_'éßİ\u212b\u1100\u1161\u0958\u0301²٣\u200b", max_size=70)
ADDRESSES = st.one_of(
    ADDRESS_PARTS,
    st.builds("{}@{}.{}".format, ADDRESS_PARTS, ADDRESS_PARTS, TOP_LEVEL),
    st.builds("{}@{}".format, LOCAL_PARTS, st.sampled_from(["example.com", "x.org", "a.test"])),
)


@pytest.mark.parametrize(
    "typed", ["zoë.núñez@example.com", "søren.lund3@example.com", "王伟@example.com"]
)
def test_an_address_in_letters_of_any_script_is_taken_at_a_glance(typed: str) -> None:
    """The quick check takes letters beyond ASCII before the @ (a real export has many)."""
    assert plainly_valid_email(typed)
    validate_email(typed, check_deliverability=False)


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
