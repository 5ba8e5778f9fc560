import random

import pytest
from stdnum.br import cnpj as stdnum_cnpj
from stdnum.br import cpf as stdnum_cpf
from stdnum.eu import vat as stdnum_vat

from graphql_api.demo.generators import (
    generate_cnpj,
    generate_cpf,
    generate_es_cif,
    generate_ro_cui,
)
from graphql_api.services.errors import ValidationError
from graphql_api.services.validation.tax_ids import TAX_ID_KINDS, format_tax_id, normalize_tax_id


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
        assert stdnum_cnpj.is_valid(cnpj)
        assert normalize_tax_id("CNPJ", cnpj, None) == cnpj
        assert normalize_tax_id("CNPJ", format_tax_id("CNPJ", cnpj), None) == cnpj


def test_generate_cnpj_alphanumeric_validates() -> None:
    rng = random.Random(4321)
    for _ in range(200):
        cnpj = generate_cnpj(rng, alphanumeric=True)
        assert len(cnpj) == 14
        assert not cnpj[:12].isdigit()
        assert cnpj[12:].isdigit()
        assert stdnum_cnpj.is_valid(cnpj)
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
        assert stdnum_cpf.is_valid(cpf)
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

# Every number here has correct check digits (most are python-stdnum's documentation examples).


@pytest.mark.parametrize(
    ("raw", "country", "canonical"),
    [
        ("RO 18547290", None, "RO18547290"),
        ("ro18547290", "RO", "RO18547290"),
        ("18547290", "RO", "RO18547290"),
        ("14399840", "RO", "RO14399840"),
        ("ES-B12345674", None, "ESB12345674"),
        ("B12345674", "ES", "ESB12345674"),
        ("b-1234567.4", "es", "ESB12345674"),
        ("A28015865", "ES", "ESA28015865"),
        ("ES 54362315-K", None, "ES54362315K"),  # a resident's NIF (DNI)
        ("X2482300W", "ES", "ESX2482300W"),  # a foreigner's NIE
        ("PT 501 964 843", None, "PT501964843"),
        ("501964843", "PT", "PT501964843"),
        ("DE136695976", "DE", "DE136695976"),
        ("FR40303265045", None, "FR40303265045"),
        ("K7399859412", "FR", "FRK7399859412"),
        ("IT00743110157", None, "IT00743110157"),
        ("NL004495445B01", "NL", "NL004495445B01"),
        ("094259216", "GR", "EL094259216"),
        ("EL094259216", "GR", "EL094259216"),
        ("ATU13585627", None, "ATU13585627"),
        ("XI980780684", None, "XI980780684"),
        ("BE697449992", "BE", "BE0697449992"),  # the old 9-digit form gains its leading 0
        ("DE136695976", "BR", "DE136695976"),
    ],
)
def test_vat_valid(raw: str, country: str | None, canonical: str) -> None:
    assert normalize_tax_id("VAT", raw, country) == canonical


@pytest.mark.parametrize(
    ("raw", "country"),
    [
        ("RO18547291", None),
        ("18547299", "RO"),
        ("RO14399841", None),
        ("ESB12345678", None),
        ("B12345675", "ES"),
        ("ES54362315Z", None),  # DNI with the wrong letter
        ("ESA28015866", None),
        ("PT501964842", None),
        ("501964844", "PT"),
        ("DE136695978", None),
        ("IT00743110158", None),
        ("ATU13585626", None),
        ("XI802311781", None),
    ],
)
def test_vat_wrong_check_digits_rejected(raw: str, country: str | None) -> None:
    with pytest.raises(ValidationError) as excinfo:
        normalize_tax_id("VAT", raw, country)
    assert excinfo.value.code == "INVALID_VAT"
    assert excinfo.value.message.endswith("check digits do not match")


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
        ("ESB12345674", "PT"),
        ("EL094259216", "CY"),
        ("DE136695976", "FR"),
    ],
)
def test_vat_country_mismatch_rejected(raw: str, country: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        normalize_tax_id("VAT", raw, country)
    assert excinfo.value.code == "INVALID_VAT"
    assert "does not match country" in excinfo.value.message


def test_vat_bad_country_rejected() -> None:
    assert _error_code(normalize_tax_id, "VAT", "RO18547290", "ROU") == "INVALID_COUNTRY"
    assert _error_code(normalize_tax_id, "VAT", "RO18547290", "ZZ") == "INVALID_COUNTRY"


def test_demo_vat_generators_give_valid_numbers() -> None:
    rng = random.Random(11)
    for _ in range(200):
        cui = generate_ro_cui(rng)
        assert stdnum_vat.is_valid("RO" + cui)
        assert normalize_tax_id("VAT", cui, "RO") == "RO" + cui
        cif = generate_es_cif(rng, rng.choice("AB"), f"{rng.randint(1, 52):02d}")
        assert stdnum_vat.is_valid("ES" + cif)
        assert normalize_tax_id("VAT", cif, "ES") == "ES" + cif
