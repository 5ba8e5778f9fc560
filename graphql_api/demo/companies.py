"""Deterministic demo customers for Brazil, Romania and Spain.

Hand-written names, addresses and notes keep the data believable in a demo; tax ids and phone
numbers come from a fixed-seed generator so they are valid without copying real registrations.
Every call returns a fresh, identical structure so callers may mutate it freely.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from graphql_api.demo.generators import (
    generate_cnpj,
    generate_cpf,
    generate_es_cif,
    generate_ro_cui,
)

__all__ = ["DEMO_CUSTOM_FIELDS", "DEMO_GROUPS", "demo_companies"]

DEMO_GROUPS: list[dict[str, str]] = [
    {
        "key": "retail",
        "name": "Retail",
        "description": "Shops and individual professionals buying small quantities for resale.",
    },
    {
        "key": "wholesale",
        "name": "Wholesale",
        "description": "Wholesalers buying full cases and pallets at volume prices.",
    },
    {
        "key": "distributor",
        "name": "Distributor",
        "description": "Regional distributors with contract prices and their own logistics.",
    },
]

DEMO_CUSTOM_FIELDS: list[dict[str, Any]] = [
    {
        "key": "segment",
        "label": "Segment",
        "target": "COMPANY",
        "type": "CHOICE",
        "required": False,
        "choices": ["hardware", "food", "fashion", "industrial"],
    },
    {
        "key": "annual_revenue",
        "label": "Annual revenue",
        "target": "COMPANY",
        "type": "NUMBER",
        "required": False,
        "choices": None,
    },
    {
        "key": "accepts_newsletter",
        "label": "Accepts newsletter",
        "target": "COMPANY",
        "type": "BOOLEAN",
        "required": False,
        "choices": None,
    },
    {
        "key": "customer_since",
        "label": "Customer since",
        "target": "COMPANY",
        "type": "DATE",
        "required": False,
        "choices": None,
    },
]

# Area codes make generated landlines and mobiles plausible for the company's city.
_BR_AREA_CODES = {
    "São Paulo": "11",
    "Belo Horizonte": "31",
    "Contagem": "31",
    "Curitiba": "41",
    "Porto Alegre": "51",
    "Florianópolis": "48",
    "Goiânia": "62",
}
_RO_AREA_CODES = {
    "București": "21",
    "Cluj-Napoca": "264",
    "Timișoara": "256",
    "Iași": "232",
    "Brașov": "268",
    "Constanța": "241",
}
_ES_AREA_CODES = {
    "Madrid": "91",
    "Barcelona": "93",
    "València": "963",
    "Sevilla": "954",
    "Bilbao": "944",
    "Zamudio": "944",
    "Málaga": "952",
    "A Coruña": "981",
}

# (street, number, complement, district, city, state, postal_code)
_Address = tuple[str, str, str | None, str | None, str, str, str]
# (first_name, last_name, email, job_title, has_phone)
_Contact = tuple[str, str, str, str | None, bool]
# (body, priority, days_ago)
_Note = tuple[str, str, int]


@dataclass(frozen=True, kw_only=True)
class _Seed:
    """Hand-written part of a demo company; ids and phone numbers are generated in _build."""

    key: str
    country: str
    legal_name: str
    trade_name: str | None
    responsible: tuple[str, str]
    status: str
    temperature: str
    group: str
    sales_rep: str | None
    discount_percent: str
    currency: str
    language: str
    main: _Address
    emails: list[tuple[str, str]]
    contacts: list[_Contact]
    notes: list[_Note]
    custom_fields: dict[str, Any]
    shipping: _Address | None = None
    is_individual: bool = False
    registrations: list[tuple[str, str]] = field(default_factory=list)
    alphanumeric_cnpj: bool = False
    # Spanish CIF organisation letter: "B" for S.L., "A" for S.A.
    vat_letter: str = "B"


def _brazil() -> list[_Seed]:
    return [
        _Seed(
            key="br-acai-norte",
            country="BR",
            legal_name="Distribuidora Açaí do Norte Ltda",
            trade_name="Açaí do Norte",
            responsible=("Raimunda", "Ferreira"),
            status="CURRENT",
            temperature="HOT",
            group="distributor",
            sales_rep="rep",
            discount_percent="10.00",
            currency="BRL",
            language="pt-BR",
            main=("Rua Augusta", "1500", "Sala 12", "Consolação", "São Paulo", "SP", "01304-001"),
            emails=[
                ("compras@acai-norte.com.br", "purchasing"),
                ("financeiro@acai-norte.com.br", "billing"),
            ],
            contacts=[
                ("Marcos", "Lima", "marcos.lima@acai-norte.com.br", "Comprador", True),
                ("Juliana", "Costa", "juliana.costa@acai-norte.com.br", "Financeiro", False),
            ],
            notes=[
                ("Pediu tabela nova de polpas congeladas para o segundo semestre.", "HIGH", 2),
                ("Prefere entregas às terças pela manhã no centro de distribuição.", "NONE", 40),
                (
                    "Reclamou de atraso no último pedido; ofereci frete grátis no próximo.",
                    "MEDIUM",
                    12,
                ),
            ],
            custom_fields={
                "segment": "food",
                "annual_revenue": "8400000",
                "accepts_newsletter": True,
                "customer_since": "2019-03-01",
            },
            shipping=(
                "Avenida Presidente Wilson",
                "3200",
                "Galpão 4",
                "Ipiranga",
                "São Paulo",
                "SP",
                "04220-000",
            ),
            registrations=[("IE", "110.042.490.114")],
        ),
        _Seed(
            key="br-ferragens-sao-joao",
            country="BR",
            legal_name="Ferragens São João Ltda",
            trade_name="Ferragens São João",
            responsible=("José", "Albuquerque"),
            status="CURRENT",
            temperature="WARM",
            group="retail",
            sales_rep="rep",
            discount_percent="5.00",
            currency="BRL",
            language="pt-BR",
            main=(
                "Avenida Afonso Pena",
                "1820",
                None,
                "Funcionários",
                "Belo Horizonte",
                "MG",
                "30130-005",
            ),
            emails=[("contato@ferragenssaojoao.com.br", "general")],
            contacts=[
                ("José", "Albuquerque", "jose@ferragenssaojoao.com.br", "Sócio-gerente", True)
            ],
            notes=[
                (
                    "Compra fechaduras e dobradiças todo mês; avisar quando houver promoção.",
                    "MEDIUM",
                    6,
                ),
                ("Quer parcelar em 3x no boleto a partir de R$ 5.000.", "HIGH", 20),
            ],
            custom_fields={
                "segment": "hardware",
                "annual_revenue": "1200000",
                "accepts_newsletter": True,
                "customer_since": "2021-08-15",
            },
            registrations=[("IE", "062.307.904/0081")],
        ),
        _Seed(
            key="br-araucaria-textil",
            country="BR",
            legal_name="Tecelagem Araucária Indústria Têxtil S.A.",
            trade_name="Araucária Têxtil",
            responsible=("Helena", "Kowalski"),
            status="PROSPECT",
            temperature="HOT",
            group="wholesale",
            sales_rep="rep",
            discount_percent="0",
            currency="BRL",
            language="pt-BR",
            main=(
                "Rua XV de Novembro",
                "700",
                "Conjunto 804",
                "Centro",
                "Curitiba",
                "PR",
                "80020-310",
            ),
            emails=[
                ("suprimentos@araucariatextil.com.br", "purchasing"),
                ("diretoria@araucariatextil.com.br", "management"),
            ],
            contacts=[
                (
                    "Helena",
                    "Kowalski",
                    "helena.kowalski@araucariatextil.com.br",
                    "Diretora de Suprimentos",
                    True,
                ),
                ("Rafael", "Wisniewski", "rafael.w@araucariatextil.com.br", "Comprador", True),
            ],
            notes=[
                (
                    "Reunião marcada para apresentar aviamentos; decisão até o fim do mês.",
                    "HIGH",
                    1,
                ),
                (
                    "Usa o novo CNPJ alfanumérico; conferir cadastro no ERP antes de faturar.",
                    "MEDIUM",
                    3,
                ),
            ],
            custom_fields={
                "segment": "fashion",
                "annual_revenue": "23500000",
                "accepts_newsletter": False,
            },
            registrations=[("IE", "90123456-02"), ("IM", "10.234.567-8")],
            alphanumeric_cnpj=True,
        ),
        _Seed(
            key="br-gaucha-maquinas",
            country="BR",
            legal_name="Máquinas Gaúchas Comércio de Equipamentos Ltda",
            trade_name="Gaúcha Máquinas",
            responsible=("Lúcio", "Bertolini"),
            status="CURRENT",
            temperature="COLD",
            group="distributor",
            sales_rep=None,
            discount_percent="7.50",
            currency="BRL",
            language="pt-BR",
            main=("Avenida Ipiranga", "5200", None, "Azenha", "Porto Alegre", "RS", "90610-000"),
            emails=[("vendas@gauchamaquinas.com.br", "sales")],
            contacts=[
                ("Lúcio", "Bertolini", "lucio@gauchamaquinas.com.br", "Gerente Comercial", True)
            ],
            notes=[("Sem pedidos desde março; concorrente ofereceu prazo de 60 dias.", "HIGH", 55)],
            custom_fields={
                "segment": "industrial",
                "annual_revenue": "5600000",
                "customer_since": "2018-11-05",
            },
            registrations=[("IE", "096/3456789")],
        ),
        _Seed(
            key="br-ilha-surf",
            country="BR",
            legal_name="Ilha Surf Moda Praia Ltda",
            trade_name="Ilha Surf",
            responsible=("Camila", "Schmitt"),
            status="PROSPECT",
            temperature="WARM",
            group="retail",
            sales_rep=None,
            discount_percent="0",
            currency="BRL",
            language="pt-BR",
            main=(
                "Rua Felipe Schmidt",
                "315",
                "Loja 3",
                "Centro",
                "Florianópolis",
                "SC",
                "88010-001",
            ),
            emails=[("loja@ilhasurf.com.br", "general")],
            contacts=[("Camila", "Schmitt", "camila@ilhasurf.com.br", "Proprietária", True)],
            notes=[
                ("Pediu catálogo de verão; retornar em setembro antes da temporada.", "MEDIUM", 9)
            ],
            custom_fields={"segment": "fashion", "accepts_newsletter": True},
            registrations=[("IE", "ISENTO"), ("IM", "43.210-5")],
        ),
        _Seed(
            key="br-cerrado-alimentos",
            country="BR",
            legal_name="Cerrado Alimentos e Bebidas Ltda",
            trade_name="Cerrado Alimentos",
            responsible=("Wanderley", "Borges"),
            status="CURRENT",
            temperature="NOT_INTERESTED",
            group="wholesale",
            sales_rep="rep",
            discount_percent="3.00",
            currency="BRL",
            language="pt-BR",
            main=("Avenida T-63", "1250", "Galpão 3", "Setor Bueno", "Goiânia", "GO", "74230-100"),
            emails=[
                ("compras@cerradoalimentos.com.br", "purchasing"),
                ("nfe@cerradoalimentos.com.br", "invoices"),
            ],
            contacts=[
                ("Wanderley", "Borges", "wanderley@cerradoalimentos.com.br", "Diretor", False),
                ("Patrícia", "Moura", "patricia.moura@cerradoalimentos.com.br", "Compradora", True),
            ],
            notes=[
                (
                    "Disse que vai centralizar compras com um único fornecedor; não insistir.",
                    "NONE",
                    30,
                ),
                ("Ainda tem saldo de crédito de devolução em aberto.", "HIGH", 14),
            ],
            custom_fields={
                "segment": "food",
                "annual_revenue": "3100000",
                "accepts_newsletter": False,
                "customer_since": "2020-02-10",
            },
            registrations=[("IE", "10.987.654-3")],
        ),
        _Seed(
            key="br-paulista-parafusos",
            country="BR",
            legal_name="Parafusos Paulista Indústria e Comércio Ltda",
            trade_name="Paulista Parafusos",
            responsible=("Ricardo", "Tanaka"),
            status="PROSPECT",
            temperature="COLD",
            group="distributor",
            sales_rep="rep",
            discount_percent="0",
            currency="BRL",
            language="pt-BR",
            main=(
                "Rua Voluntários da Pátria",
                "2100",
                None,
                "Santana",
                "São Paulo",
                "SP",
                "02011-300",
            ),
            emails=[("comercial@paulistaparafusos.com.br", "sales")],
            contacts=[
                ("Ricardo", "Tanaka", "ricardo.tanaka@paulistaparafusos.com.br", "Comprador", True)
            ],
            notes=[],
            custom_fields={"segment": "industrial", "annual_revenue": "9800000"},
            alphanumeric_cnpj=True,
        ),
        _Seed(
            key="br-cafe-serra-mineira",
            country="BR",
            legal_name="Café Serra Mineira Torrefação Ltda",
            trade_name="Café Serra Mineira",
            responsible=("Beatriz", "Andrade"),
            status="CURRENT",
            temperature="HOT",
            group="wholesale",
            sales_rep="rep",
            discount_percent="12.00",
            currency="BRL",
            language="pt-BR",
            main=(
                "Rua da Bahia",
                "1148",
                "4º andar",
                "Centro",
                "Belo Horizonte",
                "MG",
                "30160-011",
            ),
            emails=[
                ("pedidos@cafeserramineira.com.br", "purchasing"),
                ("financeiro@cafeserramineira.com.br", "billing"),
                ("logistica@cafeserramineira.com.br", "logistics"),
            ],
            contacts=[
                ("Beatriz", "Andrade", "beatriz@cafeserramineira.com.br", "Sócia", True),
                ("Thiago", "Rezende", "thiago.rezende@cafeserramineira.com.br", "Logística", True),
                ("Luciana", "Prado", "luciana.prado@cafeserramineira.com.br", None, False),
            ],
            notes=[
                (
                    "Fechou contrato anual de embalagens valvuladas; revisar preço em janeiro.",
                    "HIGH",
                    4,
                ),
                ("Entregar sempre no armazém de Contagem, nunca no escritório.", "MEDIUM", 60),
                ("Enviou fotos da nova torrefadora para o blog.", "NONE", 90),
            ],
            custom_fields={
                "segment": "food",
                "annual_revenue": "15200000",
                "accepts_newsletter": True,
                "customer_since": "2017-06-20",
            },
            shipping=(
                "Avenida João César de Oliveira",
                "3000",
                None,
                "Eldorado",
                "Contagem",
                "MG",
                "32310-000",
            ),
            registrations=[("IE", "186.154.321/0099")],
        ),
        _Seed(
            key="br-pampa-moda",
            country="BR",
            legal_name="Confecções Pampa Ltda",
            trade_name="Pampa Moda",
            responsible=("Gustavo", "Dal Molin"),
            status="PROSPECT",
            temperature="NOT_INTERESTED",
            group="retail",
            sales_rep=None,
            discount_percent="0",
            currency="BRL",
            language="pt-BR",
            main=(
                "Rua dos Andradas",
                "1001",
                None,
                "Centro Histórico",
                "Porto Alegre",
                "RS",
                "90020-007",
            ),
            emails=[("atendimento@pampamoda.com.br", "general")],
            contacts=[("Gustavo", "Dal Molin", "gustavo@pampamoda.com.br", "Proprietário", False)],
            notes=[("Respondeu que só compra direto de fábrica.", "NONE", 75)],
            custom_fields={"segment": "fashion", "accepts_newsletter": False},
        ),
        _Seed(
            key="br-sul-ferramentas",
            country="BR",
            legal_name="Sul Ferramentas e Abrasivos Ltda",
            trade_name="Sul Ferramentas",
            responsible=("Sandra", "Hoffmann"),
            status="CURRENT",
            temperature="WARM",
            group="distributor",
            sales_rep=None,
            discount_percent="8.00",
            currency="BRL",
            language="pt-BR",
            main=("Avenida Sete de Setembro", "4500", None, "Batel", "Curitiba", "PR", "80250-205"),
            emails=[
                ("compras@sulferramentas.com.br", "purchasing"),
                ("sac@sulferramentas.com.br", "support"),
            ],
            contacts=[
                ("Sandra", "Hoffmann", "sandra.hoffmann@sulferramentas.com.br", "Gerente", True),
                ("Eduardo", "Bianchi", "eduardo.bianchi@sulferramentas.com.br", "Comprador", True),
            ],
            notes=[
                ("Interessada em discos de corte da linha premium; mandar amostras.", "MEDIUM", 8),
                ("Cadastro de substituição tributária atualizado.", "NONE", 33),
            ],
            custom_fields={
                "segment": "hardware",
                "annual_revenue": "4700000",
                "accepts_newsletter": True,
                "customer_since": "2022-01-12",
            },
            registrations=[("IE", "9012345601")],
        ),
        _Seed(
            key="br-pequi-doce",
            country="BR",
            legal_name="Doceria Pequi Doce Ltda",
            trade_name="Pequi Doce",
            responsible=("Marta", "Carvalho"),
            status="PROSPECT",
            temperature="HOT",
            group="retail",
            sales_rep=None,
            discount_percent="0",
            currency="BRL",
            language="pt-BR",
            main=("Rua 9", "1100", None, "Setor Oeste", "Goiânia", "GO", "74120-010"),
            emails=[("contato@pequidoce.com.br", "general")],
            contacts=[("Marta", "Carvalho", "marta@pequidoce.com.br", "Proprietária", True)],
            notes=[
                (
                    "Quer abrir segunda loja e precisa de fornecedor de embalagens até dezembro.",
                    "HIGH",
                    0,
                )
            ],
            custom_fields={
                "segment": "food",
                "annual_revenue": "650000",
                "accepts_newsletter": True,
            },
        ),
        _Seed(
            key="br-jb-reformas",
            country="BR",
            legal_name="João Batista Nogueira",
            trade_name="JB Reformas",
            responsible=("João", "Nogueira"),
            status="PROSPECT",
            temperature="WARM",
            group="retail",
            sales_rep=None,
            discount_percent="0",
            currency="BRL",
            language="pt-BR",
            main=(
                "Rua Lauro Linhares",
                "589",
                "Casa 2",
                "Trindade",
                "Florianópolis",
                "SC",
                "88036-001",
            ),
            emails=[("jb.reformas.floripa@gmail.com", "general")],
            contacts=[
                ("João", "Nogueira", "joao.batista.nogueira@hotmail.com", "Empreiteiro", True)
            ],
            notes=[("Pede orçamento por WhatsApp; prefere áudio a e-mail.", "MEDIUM", 5)],
            custom_fields={"segment": "hardware", "accepts_newsletter": False},
            is_individual=True,
        ),
        _Seed(
            key="br-atelie-ana-paula",
            country="BR",
            legal_name="Ana Paula Rocha de Souza",
            trade_name="Ateliê Ana Paula",
            responsible=("Ana Paula", "Rocha de Souza"),
            status="CURRENT",
            temperature="COLD",
            group="retail",
            sales_rep=None,
            discount_percent="2.50",
            currency="BRL",
            language="pt-BR",
            main=(
                "Rua José Paulino",
                "450",
                "Box 17",
                "Bom Retiro",
                "São Paulo",
                "SP",
                "01120-000",
            ),
            emails=[("atelieanapaula@gmail.com", "general")],
            contacts=[
                ("Ana Paula", "Rocha de Souza", "anapaula.rocha@outlook.com", "Costureira", True)
            ],
            notes=[
                (
                    "Comprou só uma vez no ano; perguntar se o preço do tecido foi o problema.",
                    "MEDIUM",
                    45,
                ),
                ("Pagamento sempre via Pix.", "NONE", 120),
            ],
            custom_fields={
                "segment": "fashion",
                "annual_revenue": "180000",
                "customer_since": "2023-04-03",
            },
            is_individual=True,
        ),
        _Seed(
            key="br-mercearia-do-cadu",
            country="BR",
            legal_name="Carlos Eduardo Pereira Lima",
            trade_name="Mercearia do Cadu",
            responsible=("Carlos Eduardo", "Pereira Lima"),
            status="CURRENT",
            temperature="NOT_INTERESTED",
            group="retail",
            sales_rep=None,
            discount_percent="0",
            currency="BRL",
            language="pt-BR",
            main=(
                "Rua Pouso Alegre",
                "2012",
                None,
                "Santa Tereza",
                "Belo Horizonte",
                "MG",
                "31010-000",
            ),
            emails=[("merceariadocadu@gmail.com", "general")],
            contacts=[("Carlos Eduardo", "Pereira Lima", "cadu.pereira@yahoo.com.br", None, False)],
            notes=[],
            custom_fields={
                "segment": "food",
                "accepts_newsletter": False,
                "customer_since": "2022-09-30",
            },
            is_individual=True,
        ),
    ]


def _romania() -> list[_Seed]:
    return [
        _Seed(
            key="ro-stefan-fiii",
            country="RO",
            legal_name="Ștefan & Fiii SRL",
            trade_name="Ștefan & Fiii",
            responsible=("Ștefan", "Popescu"),
            status="CURRENT",
            temperature="HOT",
            group="distributor",
            sales_rep="rep2",
            discount_percent="10.00",
            currency="RON",
            language="ro",
            main=(
                "Strada Doamna Ghica",
                "12",
                "Et. 1",
                "Sector 2",
                "București",
                "București",
                "022835",
            ),
            emails=[
                ("achizitii@stefanfiii.ro", "purchasing"),
                ("contabilitate@stefanfiii.ro", "billing"),
            ],
            contacts=[
                ("Andrei", "Popescu", "andrei.popescu@stefanfiii.ro", "Director achiziții", True),
                ("Ioana", "Dumitrescu", "ioana.dumitrescu@stefanfiii.ro", "Contabil șef", False),
            ],
            notes=[
                ("Vrea ofertă pentru 40 de paleți de feronerie până vineri.", "HIGH", 1),
                ("Plătește la 30 de zile, fără întârzieri până acum.", "NONE", 25),
                ("A cerut factura în RON și în EUR pentru comparație.", "MEDIUM", 10),
            ],
            custom_fields={
                "segment": "hardware",
                "annual_revenue": "7800000",
                "accepts_newsletter": True,
                "customer_since": "2018-05-14",
            },
        ),
        _Seed(
            key="ro-somes-textile",
            country="RO",
            legal_name="Textile Someș SRL",
            trade_name="Someș Textile",
            responsible=("Ana", "Mureșan"),
            status="PROSPECT",
            temperature="WARM",
            group="wholesale",
            sales_rep="rep2",
            discount_percent="0",
            currency="EUR",
            language="en",
            main=("Strada Memorandumului", "28", "Et. 2", None, "Cluj-Napoca", "Cluj", "400114"),
            emails=[("office@somestextile.ro", "general")],
            contacts=[
                ("Ana", "Mureșan", "ana.muresan@somestextile.ro", "Purchasing manager", True),
                ("Radu", "Pop", "radu.pop@somestextile.ro", "CFO", False),
            ],
            notes=[
                ("Asked for EUR price list and samples of cotton twill.", "MEDIUM", 7),
                ("Prefers calls after 14:00 Romanian time.", "NONE", 15),
            ],
            custom_fields={
                "segment": "fashion",
                "annual_revenue": "4200000",
                "accepts_newsletter": True,
            },
        ),
        _Seed(
            key="ro-banat-industrial",
            country="RO",
            legal_name="Banat Industrial Componente SA",
            trade_name="BIC Timișoara",
            responsible=("Mihai", "Ionescu"),
            status="CURRENT",
            temperature="COLD",
            group="distributor",
            sales_rep=None,
            discount_percent="6.00",
            currency="EUR",
            language="en",
            main=("Calea Aradului", "56", None, None, "Timișoara", "Timiș", "300088"),
            emails=[("procurement@banat-industrial.ro", "purchasing")],
            contacts=[
                ("Mihai", "Ionescu", "mihai.ionescu@banat-industrial.ro", "Procurement lead", True)
            ],
            notes=[
                ("Orders dropped after their German parent changed suppliers.", "HIGH", 50),
                ("Needs CE certificates attached to every delivery.", "MEDIUM", 110),
            ],
            custom_fields={
                "segment": "industrial",
                "annual_revenue": "21000000",
                "customer_since": "2016-10-01",
            },
        ),
        _Seed(
            key="ro-panificatia-moldova",
            country="RO",
            legal_name="Panificația Moldova SRL",
            trade_name="Pâine de Iași",
            responsible=("Elena", "Rusu"),
            status="CURRENT",
            temperature="WARM",
            group="wholesale",
            sales_rep=None,
            discount_percent="4.00",
            currency="RON",
            language="ro",
            main=("Bulevardul Ștefan cel Mare și Sfânt", "8", None, None, "Iași", "Iași", "700063"),
            emails=[("comenzi@painedeiasi.ro", "purchasing")],
            contacts=[("Elena", "Rusu", "elena.rusu@painedeiasi.ro", "Administrator", True)],
            notes=[("Comandă lunară stabilă de ambalaje pentru pâine.", "NONE", 18)],
            custom_fields={
                "segment": "food",
                "annual_revenue": "2300000",
                "accepts_newsletter": False,
                "customer_since": "2021-03-22",
            },
        ),
        _Seed(
            key="ro-feroneria-carpati",
            country="RO",
            legal_name="Feroneria Carpați SRL",
            trade_name="Feroneria Carpați",
            responsible=("Vlad", "Munteanu"),
            status="PROSPECT",
            temperature="HOT",
            group="retail",
            sales_rep=None,
            discount_percent="0",
            currency="RON",
            language="ro",
            main=("Strada Republicii", "45", None, None, "Brașov", "Brașov", "500030"),
            emails=[("contact@feroneriacarpati.ro", "general")],
            contacts=[("Vlad", "Munteanu", "vlad@feroneriacarpati.ro", "Proprietar", True)],
            notes=[
                ("Deschide magazin nou în Sibiu; vrea listă de prețuri săptămâna asta.", "HIGH", 2),
                ("A vizitat standul nostru la târgul din București.", "NONE", 21),
            ],
            custom_fields={"segment": "hardware", "accepts_newsletter": True},
        ),
        _Seed(
            key="ro-atelier-ileana",
            country="RO",
            legal_name="Atelierul de Modă Ileana SRL",
            trade_name="Ileana Atelier",
            responsible=("Ileana", "Stoica"),
            status="CURRENT",
            temperature="NOT_INTERESTED",
            group="retail",
            sales_rep=None,
            discount_percent="0",
            currency="RON",
            language="ro",
            main=(
                "Calea Victoriei",
                "155",
                "Sc. B, Ap. 7",
                "Sector 1",
                "București",
                "București",
                "010073",
            ),
            emails=[("ileana@atelierileana.ro", "general")],
            contacts=[("Ileana", "Stoica", "ileana.stoica@atelierileana.ro", "Designer", False)],
            notes=[("Își închide colecția de iarnă; nu mai comandă anul acesta.", "MEDIUM", 35)],
            custom_fields={
                "segment": "fashion",
                "annual_revenue": "350000",
                "accepts_newsletter": False,
                "customer_since": "2022-11-11",
            },
        ),
        _Seed(
            key="ro-podgoriile-bahlui",
            country="RO",
            legal_name="Podgoriile Bahluiului SRL",
            trade_name=None,
            responsible=("Constantin", "Ciobanu"),
            status="PROSPECT",
            temperature="COLD",
            group="wholesale",
            sales_rep="rep2",
            discount_percent="0",
            currency="RON",
            language="ro",
            main=("Strada Păcurari", "110", None, None, "Iași", "Iași", "700521"),
            emails=[("office@podgoriilebahlui.ro", "general")],
            contacts=[
                (
                    "Constantin",
                    "Ciobanu",
                    "constantin@podgoriilebahlui.ro",
                    "Director general",
                    True,
                )
            ],
            notes=[
                (
                    "Interes pentru sticle personalizate, dar bugetul e amânat pentru 2027.",
                    "MEDIUM",
                    64,
                )
            ],
            custom_fields={"segment": "food"},
        ),
        _Seed(
            key="ro-bega-agro",
            country="RO",
            legal_name="Agroalimentara Bega SRL",
            trade_name="Bega Agro",
            responsible=("Sorin", "Lazăr"),
            status="CURRENT",
            temperature="HOT",
            group="distributor",
            sales_rep="rep2",
            discount_percent="9.00",
            currency="EUR",
            language="ro",
            main=("Bulevardul Take Ionescu", "46", None, None, "Timișoara", "Timiș", "300043"),
            emails=[
                ("achizitii@begaagro.ro", "purchasing"),
                ("logistica@begaagro.ro", "logistics"),
            ],
            contacts=[
                ("Sorin", "Lazăr", "sorin.lazar@begaagro.ro", "Director comercial", True),
                ("Diana", "Marin", "diana.marin@begaagro.ro", "Logistică", True),
                ("Cristian", "Toma", "cristian.toma@begaagro.ro", None, False),
            ],
            notes=[
                (
                    "Contract cadru semnat; prima livrare la depozitul de pe Calea Șagului.",
                    "HIGH",
                    3,
                ),
                ("Cere factură în EUR cu curs BNR din ziua livrării.", "MEDIUM", 16),
                ("Vizită la depozit programată pentru luna viitoare.", "NONE", 28),
                ("Au întrebat de termene de plată de 60 de zile.", "MEDIUM", 41),
            ],
            custom_fields={
                "segment": "food",
                "annual_revenue": "12500000",
                "accepts_newsletter": True,
                "customer_since": "2020-07-01",
            },
            shipping=("Calea Șagului", "205", "Depozit 2", None, "Timișoara", "Timiș", "300517"),
        ),
        _Seed(
            key="ro-unelte-transilvania",
            country="RO",
            legal_name="Scule și Unelte Transilvania SRL",
            trade_name="Unelte Transilvania",
            responsible=("Gheorghe", "Pavel"),
            status="PROSPECT",
            temperature="NOT_INTERESTED",
            group="distributor",
            sales_rep=None,
            discount_percent="0",
            currency="RON",
            language="ro",
            main=("Calea Florești", "78", None, None, "Cluj-Napoca", "Cluj", "400509"),
            emails=[("vanzari@uneltetransilvania.ro", "sales")],
            contacts=[
                ("Gheorghe", "Pavel", "gheorghe.pavel@uneltetransilvania.ro", "Manager", False)
            ],
            notes=[("Are deja contract exclusiv cu alt importator.", "NONE", 80)],
            custom_fields={"segment": "industrial", "annual_revenue": "6400000"},
        ),
        _Seed(
            key="ro-marea-neagra",
            country="RO",
            legal_name="Marea Neagră Confecții SRL",
            trade_name="Marea Neagră",
            responsible=("Alina", "Constantinescu"),
            status="CURRENT",
            temperature="WARM",
            group="retail",
            sales_rep=None,
            discount_percent="2.50",
            currency="RON",
            language="ro",
            main=("Bulevardul Mamaia", "124", "Parter", None, "Constanța", "Constanța", "900527"),
            emails=[
                ("comenzi@mareaneagra-confectii.ro", "purchasing"),
                ("alina@mareaneagra-confectii.ro", "management"),
            ],
            contacts=[
                ("Alina", "Constantinescu", "alina.constantinescu@gmail.com", "Administrator", True)
            ],
            notes=[
                ("Sezonul de vară e vârful vânzărilor; stoc dublu în mai.", "MEDIUM", 12),
                ("Reclamație la o livrare cu cusături defecte, rezolvată.", "HIGH", 70),
            ],
            custom_fields={
                "segment": "fashion",
                "annual_revenue": "900000",
                "accepts_newsletter": True,
                "customer_since": "2023-02-17",
            },
        ),
        _Seed(
            key="ro-utilaje-dambovita",
            country="RO",
            legal_name="Utilaje Industriale Dâmbovița SRL",
            trade_name="UID Utilaje",
            responsible=("Bogdan", "Georgescu"),
            status="PROSPECT",
            temperature="WARM",
            group="wholesale",
            sales_rep=None,
            discount_percent="0",
            currency="EUR",
            language="en",
            main=(
                "Bulevardul Iuliu Maniu",
                "7",
                "Hala 3",
                "Sector 6",
                "București",
                "București",
                "061072",
            ),
            emails=[
                ("purchasing@uid-utilaje.ro", "purchasing"),
                ("finance@uid-utilaje.ro", "billing"),
            ],
            contacts=[
                ("Bogdan", "Georgescu", "bogdan.georgescu@uid-utilaje.ro", "Plant manager", True)
            ],
            notes=[
                ("Requested a quote for spare parts in EUR, delivery to Bucharest.", "MEDIUM", 6)
            ],
            custom_fields={
                "segment": "industrial",
                "annual_revenue": "18000000",
                "accepts_newsletter": False,
            },
        ),
    ]


def _spain() -> list[_Seed]:
    return [
        _Seed(
            key="es-cafes-ibericos",
            country="ES",
            legal_name="Cafés Ibéricos S.L.",
            trade_name="Cafés Ibéricos",
            responsible=("Lucía", "Fernández"),
            status="CURRENT",
            temperature="HOT",
            group="wholesale",
            sales_rep="rep2",
            discount_percent="7.50",
            currency="EUR",
            language="es",
            main=("Calle de Alcalá", "120", "3º B", "Salamanca", "Madrid", "Madrid", "28009"),
            emails=[
                ("compras@cafesibericos.es", "purchasing"),
                ("facturas@cafesibericos.es", "billing"),
            ],
            contacts=[
                ("Lucía", "Fernández", "lucia.fernandez@cafesibericos.es", "Jefa de compras", True),
                ("Javier", "Ruiz", "javier.ruiz@cafesibericos.es", "Almacén", True),
            ],
            notes=[
                ("Quiere ampliar el pedido de cápsulas compostables para Navidad.", "HIGH", 2),
                ("Pago por transferencia a 30 días, siempre puntual.", "NONE", 45),
                ("Pidió muestras del nuevo tueste natural.", "MEDIUM", 11),
            ],
            custom_fields={
                "segment": "food",
                "annual_revenue": "6200000",
                "accepts_newsletter": True,
                "customer_since": "2019-09-09",
            },
        ),
        _Seed(
            key="es-ferreteria-gracia",
            country="ES",
            legal_name="Ferretería Gràcia S.L.",
            trade_name="Ferreteria Gràcia",
            responsible=("Jordi", "Puig"),
            status="CURRENT",
            temperature="WARM",
            group="retail",
            sales_rep=None,
            discount_percent="3.00",
            currency="EUR",
            language="es",
            main=(
                "Carrer Gran de Gràcia",
                "145",
                "Local 2",
                "Gràcia",
                "Barcelona",
                "Barcelona",
                "08012",
            ),
            emails=[("botiga@ferreteriagracia.cat", "general")],
            contacts=[("Jordi", "Puig", "jordi.puig@ferreteriagracia.cat", "Propietario", True)],
            notes=[("Pide reposición quincenal de tornillería; revisar mínimos.", "MEDIUM", 9)],
            custom_fields={
                "segment": "hardware",
                "annual_revenue": "780000",
                "accepts_newsletter": True,
                "customer_since": "2022-04-04",
            },
        ),
        _Seed(
            key="es-turia-textil",
            country="ES",
            legal_name="Textiles del Turia S.A.",
            trade_name="Turia Textil",
            responsible=("Vicente", "Martí"),
            status="PROSPECT",
            temperature="HOT",
            group="distributor",
            sales_rep=None,
            discount_percent="0",
            currency="EUR",
            language="es",
            main=(
                "Avinguda del Port",
                "88",
                None,
                "Camins al Grau",
                "València",
                "València",
                "46023",
            ),
            emails=[
                ("compras@turiatextil.es", "purchasing"),
                ("direccion@turiatextil.es", "management"),
            ],
            contacts=[
                ("Vicente", "Martí", "vicente.marti@turiatextil.es", "Director comercial", True),
                ("Amparo", "Soler", "amparo.soler@turiatextil.es", "Compras", False),
            ],
            notes=[
                (
                    "Negociando contrato de distribución para toda la Comunidad Valenciana.",
                    "HIGH",
                    1,
                ),
                ("Necesitan etiquetado en valenciano y castellano.", "MEDIUM", 4),
            ],
            custom_fields={
                "segment": "fashion",
                "annual_revenue": "31000000",
                "accepts_newsletter": False,
            },
            vat_letter="A",
        ),
        _Seed(
            key="es-guadalquivir-gourmet",
            country="ES",
            legal_name="Aceites y Conservas Guadalquivir S.L.",
            trade_name="Guadalquivir Gourmet",
            responsible=("Manuel", "Romero"),
            status="CURRENT",
            temperature="COLD",
            group="wholesale",
            sales_rep=None,
            discount_percent="5.00",
            currency="EUR",
            language="es",
            main=(
                "Avenida de la Constitución",
                "24",
                None,
                "Casco Antiguo",
                "Sevilla",
                "Sevilla",
                "41004",
            ),
            emails=[("pedidos@guadalquivirgourmet.es", "purchasing")],
            contacts=[
                ("Manuel", "Romero", "manuel.romero@guadalquivirgourmet.es", "Gerente", True)
            ],
            notes=[
                (
                    "No compra desde la cosecha pasada; llamar antes de la campaña de aceite.",
                    "HIGH",
                    58,
                ),
                ("Prefiere palés europeos, no americanos.", "NONE", 150),
            ],
            custom_fields={
                "segment": "food",
                "annual_revenue": "2900000",
                "customer_since": "2018-01-15",
            },
        ),
        _Seed(
            key="es-nervion-suministros",
            country="ES",
            legal_name="Suministros Industriales Nervión S.A.",
            trade_name="Nervión Suministros",
            responsible=("Iñaki", "Etxeberria"),
            status="CURRENT",
            temperature="HOT",
            group="distributor",
            sales_rep="rep2",
            discount_percent="15.00",
            currency="EUR",
            language="en",
            main=(
                "Gran Vía de Don Diego López de Haro",
                "45",
                "2º izda.",
                "Abando",
                "Bilbao",
                "Bizkaia",
                "48011",
            ),
            emails=[
                ("purchasing@nervionsuministros.es", "purchasing"),
                ("accounts@nervionsuministros.es", "billing"),
                ("warehouse@nervionsuministros.es", "logistics"),
            ],
            contacts=[
                (
                    "Iñaki",
                    "Etxeberria",
                    "inaki.etxeberria@nervionsuministros.es",
                    "Managing director",
                    True,
                ),
                ("Ane", "Goikoetxea", "ane.goikoetxea@nervionsuministros.es", "Buyer", True),
                ("Peter", "Walsh", "peter.walsh@nervionsuministros.es", "Export manager", False),
            ],
            notes=[
                ("Framework agreement renewed at 15% discount for two years.", "HIGH", 5),
                (
                    "Deliveries go to the Zamudio warehouse, never to the Bilbao office.",
                    "MEDIUM",
                    30,
                ),
                ("Asked about EDI integration for purchase orders.", "MEDIUM", 19),
                ("Sent Christmas hamper last year; they appreciated it.", "NONE", 300),
            ],
            custom_fields={
                "segment": "industrial",
                "annual_revenue": "48000000",
                "accepts_newsletter": True,
                "customer_since": "2015-02-02",
            },
            shipping=(
                "Parque Tecnológico de Bizkaia",
                "204",
                "Nave 3",
                None,
                "Zamudio",
                "Bizkaia",
                "48170",
            ),
            vat_letter="A",
        ),
        _Seed(
            key="es-costa-del-sol-moda",
            country="ES",
            legal_name="Moda Costa del Sol S.L.",
            trade_name="Costa del Sol Moda",
            responsible=("Carmen", "Jiménez"),
            status="PROSPECT",
            temperature="COLD",
            group="retail",
            sales_rep=None,
            discount_percent="0",
            currency="EUR",
            language="es",
            main=("Calle Marqués de Larios", "9", "1º", "Centro", "Málaga", "Málaga", "29005"),
            emails=[("info@costadelsolmoda.es", "general")],
            contacts=[
                ("Carmen", "Jiménez", "carmen.jimenez@costadelsolmoda.es", "Encargada", False)
            ],
            notes=[("Dijo que volviéramos a llamar después del verano.", "NONE", 95)],
            custom_fields={"segment": "fashion"},
        ),
        _Seed(
            key="es-rias-altas",
            country="ES",
            legal_name="Conservas Rías Altas S.L.",
            trade_name="Rías Altas",
            responsible=("Xosé", "Castro"),
            status="PROSPECT",
            temperature="NOT_INTERESTED",
            group="wholesale",
            sales_rep=None,
            discount_percent="0",
            currency="EUR",
            language="es",
            main=("Rúa Real", "52", None, "Ciudad Vieja", "A Coruña", "A Coruña", "15003"),
            emails=[("administracion@riasaltas.gal", "billing")],
            contacts=[("Xosé", "Castro", "xose.castro@riasaltas.gal", "Administrador", True)],
            notes=[],
            custom_fields={
                "segment": "food",
                "annual_revenue": "1500000",
                "accepts_newsletter": False,
            },
        ),
        _Seed(
            key="es-herramientas-castellanas",
            country="ES",
            legal_name="Herramientas Castellanas S.L.",
            trade_name="Herramientas Castellanas",
            responsible=("Pablo", "García"),
            status="PROSPECT",
            temperature="WARM",
            group="distributor",
            sales_rep=None,
            discount_percent="0",
            currency="EUR",
            language="es",
            main=("Calle de Bravo Murillo", "210", "Local", "Tetuán", "Madrid", "Madrid", "28020"),
            emails=[("comercial@herramientascastellanas.es", "sales")],
            contacts=[
                ("Pablo", "García", "pablo.garcia@herramientascastellanas.es", "Gerente", True),
                ("Marta", "López", "marta.lopez@herramientascastellanas.es", "Compras", True),
            ],
            notes=[
                (
                    "Le interesa la gama profesional; enviar tarifa con portes incluidos.",
                    "MEDIUM",
                    13,
                )
            ],
            custom_fields={"segment": "hardware", "annual_revenue": "3400000"},
        ),
        _Seed(
            key="es-mediterrania-confecciones",
            country="ES",
            legal_name="Confecciones Mediterrània S.L.",
            trade_name="Mediterrània",
            responsible=("Núria", "Vidal"),
            status="CURRENT",
            temperature="NOT_INTERESTED",
            group="wholesale",
            sales_rep=None,
            discount_percent="4.00",
            currency="EUR",
            language="es",
            main=(
                "Carrer de Pujades",
                "77",
                "Nave B",
                "Poblenou",
                "Barcelona",
                "Barcelona",
                "08005",
            ),
            emails=[
                ("compres@mediterrania.cat", "purchasing"),
                ("admin@mediterrania.cat", "billing"),
            ],
            contacts=[("Núria", "Vidal", "nuria.vidal@mediterrania.cat", "Directora", True)],
            notes=[
                (
                    "Han trasladado la producción a Portugal y ya no necesitan tejidos.",
                    "MEDIUM",
                    26,
                ),
                ("Queda una factura pendiente de abono.", "HIGH", 22),
            ],
            custom_fields={
                "segment": "fashion",
                "annual_revenue": "5100000",
                "accepts_newsletter": False,
                "customer_since": "2017-03-27",
            },
        ),
        _Seed(
            key="es-ceramicas-levante",
            country="ES",
            legal_name="Cerámicas Levante S.A.",
            trade_name="Cerámicas Levante",
            responsible=("Rosa", "Navarro"),
            status="PROSPECT",
            temperature="HOT",
            group="wholesale",
            sales_rep=None,
            discount_percent="0",
            currency="EUR",
            language="es",
            main=(
                "Carrer de Colón",
                "12",
                "5ª planta",
                "Sant Francesc",
                "València",
                "València",
                "46004",
            ),
            emails=[("compras@ceramicaslevante.es", "purchasing")],
            contacts=[
                ("Rosa", "Navarro", "rosa.navarro@ceramicaslevante.es", "Jefa de compras", True)
            ],
            notes=[
                (
                    "Urgente: quieren presupuesto de abrasivos antes del cierre del trimestre.",
                    "HIGH",
                    0,
                ),
                ("Comparan con un proveedor italiano; competir en plazo de entrega.", "MEDIUM", 3),
            ],
            custom_fields={
                "segment": "industrial",
                "annual_revenue": "27000000",
                "accepts_newsletter": True,
            },
            vat_letter="A",
        ),
        _Seed(
            key="es-ferreteria-la-giralda",
            country="ES",
            legal_name="Ferretería La Giralda S.L.",
            trade_name="La Giralda",
            responsible=("Antonio", "Moreno"),
            status="CURRENT",
            temperature="WARM",
            group="retail",
            sales_rep=None,
            discount_percent="2.00",
            currency="EUR",
            language="es",
            main=("Calle Feria", "35", None, "Macarena", "Sevilla", "Sevilla", "41003"),
            emails=[("tienda@ferreterialagiralda.es", "general")],
            contacts=[
                ("Antonio", "Moreno", "antonio@ferreterialagiralda.es", "Propietario", True),
                ("Rocío", "Sánchez", "rocio.sanchez@ferreterialagiralda.es", "Dependienta", False),
            ],
            notes=[
                ("Pregunta por cerraduras de seguridad para comunidades de vecinos.", "MEDIUM", 7),
                ("Cliente fiel, paga al contado.", "NONE", 200),
            ],
            custom_fields={
                "segment": "hardware",
                "annual_revenue": "420000",
                "accepts_newsletter": True,
                "customer_since": "2020-10-19",
            },
        ),
    ]


# --- Generated identifiers ----------------------------------------------------------------


def _mobile(rng: random.Random, country: str, city: str) -> str:
    if country == "BR":
        return f"+55{_BR_AREA_CODES[city]}9{rng.randint(6000, 9999)}{rng.randint(0, 9999):04d}"
    if country == "RO":
        # 072-077 are allocated whole to mobile operators; parts of 078 are not.
        return f"+407{rng.choice('234567')}{rng.randint(0, 9_999_999):07d}"
    return f"+346{rng.randint(0, 99_999_999):08d}"


def _landline(rng: random.Random, country: str, city: str) -> str:
    if country == "BR":
        return f"+55{_BR_AREA_CODES[city]}{rng.randint(2, 5)}{rng.randint(0, 9_999_999):07d}"
    area = (_RO_AREA_CODES if country == "RO" else _ES_AREA_CODES)[city]
    calling_code = "40" if country == "RO" else "34"
    # Romanian and Spanish national numbers have 9 digits including the area code.
    width = 9 - len(area) - 1
    subscriber = f"{rng.randint(2, 4)}{rng.randint(0, 10**width - 1):0{width}d}"
    return f"+{calling_code}{area}{subscriber}"


def _tax_ids(rng: random.Random, seed: _Seed) -> list[dict[str, str]]:
    country = seed.country
    if country == "BR":
        if seed.is_individual:
            primary = {"kind": "CPF", "value": generate_cpf(rng)}
        else:
            primary = {"kind": "CNPJ", "value": generate_cnpj(rng, seed.alphanumeric_cnpj)}
    elif country == "RO":
        primary = {"kind": "VAT", "value": "RO" + generate_ro_cui(rng)}
    else:
        cif = generate_es_cif(rng, seed.vat_letter, seed.main[6][:2])
        primary = {"kind": "VAT", "value": "ES" + cif}
    extra = [{"kind": kind, "value": value} for kind, value in seed.registrations]
    return [primary, *extra]


def _address(kind: str, country: str, parts: _Address) -> dict[str, Any]:
    street, number, complement, district, city, state, postal_code = parts
    return {
        "kind": kind,
        "street": street,
        "number": number,
        "complement": complement,
        "district": district,
        "city": city,
        "state": state,
        "postal_code": postal_code,
        "country": country,
    }


def _build(rng: random.Random, seed: _Seed) -> dict[str, Any]:
    country = seed.country
    city = seed.main[4]
    first_name, last_name = seed.responsible
    responsible_phone = _mobile(rng, country, city)

    phones: list[dict[str, Any]] = []
    if not seed.is_individual:
        phones.append(
            {"number": _landline(rng, country, city), "label": "office", "whatsapp": False}
        )
    phones.append({"number": responsible_phone, "label": "mobile", "whatsapp": True})

    addresses = [_address("MAIN", country, seed.main)]
    if seed.shipping is not None:
        addresses.append(_address("SHIPPING", country, seed.shipping))

    contacts = [
        {
            "first_name": c_first,
            "last_name": c_last,
            "email": email,
            "phone": _mobile(rng, country, city) if has_phone else None,
            "job_title": job_title,
        }
        for c_first, c_last, email, job_title, has_phone in seed.contacts
    ]

    return {
        "key": seed.key,
        "legal_name": seed.legal_name,
        "trade_name": seed.trade_name,
        "is_individual": seed.is_individual,
        "responsible_first_name": first_name,
        "responsible_last_name": last_name,
        "responsible_phone": responsible_phone,
        "status": seed.status,
        "temperature": seed.temperature,
        "preferred_currency": seed.currency,
        "preferred_language": seed.language,
        "discount_percent": seed.discount_percent,
        "group": seed.group,
        "sales_rep": seed.sales_rep,
        "tax_ids": _tax_ids(rng, seed),
        "addresses": addresses,
        "emails": [{"email": email, "label": label} for email, label in seed.emails],
        "phones": phones,
        "contacts": contacts,
        "notes": [
            {"body": body, "priority": priority, "days_ago": days_ago}
            for body, priority, days_ago in seed.notes
        ],
        "custom_fields": dict(seed.custom_fields),
    }


def demo_companies() -> list[dict[str, Any]]:
    """Build the demo customer list; identical on every call."""
    # A fresh generator per call keeps the output independent of earlier calls.
    rng = random.Random(2026)
    seeds = [*_brazil(), *_romania(), *_spain()]
    return [_build(rng, seed) for seed in seeds]
