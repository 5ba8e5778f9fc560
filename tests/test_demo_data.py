import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from graphql_api.demo.companies import DEMO_CUSTOM_FIELDS, DEMO_GROUPS, demo_companies
from graphql_api.services.validation.countries import normalize_country
from graphql_api.services.validation.emails import normalize_email
from graphql_api.services.validation.phones import normalize_phone
from graphql_api.services.validation.postal_codes import normalize_postal_code
from graphql_api.services.validation.tax_ids import normalize_tax_id

COMPANY_KEYS = {
    "key",
    "legal_name",
    "trade_name",
    "is_individual",
    "responsible_first_name",
    "responsible_last_name",
    "responsible_phone",
    "status",
    "temperature",
    "preferred_currency",
    "preferred_language",
    "discount_percent",
    "group",
    "sales_rep",
    "tax_ids",
    "addresses",
    "emails",
    "phones",
    "contacts",
    "notes",
    "custom_fields",
}
ADDRESS_KEYS = {
    "kind",
    "street",
    "number",
    "complement",
    "district",
    "city",
    "state",
    "postal_code",
    "country",
}
CONTACT_KEYS = {"first_name", "last_name", "email", "phone", "job_title"}
STATUSES = ("CURRENT", "PROSPECT")
TEMPERATURES = ("HOT", "WARM", "COLD", "NOT_INTERESTED")
PRIORITIES = {"HIGH", "MEDIUM", "NONE"}

# First digits of postal codes by state/province/county, to keep addresses self-consistent.
BR_CEP_PREFIXES = {
    "SP": ("0", "1"),
    "MG": ("3",),
    "PR": tuple(f"8{d}" for d in range(8)),
    "SC": ("88", "89"),
    "RS": ("9",),
    "GO": ("72", "73", "74", "75", "76"),
}
ES_PROVINCE_PREFIXES = {
    "Madrid": "28",
    "Barcelona": "08",
    "València": "46",
    "Sevilla": "41",
    "Bizkaia": "48",
    "Málaga": "29",
    "A Coruña": "15",
}
RO_COUNTY_PREFIXES = {
    "București": "0",
    "Cluj": "40",
    "Timiș": "30",
    "Iași": "70",
    "Brașov": "50",
    "Constanța": "90",
}


@pytest.fixture(scope="module")
def companies() -> list[dict[str, Any]]:
    return demo_companies()


def _country(company: dict[str, Any]) -> str:
    main = [a for a in company["addresses"] if a["kind"] == "MAIN"]
    assert len(main) == 1, company["key"]
    return str(main[0]["country"])


def _all_emails(companies: list[dict[str, Any]]) -> list[str]:
    emails = [e["email"] for c in companies for e in c["emails"]]
    return emails + [p["email"] for c in companies for p in c["contacts"]]


def test_enough_companies_with_exact_keys(companies: list[dict[str, Any]]) -> None:
    assert len(companies) >= 30
    for company in companies:
        assert set(company) == COMPANY_KEYS, company["key"]
        for address in company["addresses"]:
            assert set(address) == ADDRESS_KEYS, company["key"]
        for contact in company["contacts"]:
            assert set(contact) == CONTACT_KEYS, company["key"]


def test_country_mix(companies: list[dict[str, Any]]) -> None:
    countries = Counter(_country(c) for c in companies)
    assert countries["BR"] >= 12
    assert countries["RO"] >= 10
    assert countries["ES"] >= 10


def test_unique_keys_and_emails(companies: list[dict[str, Any]]) -> None:
    keys = [c["key"] for c in companies]
    assert len(keys) == len(set(keys))
    emails = _all_emails(companies)
    assert len(emails) == len(set(emails))


def test_output_is_deterministic() -> None:
    first = demo_companies()
    second = demo_companies()
    assert first == second
    # Callers may mutate what they get back without affecting the next call.
    first[0]["custom_fields"]["segment"] = "changed"
    first[0]["emails"].clear()
    assert demo_companies() == second


def test_tax_ids_are_valid_and_canonical(companies: list[dict[str, Any]]) -> None:
    for company in companies:
        country = _country(company)
        assert company["tax_ids"], company["key"]
        for tax_id in company["tax_ids"]:
            canonical = normalize_tax_id(tax_id["kind"], tax_id["value"], country)
            assert canonical == tax_id["value"], company["key"]
        kinds = [t["kind"] for t in company["tax_ids"]]
        if country == "BR":
            assert kinds[0] == ("CPF" if company["is_individual"] else "CNPJ"), company["key"]
        else:
            assert kinds == ["VAT"], company["key"]
            assert company["tax_ids"][0]["value"].startswith(country), company["key"]


def test_brazilian_individuals_and_registrations(companies: list[dict[str, Any]]) -> None:
    brazil = [c for c in companies if _country(c) == "BR"]
    individuals = [c for c in brazil if c["is_individual"]]
    assert 3 <= len(individuals) <= 4
    assert not any(c["is_individual"] for c in companies if _country(c) != "BR")
    kinds = Counter(t["kind"] for c in brazil for t in c["tax_ids"])
    assert kinds["IE"] >= 3
    assert kinds["IM"] >= 1
    cnpjs = [t["value"] for c in brazil for t in c["tax_ids"] if t["kind"] == "CNPJ"]
    assert any(not cnpj.isdigit() for cnpj in cnpjs), "expected an alphanumeric CNPJ"


def test_addresses_are_valid(companies: list[dict[str, Any]]) -> None:
    shipping = 0
    for company in companies:
        country = _country(company)
        for address in company["addresses"]:
            assert address["kind"] in {"MAIN", "SHIPPING"}
            shipping += address["kind"] == "SHIPPING"
            assert normalize_country(address["country"]) == address["country"] == country
            postal = address["postal_code"]
            assert normalize_postal_code(country, postal) == postal, company["key"]
            assert address["street"] and address["number"] and address["city"]
            state = address["state"]
            if country == "BR":
                assert postal.startswith(BR_CEP_PREFIXES[state]), company["key"]
            elif country == "ES":
                assert postal.startswith(ES_PROVINCE_PREFIXES[state]), company["key"]
            else:
                assert postal.startswith(RO_COUNTY_PREFIXES[state]), company["key"]
    assert shipping >= 2


def test_phones_are_valid(companies: list[dict[str, Any]]) -> None:
    for company in companies:
        numbers = [company["responsible_phone"]]
        numbers += [p["number"] for p in company["phones"]]
        numbers += [c["phone"] for c in company["contacts"] if c["phone"] is not None]
        for number in numbers:
            assert number.startswith("+")
            assert normalize_phone(number) == number, company["key"]
        whatsapp = [p["number"] for p in company["phones"] if p["whatsapp"]]
        assert company["responsible_phone"] in whatsapp, company["key"]


def test_emails_are_valid(companies: list[dict[str, Any]]) -> None:
    for email in _all_emails(companies):
        assert normalize_email(email) == email
    for company in companies:
        assert 1 <= len(company["emails"]) <= 3, company["key"]
        assert 1 <= len(company["contacts"]) <= 3, company["key"]
        assert all(e["label"] for e in company["emails"])


def test_all_status_temperature_combinations(companies: list[dict[str, Any]]) -> None:
    combos = Counter((c["status"], c["temperature"]) for c in companies)
    assert set(combos) <= {(s, t) for s in STATUSES for t in TEMPERATURES}
    for status in STATUSES:
        for temperature in TEMPERATURES:
            assert combos[(status, temperature)] >= 2, (status, temperature)


def test_notes(companies: list[dict[str, Any]]) -> None:
    priorities: Counter[str] = Counter()
    for company in companies:
        assert 0 <= len(company["notes"]) <= 4, company["key"]
        for note in company["notes"]:
            assert note["priority"] in PRIORITIES
            assert note["body"].strip()
            assert isinstance(note["days_ago"], int) and note["days_ago"] >= 0
            priorities[note["priority"]] += 1
    assert set(priorities) == PRIORITIES
    assert min(priorities.values()) >= 5


def test_sales_reps(companies: list[dict[str, Any]]) -> None:
    reps = Counter(c["sales_rep"] for c in companies)
    assert set(reps) <= {"rep", "rep2", None}
    assert reps["rep"] >= 3
    assert reps["rep2"] >= 3
    assert reps[None] >= 1


def test_commercial_fields(companies: list[dict[str, Any]]) -> None:
    currencies = {"BR": {"BRL"}, "RO": {"RON", "EUR"}, "ES": {"EUR"}}
    languages = {"BR": {"pt-BR"}, "RO": {"ro", "en"}, "ES": {"es", "en"}}
    group_keys = {g["key"] for g in DEMO_GROUPS}
    discounts = []
    for company in companies:
        country = _country(company)
        assert company["preferred_currency"] in currencies[country], company["key"]
        assert company["preferred_language"] in languages[country], company["key"]
        assert company["group"] in group_keys
        discount = Decimal(company["discount_percent"])
        assert Decimal(0) <= discount <= Decimal(15), company["key"]
        discounts.append(discount)
    assert {c["group"] for c in companies} == group_keys
    assert Decimal(0) in discounts
    assert any(d > 0 for d in discounts)


def test_custom_fields_match_definitions(companies: list[dict[str, Any]]) -> None:
    definitions = {f["key"]: f for f in DEMO_CUSTOM_FIELDS}
    assert set(definitions) == {"segment", "annual_revenue", "accepts_newsletter", "customer_since"}
    assert {f["type"] for f in DEMO_CUSTOM_FIELDS} == {"CHOICE", "NUMBER", "BOOLEAN", "DATE"}
    omitted = 0
    for company in companies:
        values = company["custom_fields"]
        assert set(values) <= set(definitions), company["key"]
        omitted += len(values) < len(definitions)
        for key, value in values.items():
            kind = definitions[key]["type"]
            if kind == "CHOICE":
                assert value in definitions[key]["choices"]
            elif kind == "NUMBER":
                assert isinstance(value, str) and Decimal(value) >= 0
            elif kind == "BOOLEAN":
                assert isinstance(value, bool)
            else:
                assert datetime.date.fromisoformat(value) < datetime.date(2026, 1, 1)
    assert omitted >= 5
