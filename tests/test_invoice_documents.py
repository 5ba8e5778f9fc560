"""The invoice PDF (SPEC D9): served at Invoice.documentUrl under the same identity rules as the
price table CSV (BILLING yes, SHIPPING no, another company no, anonymous no), in the company's
language, with the seller's fiscal data from the storefront settings and the buyer's."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.factories import create_company
from tests.identity_helpers import activate, add_contact, buyer
from tests.order_helpers import build_shop, cheap_hashing, codes, place

CREATE = """mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
  invoices { id number documentUrl } userErrors { field message code } } }"""
SETTINGS = """mutation($input: UpdateStorefrontInput!) { updateStorefront(input: $input) {
  storefront { legalName taxIdKind taxId stateRegistration fiscalAddress country }
  userErrors { field message code } } }"""
COMPANY_LANGUAGE = """mutation($id: ID!, $language: String!) {
  updateCompany(input: {id: $id, preferredLanguage: $language}) { userErrors { code } } }"""

SELLER = {
    "legalName": "Vitrine Distribuidora de Ferragens Ltda",
    "taxIdKind": "CNPJ",
    "taxId": "11222333000181",
    "stateRegistration": "110.042.490.114",
    "fiscalAddress": "Rua das Indústrias, 500\nSão Paulo - SP\n04001-000",
    "country": "BR",
}


@pytest.fixture(autouse=True)
def _cheap(monkeypatch):
    cheap_hashing(monkeypatch)


@pytest.fixture
async def shop(api, admin, rep):
    return await build_shop(api, admin, rep)


async def _invoice(shop, rep, term: str = "30/60 dias") -> dict:
    await shop.add("P-1", 10)
    order = await place(shop.buyer, "doc", paymentTerm=term)
    body = await rep.data(CREATE, {"input": {"orderId": order["order"]["id"]}})
    assert body["createInvoice"]["userErrors"] == []
    return body["createInvoice"]["invoices"][0]


def _path(invoice: dict) -> str:
    url = invoice["documentUrl"]
    return url[url.index("/invoices/") :]


async def _get(api, path: str, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await api.http.get(path, headers=headers)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_the_seller_keeps_its_fiscal_data_in_the_storefront_settings(admin, rep):
    body = await admin.data(SETTINGS, {"input": SELLER})
    payload = body["updateStorefront"]
    assert payload["userErrors"] == []
    assert payload["storefront"] == {**SELLER, "taxId": "11.222.333/0001-81"}
    bad = await admin.data(SETTINGS, {"input": {"taxIdKind": "CNPJ", "taxId": "11222333000100"}})
    assert codes(bad["updateStorefront"]) == [(["input", "taxId"], "INVALID_CNPJ")]
    no_kind = await admin.data(SETTINGS, {"input": {"taxId": "x", "taxIdKind": None}})
    assert codes(no_kind["updateStorefront"]) == [(["input", "taxIdKind"], "REQUIRED")]
    country = await admin.data(SETTINGS, {"input": {"country": "XX"}})
    assert codes(country["updateStorefront"]) == [(["input", "country"], "INVALID_COUNTRY")]
    forbidden = await rep.data(SETTINGS, {"input": {"legalName": "Outra"}})
    assert codes(forbidden["updateStorefront"]) == [(None, "FORBIDDEN")]
    cleared = await admin.data(SETTINGS, {"input": {"taxId": ""}})
    assert cleared["updateStorefront"]["storefront"]["taxId"] == ""


async def test_a_billing_contact_downloads_the_pdf_in_the_company_language(shop, api, admin, rep):
    await admin.data(SETTINGS, {"input": SELLER})
    invoice = await _invoice(shop, rep)
    billing = await buyer(api, "financeiro@alfa.example.com")
    response = await _get(api, _path(invoice), billing.token)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="FAT-000001.pdf"'
    assert response.headers["cache-control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    text = _text(response.content)
    for expected in (
        "Fatura FAT-000001",
        "Situação: Em aberto",
        "Vitrine Distribuidora de Ferragens Ltda",
        "CNPJ: 11.222.333/0001-81",
        "IE: 110.042.490.114",
        "Rua das Indústrias, 500",
        "Alfa Compras Ltda",
        "Avenida Paulista, 1000",
        "Parcela 1 de 2",
        "30/60 dias",
        "Parafuso",
        "R$ 100,00",
        "R$ 50,00",
    ):
        assert expected in text.replace("\xa0", " "), expected
    buyer_cnpj = [line for line in text.splitlines() if line.startswith("CNPJ:")]
    assert len(buyer_cnpj) == 2  # the seller's and the buyer's


async def test_romanian_spanish_and_english_documents(shop, api, admin, rep):
    invoice = await _invoice(shop, rep)
    for language, words in (
        ("ro", ("Factură FAT-000001", "CUMPĂRĂTOR", "Scadența", "Condiții de plată", "Neachitată")),
        ("es", ("Factura FAT-000001", "Vencimiento", "Cuota 1 de 2")),
        ("en", ("Invoice FAT-000001", "Due date", "Instalment 1 of 2")),
    ):
        changed = await admin.data(COMPANY_LANGUAGE, {"id": shop.company, "language": language})
        assert changed["updateCompany"]["userErrors"] == []
        response = await _get(api, _path(invoice), shop.buyer.token)
        assert response.status_code == 200
        text = _text(response.content)
        for word in words:
            assert word in text, (language, word)


async def test_who_may_not_read_the_invoice_gets_no_document(shop, api, admin, rep, other_rep):
    invoice = await _invoice(shop, rep)
    path = _path(invoice)
    shipping = await add_contact(
        admin, shop.company, "logistica@alfa.example.com", roles=["SHIPPING"]
    )
    await activate(api, admin, shipping["id"])
    shipping_api = await buyer(api, "logistica@alfa.example.com")
    other = await create_company(admin, legalName="Outra Ltda", salesRepId=other_rep.staff_id)
    stranger = await add_contact(admin, other["id"], "fin@outra.example.com", roles=["BILLING"])
    await activate(api, admin, stranger["id"])
    stranger_api = await buyer(api, "fin@outra.example.com")
    for token, status, code in (
        (shipping_api.token, 403, "FORBIDDEN"),
        (stranger_api.token, 404, "NOT_FOUND"),
        (other_rep.token, 404, "NOT_FOUND"),
        (None, 401, "UNAUTHENTICATED"),
    ):
        response = await _get(api, path, token)
        assert response.status_code == status, (token, response.text)
        assert response.json()["errors"][0]["extensions"]["code"] == code
    assert (await _get(api, path, rep.token)).status_code == 200
    assert (await _get(api, path, admin.token)).status_code == 200
    for bad in (
        "/invoices/nonsense.pdf",
        "/invoices/T3JkZXI6MQ.pdf",
        "/invoices/SW52b2ljZTo5OQ.pdf",
    ):
        response = await _get(api, bad, admin.token)
        assert response.status_code == 404, bad
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
