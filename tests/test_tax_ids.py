import random

import pytest

from graphql_api.services.tax_ids import (
    TAX_ID_KINDS,
    ValidationError,
    format_tax_id,
    generate_cnpj,
    generate_cpf,
    normalize_country,
    normalize_email,
    normalize_phone,
    normalize_postal_code,
    normalize_tax_id,
)


def _error_code(func: object, *args: object) -> str:
    assert callable(func)
    with pytest.raises(ValidationError) as excinfo:
        func(*args)
    assert excinfo.value.message
    assert str(excinfo.value) == excinfo.value.message
    return excinfo.value.code


# --- ValidationError / kinds ---------------------------------------------------------------


def test_validation_error_is_value_error_with_message_and_code() -> None:
    error = ValidationError("CNPJ check digits do not match", "INVALID_CNPJ")
    assert isinstance(error, ValueError)
    assert error.message == "CNPJ check digits do not match"
    assert error.code == "INVALID_CNPJ"


def test_tax_id_kinds() -> None:
    assert TAX_ID_KINDS == ("CNPJ", "CPF", "IE", "IM", "VAT")


def test_unknown_kind_rejected() -> None:
    assert _error_code(normalize_tax_id, "SSN", "123", None) == "UNKNOWN_TAX_ID_KIND"


# --- CNPJ ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("11.222.333/0001-81", "11222333000181"),
        ("11222333000181", "11222333000181"),
        (" 11 222 333 0001 81 ", "11222333000181"),
        ("12.345.678/0001-95", "12345678000195"),
        ("12.ABC.345/01DE-35", "12ABC34501DE35"),
        ("12abc34501de35", "12ABC34501DE35"),
    ],
)
def test_cnpj_valid(raw: str, canonical: str) -> None:
    assert normalize_tax_id("CNPJ", raw, None) == canonical
    assert normalize_tax_id("CNPJ", raw, "BR") == canonical


def test_cnpj_wrong_check_digits() -> None:
    with pytest.raises(ValidationError) as excinfo:
        normalize_tax_id("CNPJ", "11.222.333/0001-82", None)
    assert excinfo.value.code == "INVALID_CNPJ"
    assert "check digits" in excinfo.value.message
    assert _error_code(normalize_tax_id, "CNPJ", "12.ABC.345/01DE-53", None) == "INVALID_CNPJ"


@pytest.mark.parametrize("digit", "0123456789")
def test_cnpj_all_same_digit_rejected(digit: str) -> None:
    assert _error_code(normalize_tax_id, "CNPJ", digit * 14, None) == "INVALID_CNPJ"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "1122233300018",  # 13 chars
        "112223330001811",  # 15 chars
        "12ABC34501DEAB",  # letters in the check digit positions
        "12ABC34501DE3_",
        "12ÁBC34501DE35",
    ],
)
def test_cnpj_bad_shape_rejected(raw: str) -> None:
    assert _error_code(normalize_tax_id, "CNPJ", raw, None) == "INVALID_CNPJ"


def test_cnpj_format() -> None:
    assert format_tax_id("CNPJ", "11222333000181") == "11.222.333/0001-81"
    assert format_tax_id("CNPJ", "12ABC34501DE35") == "12.ABC.345/01DE-35"


def test_generate_cnpj_numeric_validates() -> None:
    rng = random.Random(1234)
    for _ in range(200):
        cnpj = generate_cnpj(rng)
        assert cnpj.isdigit()
        assert normalize_tax_id("CNPJ", cnpj, None) == cnpj
        assert normalize_tax_id("CNPJ", format_tax_id("CNPJ", cnpj), None) == cnpj


def test_generate_cnpj_alphanumeric_validates() -> None:
    rng = random.Random(4321)
    for _ in range(200):
        cnpj = generate_cnpj(rng, alphanumeric=True)
        assert len(cnpj) == 14
        assert not cnpj[:12].isdigit()
        assert cnpj[12:].isdigit()
        assert normalize_tax_id("CNPJ", cnpj, None) == cnpj
        assert normalize_tax_id("CNPJ", format_tax_id("CNPJ", cnpj), None) == cnpj


def test_generate_cnpj_is_deterministic() -> None:
    first = [generate_cnpj(random.Random(7), alphanumeric=True) for _ in range(3)]
    second = [generate_cnpj(random.Random(7), alphanumeric=True) for _ in range(3)]
    assert first == second


# --- CPF -----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["529.982.247-25", "52998224725", " 529 982 247 25 "])
def test_cpf_valid(raw: str) -> None:
    assert normalize_tax_id("CPF", raw, None) == "52998224725"


def test_cpf_wrong_check_digits() -> None:
    with pytest.raises(ValidationError) as excinfo:
        normalize_tax_id("CPF", "529.982.247-26", None)
    assert excinfo.value.code == "INVALID_CPF"
    assert "check digits" in excinfo.value.message


@pytest.mark.parametrize("digit", "0123456789")
def test_cpf_all_same_digit_rejected(digit: str) -> None:
    assert _error_code(normalize_tax_id, "CPF", digit * 11, None) == "INVALID_CPF"


@pytest.mark.parametrize("raw", ["", "5299822472", "529982247255", "5299822472A"])
def test_cpf_bad_shape_rejected(raw: str) -> None:
    assert _error_code(normalize_tax_id, "CPF", raw, None) == "INVALID_CPF"


def test_cpf_format() -> None:
    assert format_tax_id("CPF", "52998224725") == "529.982.247-25"
    assert format_tax_id("CPF", "12345678909") == "123.456.789-09"


def test_generate_cpf_validates() -> None:
    rng = random.Random(99)
    for _ in range(200):
        cpf = generate_cpf(rng)
        assert normalize_tax_id("CPF", cpf, None) == cpf
        assert normalize_tax_id("CPF", format_tax_id("CPF", cpf), None) == cpf


# --- IE / IM -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "raw", "canonical"),
    [
        ("IE", " 110.042.490.114 ", "110.042.490.114"),
        ("IE", "062.307.904/0081", "062.307.904/0081"),
        ("IE", "isento", "ISENTO"),
        ("IE", "p-01100424.3/002", "P-01100424.3/002"),
        ("IM", "1.234.567-8", "1.234.567-8"),
        ("IM", "12", "12"),
    ],
)
def test_registration_valid(kind: str, raw: str, canonical: str) -> None:
    assert normalize_tax_id(kind, raw, "BR") == canonical


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("IE", "1"),
        ("IE", "1" * 21),
        ("IE", "110 042 490"),
        ("IE", "110#042"),
        ("IM", "ISENTO"),
        ("IM", "  "),
    ],
)
def test_registration_invalid(kind: str, raw: str) -> None:
    assert _error_code(normalize_tax_id, kind, raw, "BR") == "INVALID_TAX_ID"


def test_other_kinds_format_unchanged() -> None:
    assert format_tax_id("IE", "110.042.490.114") == "110.042.490.114"
    assert format_tax_id("VAT", "RO18547290") == "RO18547290"


# --- VAT -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "country", "canonical"),
    [
        ("RO 18547290", None, "RO18547290"),
        ("ro18547290", "RO", "RO18547290"),
        ("18547290", "RO", "RO18547290"),
        ("ES-B12345678", None, "ESB12345678"),
        ("B12345678", "ES", "ESB12345678"),
        ("b-1234567.8", "es", "ESB12345678"),
        ("PT 501 964 843", None, "PT501964843"),
        ("501964843", "PT", "PT501964843"),
        ("DE123456789", "DE", "DE123456789"),
        ("FR40303265045", None, "FR40303265045"),
        ("AB123456789", "FR", "FRAB123456789"),
        ("IT12345678901", None, "IT12345678901"),
        ("NL123456789B01", "NL", "NL123456789B01"),
        ("094259216", "GR", "EL094259216"),
        ("EL094259216", "GR", "EL094259216"),
        ("ATU12345678", None, "ATU12345678"),
        ("XI123456789", None, "XI123456789"),
        ("DE123456789", "BR", "DE123456789"),
    ],
)
def test_vat_valid(raw: str, country: str | None, canonical: str) -> None:
    assert normalize_tax_id("VAT", raw, country) == canonical


@pytest.mark.parametrize(
    ("raw", "country"),
    [
        ("18547290", None),  # no prefix and nothing to infer it from
        ("18547290", "BR"),  # non-EU country cannot supply a prefix
        ("US123456789", None),  # not an EU prefix
        ("RO1", None),  # too short
        ("RO12345678901", None),  # too long
        ("ES12345678", None),  # Spanish numbers have 9 characters
        ("PT12345678", None),
        ("DE12345678", None),
        ("NL123456789A01", None),
        ("GR094259216", None),  # Greece uses EL, not GR
        ("", "RO"),
    ],
)
def test_vat_bad_shape_rejected(raw: str, country: str | None) -> None:
    assert _error_code(normalize_tax_id, "VAT", raw, country) == "INVALID_VAT"


@pytest.mark.parametrize(
    ("raw", "country"),
    [
        ("RO18547290", "ES"),
        ("ESB12345678", "PT"),
        ("EL094259216", "CY"),
        ("DE123456789", "FR"),
    ],
)
def test_vat_country_mismatch_rejected(raw: str, country: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        normalize_tax_id("VAT", raw, country)
    assert excinfo.value.code == "INVALID_VAT"
    assert "does not match country" in excinfo.value.message


def test_vat_bad_country_rejected() -> None:
    assert _error_code(normalize_tax_id, "VAT", "RO18547290", "ROU") == "INVALID_COUNTRY"


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


# --- Country -------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "canonical"), [("br", "BR"), (" Ro ", "RO"), ("ES", "ES")])
def test_country_valid(raw: str, canonical: str) -> None:
    assert normalize_country(raw) == canonical


@pytest.mark.parametrize("raw", ["", "B", "BRA", "B1", "12", "É S", "ÉS"])
def test_country_invalid(raw: str) -> None:
    assert _error_code(normalize_country, raw) == "INVALID_COUNTRY"


# --- Phone ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("+55 (11) 98765-4321", "+5511987654321"),
        ("+40 721 234 567", "+40721234567"),
        ("+34 612.345.678", "+34612345678"),
        ("(11) 3456-7890", "1134567890"),
        ("12345678", "12345678"),
        ("+123456789012345", "+123456789012345"),
    ],
)
def test_phone_valid(raw: str, canonical: str) -> None:
    assert normalize_phone(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    ["", "+", "1234567", "+1234567890123456", "+55 11 9876-ABCD", "55+11987654321", "call me"],
)
def test_phone_invalid(raw: str) -> None:
    assert _error_code(normalize_phone, raw) == "INVALID_PHONE"


# --- E-mail --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("  Compras@Acai-Norte.COM.BR ", "compras@acai-norte.com.br"),
        ("ana.silva+quotes@example.es", "ana.silva+quotes@example.es"),
        ("ion@firma.ro", "ion@firma.ro"),
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
        "a" * 250 + "@x.com",
    ],
)
def test_email_invalid(raw: str) -> None:
    assert _error_code(normalize_email, raw) == "INVALID_EMAIL"
