"""The pure validators besides tax ids (countries, postal codes, phones, e-mails) and the one way
services run them: Checker.validate."""

import pytest

from graphql_api.services.checks import Checker
from graphql_api.services.errors import UserError, ValidationError
from graphql_api.services.validation.countries import COUNTRIES, normalize_country
from graphql_api.services.validation.emails import normalize_email
from graphql_api.services.validation.phones import normalize_phone
from graphql_api.services.validation.postal_codes import normalize_postal_code


def _error(func: object, *args: object) -> ValidationError:
    assert callable(func)
    with pytest.raises(ValidationError) as excinfo:
        func(*args)
    assert excinfo.value.message
    assert str(excinfo.value) == excinfo.value.message
    return excinfo.value


def _error_code(func: object, *args: object) -> str:
    return _error(func, *args).code


# --- Checker.validate ----------------------------------------------------------------------


def test_checker_validate_returns_the_canonical_value() -> None:
    check = Checker()
    assert check.validate(("addresses", "0", "country"), normalize_country, " br ") == "BR"
    assert check.errors == []


def test_checker_validate_records_the_error_at_the_path() -> None:
    check = Checker()
    assert check.validate(("phones", "1", "number"), normalize_phone, "12", "BR") is None
    assert check.validate(("email",), normalize_email, "ana@") is None
    assert [(e.field, e.code) for e in check.errors] == [
        (("phones", "1", "number"), "INVALID_PHONE"),
        (("email",), "INVALID_EMAIL"),
    ]
    assert check.errors[0] == UserError(
        "Phone is too short for a number in BR", "INVALID_PHONE", ("phones", "1", "number")
    )


def test_checker_validate_lets_other_exceptions_through() -> None:
    def broken(value: str) -> str:
        raise KeyError(value)

    with pytest.raises(KeyError):
        Checker().validate(("x",), broken, "y")


# --- Country -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"), [("br", "BR"), (" Ro ", "RO"), ("ES", "ES"), ("pt", "PT"), ("GR", "GR")]
)
def test_country_valid(raw: str, canonical: str) -> None:
    assert normalize_country(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    # Two letters, but no country: unknown, groupings, pseudo-locales, unassigned codes.
    ["", "B", "BRA", "B1", "12", "É S", "ÉS", "ZZ", "QO", "EU", "UN", "EZ", "XA", "AA", "EL"],
)
def test_country_invalid(raw: str) -> None:
    assert _error_code(normalize_country, raw) == "INVALID_COUNTRY"


def test_country_list_is_iso_3166_1() -> None:
    assert len(COUNTRIES) == 249
    assert {"BR", "PT", "ES", "RO", "GB", "US", "AQ", "SS"} <= COUNTRIES


# --- Postal codes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "raw", "canonical"),
    [
        ("BR", "01310-100", "01310-100"),
        ("BR", "01310100", "01310-100"),
        ("br", " 01.310-100 ", "01310-100"),
        ("PT", "1000-001", "1000-001"),
        ("PT", "1000001", "1000-001"),
        ("ES", "28013", "28013"),
        ("ES", "01001", "01001"),
        ("ES", "52001", "52001"),
        ("RO", "010011", "010011"),
        ("RO", " 400001 ", "400001"),
        ("GB", "sw1a 1aa", "SW1A 1AA"),
        ("US", "94105-1234", "94105-1234"),
        ("DE", "10115", "10115"),
    ],
)
def test_postal_code_valid(country: str, raw: str, canonical: str) -> None:
    assert normalize_postal_code(country, raw) == canonical


@pytest.mark.parametrize(
    ("country", "raw"),
    [
        ("BR", "0131010"),
        ("BR", "01310-1000"),
        ("BR", "0131A-100"),
        ("PT", "100-001"),
        ("PT", "10000-01"),
        ("ES", "2801"),
        ("ES", "00123"),
        ("ES", "53001"),
        ("RO", "01001"),
        ("RO", "0100111"),
        ("GB", "X"),
        ("US", "1234567890123"),
        ("DE", "10115!"),
    ],
)
def test_postal_code_invalid(country: str, raw: str) -> None:
    assert _error_code(normalize_postal_code, country, raw) == "INVALID_POSTAL_CODE"


def test_postal_code_bad_country() -> None:
    assert _error_code(normalize_postal_code, "BRA", "01310-100") == "INVALID_COUNTRY"
    assert _error_code(normalize_postal_code, "ZZ", "12345") == "INVALID_COUNTRY"


# --- Phone ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "country", "canonical"),
    [
        ("+55 (11) 98765-4321", None, "+5511987654321"),
        ("+55 (11) 98765-4321", "ES", "+5511987654321"),  # its own code wins
        # A Brazilian number typed without +55 for a Brazilian company: WhatsApp needs the +55.
        ("(11) 98765-4321", "BR", "+5511987654321"),
        ("11 98765 4321", "br", "+5511987654321"),
        ("(11) 3456-7890", "BR", "+551134567890"),
        ("+40 721 234 567", None, "+40721234567"),
        ("0721 234 567", "RO", "+40721234567"),  # the national trunk 0 goes
        ("+34 612.345.678", None, "+34612345678"),
        ("912 345 678", "ES", "+34912345678"),
        ("21 234 5678", "PT", "+351212345678"),
    ],
)
def test_phone_valid(raw: str, country: str | None, canonical: str) -> None:
    assert normalize_phone(raw, country) == canonical


@pytest.mark.parametrize(
    ("raw", "country"),
    [
        ("", "BR"),
        ("+", "BR"),
        ("1", "BR"),
        ("1234567", "BR"),
        ("12", "BR"),
        ("+55 11 2345", None),  # too short
        ("+55 11 98765-43210", None),  # too long
        ("+55 11 1234-5678", None),  # no Brazilian number starts 11 1
        ("+999 1234 5678", None),  # no such country code
        ("+1234567890123456", None),
        ("+55 11 9876-ABCD", None),  # letters are typos, not a keypad spelling
        ("55+11987654321", "BR"),
        ("call me", "BR"),
        ("(11) 98765-4321", "ES"),  # a Brazilian number is not a Spanish one
        ("(11) 98765-4321", None),  # no + and no country to read it in
        ("(11) 98765-4321", "ZZ"),
    ],
)
def test_phone_invalid(raw: str, country: str | None) -> None:
    assert _error_code(normalize_phone, raw, country) == "INVALID_PHONE"


def test_phone_without_country_code_or_country_says_so() -> None:
    message = _error(normalize_phone, "(11) 98765-4321", None).message
    assert "country code" in message


# --- E-mail --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("  Compras@Acai-Norte.COM.BR ", "compras@acai-norte.com.br"),
        ("ana.silva+quotes@example.es", "ana.silva+quotes@example.es"),
        ("ion@firma.ro", "ion@firma.ro"),
        ("João@Padaria.com.br", "joão@padaria.com.br"),
        ("admin@vitrine.test", "admin@vitrine.test"),  # RFC 6761 test domain of the demo
    ],
)
def test_email_valid(raw: str, canonical: str) -> None:
    assert normalize_email(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "compras",
        "compras@localhost",
        "a@@b.com",
        "a@b@c.com",
        "@example.com",
        "ana silva@example.com",
        "ana@exa mple.com",
        "ana@.example.com",
        "ana@example.com.",
        "ana@example..com",
        "ana..silva@example.com",
        ".ana@example.com",
        "ana@-example.com",
        "ana@example.c_m",
        "ana@example.invalid",
        "a" * 250 + "@x.com",
    ],
)
def test_email_invalid(raw: str) -> None:
    assert _error_code(normalize_email, raw) == "INVALID_EMAIL"


def test_normalize_email_gives_the_library_verdicts_on_repeated_domains(monkeypatch) -> None:
    """normalize_email memoises email-validator's domain check (the import meets the same
    domain many times): every address, its domain seen before or not, gets the verdict of the
    library without the memo."""
    import sys

    from email_validator import EmailNotValidError, validate_email

    library = sys.modules["email_validator.validate_email"]
    memo = library.validate_email_domain_name
    memo.cache_clear()
    normalize_email.cache_clear()

    addresses = [
        "Ana@Exemplo.com.br",
        "bia@exemplo.com.br",
        "caio@exemplo.com.br",
        "lia@localhost",
        "  Carla@EXEMPLO.com.br ",
        "dora@münchen.de",
        "eva@MÜNCHEN.de",
        "fabi@localhost",
        "gil@exemplo..com",
        "hugo@-exemplo.com",
        "ivo@exemplo.com-",
        "jo@sub.exemplo.invalid",
        "ana@",
        "kim@[127.0.0.1]",
    ]
    verdicts: dict[str, str | None] = {}
    with monkeypatch.context() as patch:
        patch.setattr(library, "validate_email_domain_name", memo.__wrapped__)
        for address in addresses:
            try:
                verdicts[address] = validate_email(
                    address.strip(), check_deliverability=False, test_environment=True
                ).normalized.lower()
            except EmailNotValidError:
                verdicts[address] = None
    for _ in range(2):
        for address in addresses:
            if verdicts[address] is None:
                assert _error_code(normalize_email, address) == "INVALID_EMAIL", address
            else:
                assert normalize_email(address) == verdicts[address], address
    assert memo.cache_info().hits > 0
