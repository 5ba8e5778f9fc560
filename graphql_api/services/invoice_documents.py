"""The PDF of an invoice (SPEC D9), in the buyer's language (pt-BR, es, ro, en).

Rendered with fpdf2: pure Python, installed from PyPI with no system libraries, and it embeds
(a subset of) a TrueType font. The PDF core fonts are Latin-1 only and Romanian needs ș ț ă;
DejaVu Sans, shipped in graphql_api/assets/fonts with its licence, covers all four languages.
Money and dates are written by Babel in the language's own way (R$ 1.234,50; 2 dec. 2026)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from babel.dates import format_date, format_datetime
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from graphql_api.models.invoices import InvoiceStatus
from graphql_api.services.money import Money

FONT = "DejaVu"
_FONTS = resources.files("graphql_api.assets") / "fonts"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Invoice",
        "seller": "Seller",
        "buyer": "Bill to",
        "order": "Order",
        "issued": "Issue date",
        "due": "Due date",
        "instalment": "Instalment",
        "of": "of",
        "term": "Payment term",
        "sku": "SKU",
        "item": "Item",
        "qty": "Qty",
        "unit_price": "Unit price",
        "total": "Total",
        "subtotal": "Order subtotal",
        "discount": "Discounts",
        "order_total": "Order total",
        "amount": "Amount due",
        "status": "Status",
        "paid_on": "Paid on",
        "OPEN": "Open",
        "OVERDUE": "Overdue",
        "PAID": "Paid",
        "CANCELLED": "Cancelled",
    },
    "pt-BR": {
        "title": "Fatura",
        "seller": "Emitente",
        "buyer": "Cliente",
        "order": "Pedido",
        "issued": "Emissão",
        "due": "Vencimento",
        "instalment": "Parcela",
        "of": "de",
        "term": "Condição de pagamento",
        "sku": "Código",
        "item": "Descrição",
        "qty": "Qtd.",
        "unit_price": "Preço unit.",
        "total": "Total",
        "subtotal": "Subtotal do pedido",
        "discount": "Descontos",
        "order_total": "Total do pedido",
        "amount": "Valor a pagar",
        "status": "Situação",
        "paid_on": "Paga em",
        "OPEN": "Em aberto",
        "OVERDUE": "Vencida",
        "PAID": "Paga",
        "CANCELLED": "Cancelada",
    },
    "es": {
        "title": "Factura",
        "seller": "Emisor",
        "buyer": "Cliente",
        "order": "Pedido",
        "issued": "Fecha de emisión",
        "due": "Vencimiento",
        "instalment": "Cuota",
        "of": "de",
        "term": "Condición de pago",
        "sku": "Código",
        "item": "Descripción",
        "qty": "Cant.",
        "unit_price": "Precio unit.",
        "total": "Total",
        "subtotal": "Subtotal del pedido",
        "discount": "Descuentos",
        "order_total": "Total del pedido",
        "amount": "Importe a pagar",
        "status": "Estado",
        "paid_on": "Pagada el",
        "OPEN": "Pendiente",
        "OVERDUE": "Vencida",
        "PAID": "Pagada",
        "CANCELLED": "Anulada",
    },
    "ro": {
        "title": "Factură",
        "seller": "Furnizor",
        "buyer": "Cumpărător",
        "order": "Comanda",
        "issued": "Data emiterii",
        "due": "Scadența",
        "instalment": "Rata",
        "of": "din",
        "term": "Condiții de plată",
        "sku": "Cod",
        "item": "Denumire",
        "qty": "Cant.",
        "unit_price": "Preț unitar",
        "total": "Total",
        "subtotal": "Subtotal comandă",
        "discount": "Reduceri",
        "order_total": "Total comandă",
        "amount": "Total de plată",
        "status": "Stare",
        "paid_on": "Plătită la",
        "OPEN": "Neachitată",
        "OVERDUE": "Restantă",
        "PAID": "Achitată",
        "CANCELLED": "Anulată",
    },
}


@dataclass(frozen=True)
class Line:
    sku: str
    name: str
    quantity: int
    unit: str
    unit_price: Money
    total: Money


@dataclass(frozen=True)
class Sheet:
    """Everything printed on one invoice."""

    number: str
    status: InvoiceStatus
    issue_date: datetime.date
    due_date: datetime.date
    instalment: int
    instalment_count: int
    payment_term: str
    order_number: str
    seller: dict[str, Any]
    buyer: dict[str, Any]
    order_subtotal: Money
    order_discount: Money
    order_total: Money
    amount: Money
    lines: list[Line] = field(default_factory=list)
    paid_at: datetime.datetime | None = None


def _party(pdf: FPDF, heading: str, party: dict[str, Any], x: float, width: float) -> float:
    """A seller or buyer block at `x`; the height it took."""
    top = pdf.get_y()
    pdf.set_xy(x, top)
    pdf.set_font(FONT, "B", 8)
    pdf.cell(width, 5, heading.upper(), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(width, 5, party.get("legal_name", ""), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9)
    if party.get("trade_name"):
        pdf.multi_cell(width, 4.5, party["trade_name"], new_x=XPos.LEFT, new_y=YPos.NEXT)
    for tax_id in party.get("tax_ids", []):
        pdf.cell(
            width, 4.5, f"{tax_id['kind']}: {tax_id['value']}", new_x=XPos.LEFT, new_y=YPos.NEXT
        )
    for line in party.get("address", []):
        pdf.multi_cell(width, 4.5, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
    return pdf.get_y() - top


def render(sheet: Sheet, language: str) -> bytes:
    """The PDF bytes of `sheet` in `language` (one of services.notifications.LANGUAGES)."""
    text = LABELS.get(language, LABELS["en"])
    locale = language.replace("-", "_")

    def day(value: datetime.date) -> str:
        return format_date(value, "medium", locale=locale)

    def money(value: Money) -> str:
        return value.format(locale)

    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font(FONT, "", str(_FONTS / "DejaVuSans-Latin.ttf"))
    pdf.add_font(FONT, "B", str(_FONTS / "DejaVuSans-Bold-Latin.ttf"))
    pdf.set_title(f"{text['title']} {sheet.number}")
    pdf.set_creator("Vitrine")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font(FONT, "B", 18)
    pdf.cell(width / 2, 10, f"{text['title']} {sheet.number}")
    pdf.set_font(FONT, "B", 11)
    status = text[str(sheet.status)]
    pdf.cell(
        width / 2, 10, f"{text['status']}: {status}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(3)

    top = pdf.get_y()
    half = width / 2 - 4
    seller_height = _party(pdf, text["seller"], sheet.seller, pdf.l_margin, half)
    pdf.set_y(top)
    buyer_height = _party(pdf, text["buyer"], sheet.buyer, pdf.l_margin + width / 2 + 4, half)
    pdf.set_xy(pdf.l_margin, top + max(seller_height, buyer_height) + 4)

    facts = [
        (text["order"], sheet.order_number),
        (text["issued"], day(sheet.issue_date)),
        (text["due"], day(sheet.due_date)),
        (
            text["instalment"],
            f"{sheet.instalment} {text['of']} {sheet.instalment_count}",
        ),
    ]
    if sheet.payment_term:
        facts.append((text["term"], sheet.payment_term))
    if sheet.paid_at is not None:
        facts.append((text["paid_on"], format_datetime(sheet.paid_at, "medium", locale=locale)))
    for name, value in facts:
        pdf.set_font(FONT, "B", 9)
        pdf.cell(45, 5.5, name)
        pdf.set_font(FONT, "", 9)
        pdf.cell(width - 45, 5.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    columns: list[tuple[str, float, str]] = [
        (text["sku"], 28, "L"),
        (text["item"], 77, "L"),
        (text["qty"], 20, "R"),
        (text["unit_price"], 27, "R"),
        (text["total"], width - 152, "R"),
    ]
    pdf.set_font(FONT, "B", 9)
    pdf.set_fill_color(235, 235, 235)
    for name, size, align in columns:
        pdf.cell(size, 7, name, border="B", align=align, fill=True)
    pdf.ln(7)
    pdf.set_font(FONT, "", 9)
    for line in sheet.lines:
        values = (
            line.sku,
            line.name,
            f"{line.quantity} {line.unit}",
            money(line.unit_price),
            money(line.total),
        )
        for (_, size, align), value in zip(columns, values, strict=True):
            # Long names are cut to the column: the SKU says which product it is.
            shown = value
            while pdf.get_string_width(shown) > size - 2 and len(shown) > 4:
                shown = shown[:-2] + "…"
            pdf.cell(size, 6, shown, align=align)
        pdf.ln(6)
    pdf.ln(2)

    totals = [
        (text["subtotal"], money(sheet.order_subtotal), False),
        (text["discount"], money(sheet.order_discount), False),
        (text["order_total"], money(sheet.order_total), False),
        (
            f"{text['amount']} ({text['instalment'].lower()} {sheet.instalment}/"
            f"{sheet.instalment_count})",
            money(sheet.amount),
            True,
        ),
    ]
    for name, value, strong in totals:
        pdf.set_font(FONT, "B" if strong else "", 11 if strong else 9)
        pdf.cell(width - 45, 6.5, name, align="R")
        pdf.cell(45, 6.5, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
