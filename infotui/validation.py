"""Checks on what people type, shared by the CLI and the screens.

Each check returns the cleaned value or raises :class:`FieldError` with a
message fit to show next to the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

MAX_NAME = 200
MAX_TEXT = 100_000

# The everyday address: dot-atoms on both sides of the @, plain ASCII after it and a
# top-level domain of letters; before it ASCII or letters and digits of any script (zoë,
# núñez: a tenth of a LinkedIn export's addresses). What it accepts email-validator
# accepts too (a test checks it); anything else (combining marks, quotes, odd dots) is left
# to email-validator, which is thorough but costs about 70 us an address: too much for a
# 30,000-row import. (Inside the brackets, [^\x00-\x7f\W] is a letter or digit beyond ASCII.)
_ATEXT = r"(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]|[^\x00-\x7f\W])+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_EMAIL = re.compile(
    rf"^(?=.{{1,64}}@){_ATEXT}(?:\.{_ATEXT})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}\Z"
)
MAX_EMAIL_BYTES = 254  # in UTF-8, as typed and in Unicode's composed form (NFC)
# Domains email-validator refuses as never deliverable (RFC 6761 special uses).
_SPECIAL_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
_PHONE_CHARS = re.compile(r"^[0-9+()\-./\s]*(?:(?:x|ext\.?)\s*[0-9]+)?$", re.IGNORECASE)
_LINKEDIN = re.compile(
    r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub|profile)/([^/\s?#]+)/?(?:[?#]\S*)?$",
    re.IGNORECASE,
)


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ValidationError(ValueError):
    """One or more fields are invalid; ``errors`` maps field to message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in self.errors.items()))


def clean_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise FieldError("name", "a name is required")
    if len(name) > MAX_NAME:
        raise FieldError("name", f"keep it under {MAX_NAME} characters")
    return name


def clean_email(value: str) -> str:
    """The address as typed, if its syntax is right; nothing is looked up on a network."""
    email = value.strip()
    if not email:
        return ""
    if plainly_valid_email(email):
        return email
    # Imported here: only an unusual address pays for loading it.
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise FieldError("email", f"{email!r} is not an email address: {error}") from None
    return email


def plainly_valid_email(email: str) -> bool:
    """An everyday address, right at a glance (False: ask email-validator)."""
    if len(email) > MAX_EMAIL_BYTES or _PLAIN_EMAIL.match(email) is None:
        return False
    if not email.isascii():
        composed = unicodedata.normalize("NFC", email)
        if max(len(email.encode()), len(composed.encode())) > MAX_EMAIL_BYTES:
            return False
    return email.rsplit(".", 1)[1].lower() not in _SPECIAL_TLDS


def clean_phone(value: str) -> str:
    phone = " ".join(value.split())
    if not phone:
        return ""
    digits = sum(ch.isdigit() for ch in phone)
    if not _PHONE_CHARS.match(phone) or not 5 <= digits <= 20:
        raise FieldError("phone", f"{phone!r} is not a phone number (like +1 555 010 2030)")
    return phone


def clean_linkedin(value: str) -> str:
    url = value.strip()
    if not url:
        return ""
    match = _LINKEDIN.match(url)
    if not match:
        raise FieldError(
            "linkedin_url", f"{url!r} is not a LinkedIn profile (like linkedin.com/in/name)"
        )
    kind, handle = match.groups()
    return f"https://www.linkedin.com/{kind.lower()}/{handle}"


def clean_text(field: str, value: str, limit: int = MAX_TEXT) -> str:
    text = value.strip()
    if len(text) > limit:
        raise FieldError(field, f"too long ({len(text):,} characters; the limit is {limit:,})")
    return text


CONTACT_TEXT_FIELDS = ("company", "role", "field", "how_we_know", "notes")


def clean_contact(fields: Mapping[str, str]) -> dict[str, str]:
    """Check every given contact field; report all problems at once."""
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key, value in fields.items():
        try:
            if (clean := _CLEANERS.get(key)) is not None:
                cleaned[key] = clean(value or "")
            elif (limit := _TEXT_LIMITS.get(key)) is not None:
                cleaned[key] = clean_text(key, value or "", limit)
            else:
                raise FieldError(key, "is not a contact field")
        except FieldError as exc:
            errors[exc.field] = exc.message
    if errors:
        raise ValidationError(errors)
    return cleaned


_CLEANERS = {
    "name": clean_name,
    "email": clean_email,
    "phone": clean_phone,
    "linkedin_url": clean_linkedin,
}
_TEXT_LIMITS = {key: MAX_NAME if key != "notes" else MAX_TEXT for key in CONTACT_TEXT_FIELDS}
