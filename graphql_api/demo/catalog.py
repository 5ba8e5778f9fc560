"""The demo catalog: suppliers, a category tree, carriers, 200+ products, price lists in BRL and
EUR, catalog limits and commercial policies, all made through the real services.

Products come from a table of base items multiplied by their variants (sizes, colours); stock
comes from a fixed-seed generator, so every load builds the same catalog. What the demo buyers
see (README, "Demo credentials"):

- Retail (jose@ferragenssaojoao.com.br): list "Varejo BRL", the company's 5% discount capped
  at 3% by the Retail policy, and only the hardware, cleaning and packaging suppliers;
- Wholesale (helena.kowalski@araucariatextil.com.br): list "Atacado BRL" with tiers at 10 and
  50 order minimums, and the group's 5% discount;
- Distributor (marcos.lima@acai-norte.com.br): list "Distribuidor BRL" with tiers at 10, 50 and
  200 order minimums, and the company's 10% discount.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from graphql_api.auth.principal import Principal
from graphql_api.demo.companies import DEMO_GROUPS, demo_companies
from graphql_api.models import Company, CustomerGroup, Product, Storefront, Supplier
from graphql_api.services import catalog, policies, price_lists, visibility
from graphql_api.services.errors import Result
from graphql_api.services.money import Money

__all__ = ["DEMO_SUPPLIERS", "demo_products", "load_catalog"]

# The demo storefront sells in reais: the base prices are BRL.
BASE_CURRENCY = "BRL"

# key -> (name, code); the first name marks the demo catalog as loaded.
DEMO_SUPPLIERS: dict[str, tuple[str, str]] = {
    "FG": ("Forja Gaúcha Ferramentas", "FG"),
    "TV": ("Tecelagem Vale do Itajaí", "TV"),
    "SA": ("Serra Azul Cozinha Profissional", "SA"),
    "CR": ("Cristal Química Limpeza", "CR"),
    "PP": ("Paraná Pack Embalagens", "PP"),
}

# The tree, in display order; every leaf holds products.
CATEGORY_TREE: dict[str, dict[str, Any]] = {
    "Ferramentas e ferragens": {
        "Ferramentas manuais": {},
        "Jardinagem e construção": {},
        "Fixação": {},
        "Cadeados e fechaduras": {},
        "EPI": {},
    },
    "Têxteis": {
        "Tecidos": {"Tecidos planos": {}, "Malhas": {}},
        "Cama, mesa e banho": {},
        "Uniformes profissionais": {},
    },
    "Food service": {
        "Utensílios de cozinha": {},
        "Cubas e panelas": {},
        "Descartáveis": {},
    },
    "Limpeza e higiene": {
        "Químicos de limpeza": {},
        "Utensílios de limpeza": {},
        "Papéis e sacos de lixo": {},
    },
    "Embalagens": {
        "Caixas de papelão": {},
        "Fitas e filmes": {},
        "Sacos, sacolas e potes": {},
    },
}

DEMO_CARRIERS: list[dict[str, str]] = [
    {"name": "Rodonorte Transportes", "tracking_url": "https://rastreio.rodonorte.example/"},
    {"name": "Expresso Araucária Cargas", "tracking_url": "https://expressoaraucaria.example/"},
    {"name": "TransPampa Logística", "tracking_url": "https://transpampa.example/rastreio"},
]


@dataclass(frozen=True)
class _Item:
    """A base product; each variant (SKU suffix, label, price factor) becomes one product. The
    label fills `{}` in the name; without a factor, each further variant costs `step` times the
    price more."""

    supplier: str
    category: tuple[str, ...]
    code: str
    name: str
    unit: str
    price: str
    variants: tuple[tuple[str, str, str | None], ...]
    description: str
    step: str = "0"
    minimum: int = 1
    multiple: int = 1


def _v(*specs: str) -> tuple[tuple[str, str, str | None], ...]:
    """Variants written as "CODE=label", or "CODE=label*factor" for a price of its own."""
    out = []
    for spec in specs:
        code, label = spec.split("=", 1)
        label, _, factor = label.partition("*")
        out.append((code, label, factor or None))
    return tuple(out)


_SIZES = _v("P=P", "M=M", "G=G", "GG=GG")
_HAND = ("Ferramentas e ferragens", "Ferramentas manuais")
_GARDEN = ("Ferramentas e ferragens", "Jardinagem e construção")
_FIX = ("Ferramentas e ferragens", "Fixação")
_LOCKS = ("Ferramentas e ferragens", "Cadeados e fechaduras")
_PPE = ("Ferramentas e ferragens", "EPI")
_WOVEN = ("Têxteis", "Tecidos", "Tecidos planos")
_KNIT = ("Têxteis", "Tecidos", "Malhas")
_HOME = ("Têxteis", "Cama, mesa e banho")
_UNIFORM = ("Têxteis", "Uniformes profissionais")
_KITCHEN = ("Food service", "Utensílios de cozinha")
_POTS = ("Food service", "Cubas e panelas")
_DISPOSABLE = ("Food service", "Descartáveis")
_CHEM = ("Limpeza e higiene", "Químicos de limpeza")
_CLEAN_TOOLS = ("Limpeza e higiene", "Utensílios de limpeza")
_PAPER = ("Limpeza e higiene", "Papéis e sacos de lixo")
_BOXES = ("Embalagens", "Caixas de papelão")
_TAPES = ("Embalagens", "Fitas e filmes")
_BAGS = ("Embalagens", "Sacos, sacolas e potes")

# fmt: off
ITEMS: tuple[_Item, ...] = (
    # Forja Gaúcha: hardware
    _Item(
        "FG", _GARDEN, "PA", "Pá {} com cabo de madeira 71 cm", "un", "49.90",
        _v("BIC=de bico", "QUA=quadrada", "AJU=ajuntadeira", "CAV=cavadeira articulada"),
        "Aço carbono temperado, cabo de eucalipto tratado.", step="0.12",
    ),
    _Item(
        "FG", _GARDEN, "ENX", "Enxada estreita {} com cabo", "un", "42.00",
        _v("2=2 lb", "25=2,5 lb", "3=3 lb"),
        "Lâmina forjada com olho reforçado; cabo de 1,50 m.", step="0.08",
    ),
    _Item(
        "FG", _GARDEN, "ANC", "Ancinho de aço {}", "un", "32.00",
        _v("12=12 dentes", "14=14 dentes", "16=16 dentes", "18=18 dentes"),
        "Dentes curvos para folhas e terra solta.", step="0.07",
    ),
    _Item(
        "FG", _GARDEN, "CAR", "Carrinho de mão {}", "un", "289.00",
        _v("60=caçamba 60 L pneu maciço", "80=caçamba 80 L pneu com câmara",
           "90R=caçamba 90 L reforçado"),
        "Caçamba de aço galvanizado para obra e jardim.", step="0.18",
    ),
    _Item(
        "FG", _GARDEN, "ESC", "Escada de alumínio {}", "un", "249.00",
        _v("5=5 degraus", "6=6 degraus", "7=7 degraus", "8=8 degraus"),
        "Escada doméstica com sapatas antiderrapantes; suporta 120 kg.", step="0.14",
    ),
    _Item(
        "FG", _HAND, "MAR", "Martelo de unha {} cabo de fibra", "un", "38.90",
        _v("20=20 mm", "23=23 mm", "25=25 mm", "27=27 mm"),
        "Cabeça forjada e polida, cabo de fibra de vidro emborrachado.", step="0.10",
    ),
    _Item(
        "FG", _HAND, "ALI", "Alicate {} 8\"", "un", "34.50",
        _v("UNI=universal", "DIA=de corte diagonal", "MC=bico meia-cana", "PRE=de pressão"),
        "Aço cromo-vanádio, cabo isolado 1.000 V.", step="0.06",
    ),
    _Item(
        "FG", _HAND, "CHC", "Chave combinada {}", "un", "14.90",
        _v("08=8 mm", "10=10 mm", "12=12 mm", "13=13 mm", "17=17 mm", "19=19 mm"),
        "Boca e estria em aço cromo-vanádio.", step="0.09",
    ),
    _Item(
        "FG", _HAND, "JCF", "Jogo de chaves de fenda e Phillips {}", "un", "44.90",
        _v("6=6 peças", "8=8 peças", "12=12 peças"),
        "Pontas magnetizadas, estojo plástico.", step="0.35",
    ),
    _Item(
        "FG", _HAND, "TRE", "Trena emborrachada {}", "un", "19.90",
        _v("3=3 m", "5=5 m", "8=8 m", "10=10 m"),
        "Fita de aço com trava e clipe de cinto.", step="0.25",
    ),
    _Item(
        "FG", _HAND, "SER", "Serrote {}", "un", "39.90",
        _v("18=18\"", "20=20\"", "22=22\"", "24=24\""),
        "Dentes temperados para madeira, cabo ergonômico.", step="0.08",
    ),
    _Item(
        "FG", _FIX, "PAR", "Parafuso sextavado zincado {} (caixa com 100)", "cx", "28.00",
        _v("M6=M6 × 40", "M8=M8 × 50", "M10=M10 × 60", "M12=M12 × 80"),
        "Classe 8.8, rosca métrica, acompanha porca.", step="0.45",
    ),
    _Item(
        "FG", _FIX, "BUC", "Bucha de náilon {} (pacote com 100)", "pct", "9.90",
        _v("6=6 mm", "8=8 mm", "10=10 mm", "12=12 mm"),
        "Para alvenaria e concreto.", step="0.30",
    ),
    _Item(
        "FG", _FIX, "PRE", "Prego com cabeça {}", "kg", "18.50",
        _v("1212=12 × 12", "1515=15 × 15", "1727=17 × 27", "1830=18 × 30", "1936=19 × 36"),
        "Aço polido, vendido em sacos de 5 kg.", step="0.03", minimum=5, multiple=5,
    ),
    _Item(
        "FG", _LOCKS, "CAD", "Cadeado de latão {}", "un", "12.90",
        _v("20=20 mm", "25=25 mm", "30=30 mm", "40=40 mm", "50=50 mm", "60=60 mm"),
        "Corpo de latão maciço, haste de aço cementado, 2 chaves.", step="0.30",
    ),
    _Item(
        "FG", _LOCKS, "FEC", "Fechadura {} cromada", "un", "69.90",
        _v("EXT=externa", "INT=interna", "BAN=para banheiro", "TET=tetra chave"),
        "Máquina de 40 mm, maçaneta tipo alavanca.", step="0.20",
    ),
    _Item(
        "FG", _PPE, "LUV", "Luva de vaqueta {}", "un", "16.90",
        _SIZES,
        "Couro curtido ao cromo; vendida em dúzias.", minimum=12, multiple=12,
    ),
    _Item(
        "FG", _PPE, "OCU", "Óculos de proteção {}", "un", "11.50",
        _v("INC=lente incolor", "CIN=lente cinza", "AMB=lente âmbar"),
        "Policarbonato com proteção UV; CA válido.",
    ),
    # Tecelagem Vale do Itajaí: textiles
    _Item(
        "TV", _WOVEN, "ALG", "Tecido algodão cru largura {}", "m", "14.90",
        _v("140=1,40 m", "160=1,60 m", "220=2,20 m", "240=2,40 m"),
        "Tela 100% algodão, 150 g/m², para tingir ou estampar.", step="0.22", minimum=10,
    ),
    _Item(
        "TV", _WOVEN, "TRI", "Tecido tricoline 100% algodão {}", "m", "21.90",
        _v("BRA=branco", "MAR=azul-marinho", "VER=vermelho", "PRE=preto", "FLO=estampa floral",
           "XAD=xadrez vichy"),
        "Largura 1,50 m, toque macio, não desbota.", minimum=5,
    ),
    _Item(
        "TV", _WOVEN, "BRI", "Brim profissional {}", "m", "27.50",
        _v("ROY=azul royal", "CAQ=cáqui", "CIN=cinza", "OLI=verde-oliva", "PRE=preto"),
        "Sarja 3/1, 260 g/m², para uniformes e aventais.", minimum=10,
    ),
    _Item(
        "TV", _WOVEN, "LIN", "Linho misto {}", "m", "45.00",
        _v("CRU=cru", "ARE=areia", "OFF=off-white", "TER=terracota"),
        "55% linho, 45% viscose, largura 1,40 m.", minimum=3,
    ),
    _Item(
        "TV", _KNIT, "MAL", "Malha de algodão penteado {}", "kg", "64.90",
        _v("BRA=branca", "PRE=preta", "MES=mescla", "MAR=marinho", "BOR=bordô"),
        "Meia-malha 30.1, rolo tubular.", minimum=5,
    ),
    _Item(
        "TV", _KNIT, "MOL", "Moletom flanelado {}", "kg", "72.00",
        _v("CIN=cinza mescla", "PRE=preto", "MAR=azul-marinho"),
        "Felpado por dentro, 50% algodão, 50% poliéster.", minimum=5,
    ),
    _Item(
        "TV", _HOME, "TOA", "Toalha de banho felpuda {}", "un", "39.90",
        _v("BRA=branca", "AZU=azul", "BEG=bege", "CIN=cinza"),
        "500 g/m², 70 × 140 cm; hotelaria.", minimum=6, multiple=6,
    ),
    _Item(
        "TV", _HOME, "PAN", "Pano de prato alvejado {} (pacote com 5)", "pct", "24.90",
        _v("LIS=liso", "BOR=com barra bordada", "XAD=xadrez"),
        "Sacaria 100% algodão, 45 × 70 cm.", step="0.10",
    ),
    _Item(
        "TV", _HOME, "LEN", "Lençol percal 200 fios {}", "un", "89.90",
        _v("SOL=solteiro", "CAS=casal", "QUE=queen", "KIN=king"),
        "Com elástico, 100% algodão.", step="0.18",
    ),
    _Item(
        "TV", _HOME, "TAM", "Toalha de mesa em jacquard {}", "un", "59.90",
        _v("4L=4 lugares", "6L=6 lugares", "8L=8 lugares"),
        "Tecido acetinado, fácil de passar.", step="0.25",
    ),
    _Item(
        "TV", _UNIFORM, "CAM", "Camiseta de uniforme gola careca {}", "un", "22.90",
        _v("P=P", "M=M", "G=G", "GG=GG", "XG=XG"),
        "Malha PV 160 g/m², pronta para bordar.", minimum=10,
    ),
    _Item(
        "TV", _UNIFORM, "JAL", "Jaleco de brim {}", "un", "69.90",
        _SIZES,
        "Manga longa, três bolsos, fechamento com botões.",
    ),
    _Item(
        "TV", _UNIFORM, "AVE", "Avental de cozinha em sarja {}", "un", "29.90",
        _v("PRE=preto", "BRA=branco", "VIN=vinho", "JEA=jeans"),
        "Com bolso frontal e alças reguláveis.",
    ),
    # Serra Azul: food service
    _Item(
        "SA", _POTS, "CUB", "Cuba gastronômica inox GN {}", "un", "89.90",
        _v("11-65=1/1 × 65 mm", "11-100=1/1 × 100 mm", "12-65=1/2 × 65 mm",
           "12-100=1/2 × 100 mm", "13-100=1/3 × 100 mm", "14-100=1/4 × 100 mm"),
        "Aço inox 304, empilhável, para buffet e pass-through.", step="-0.08",
    ),
    _Item(
        "SA", _POTS, "CAL", "Caldeirão de alumínio {}", "un", "189.00",
        _v("20=20 L", "30=30 L", "50=50 L", "70=70 L"),
        "Alumínio fundido 3 mm, alças rebitadas, com tampa.", step="0.35",
    ),
    _Item(
        "SA", _POTS, "FRI", "Frigideira antiaderente profissional {}", "un", "79.90",
        _v("24=24 cm", "28=28 cm", "32=32 cm"),
        "Revestimento triplo, cabo de baquelite.", step="0.20",
    ),
    _Item(
        "SA", _KITCHEN, "FAC", "Faca do chef aço inox {}", "un", "59.90",
        _v("6=6\"", "8=8\"", "10=10\"", "12=12\""),
        "Lâmina de aço inox alto carbono, cabo de polipropileno.", step="0.15",
    ),
    _Item(
        "SA", _KITCHEN, "TAB", "Tábua de corte de polietileno {}", "un", "49.90",
        _v("BRA=branca", "VER=verde", "AZU=azul", "VRM=vermelha", "AMA=amarela"),
        "50 × 30 × 1 cm; cores para separar carnes, peixes, legumes e pães.",
    ),
    _Item(
        "SA", _KITCHEN, "CON", "Concha de inox {}", "un", "24.90",
        _v("80=80 ml", "120=120 ml", "250=250 ml"),
        "Peça única, cabo com gancho.", step="0.20",
    ),
    _Item(
        "SA", _KITCHEN, "FOR", "Forma de alumínio retangular {}", "un", "34.90",
        _v("3020=30 × 20 cm", "4030=40 × 30 cm", "5035=50 × 35 cm"),
        "Altura 7 cm, alumínio reforçado.", step="0.30",
    ),
    _Item(
        "SA", _KITCHEN, "POT", "Pote hermético de polipropileno {}", "un", "12.90",
        _v("500=500 ml", "1L=1 L", "25L=2,5 L", "5L=5 L"),
        "Tampa com vedação de silicone; vai ao freezer e ao micro-ondas.", step="0.40",
        minimum=6, multiple=6,
    ),
    _Item(
        "SA", _DISPOSABLE, "LUV", "Luva nitrílica descartável {} (caixa com 100)", "cx", "42.00",
        _v("P=P", "M=M", "G=G"),
        "Sem pó, azul, para manipulação de alimentos.",
    ),
    _Item(
        "SA", _DISPOSABLE, "TOU", "Touca descartável de TNT {} (pacote com 100)", "pct", "18.90",
        _v("BRA=branca", "AZU=azul"),
        "Elástico duplo, tamanho único.",
    ),
    _Item(
        "SA", _DISPOSABLE, "COP", "Copo descartável {} (caixa com 2.500)", "cx", "79.00",
        _v("180=180 ml", "200=200 ml", "300=300 ml", "500=500 ml"),
        "Poliestireno translúcido, norma ABNT.", step="0.25",
    ),
    # Cristal Química: cleaning
    _Item(
        "CR", _CHEM, "DET", "Detergente líquido {} 5 L", "un", "24.90",
        _v("NEU=neutro", "LIM=limão", "COC=coco"),
        "Concentrado, biodegradável; galões em caixas de 4.", minimum=4, multiple=4,
    ),
    _Item(
        "CR", _CHEM, "DES", "Desinfetante {} 5 L", "un", "21.90",
        _v("LAV=lavanda", "EUC=eucalipto", "PIN=pinho", "FLO=floral"),
        "Bactericida de uso geral.", minimum=4, multiple=4,
    ),
    _Item(
        "CR", _CHEM, "AGU", "Água sanitária 2,5% {}", "un", "5.90",
        _v("1L=1 L", "2L=2 L", "5L=5 L"),
        "Alvejante e desinfetante.", step="0.80",
    ),
    _Item(
        "CR", _CHEM, "SAB", "Sabão em pó {}", "un", "19.90",
        _v("1KG=1 kg", "5KG=5 kg", "10KG=10 kg"),
        "Para lavanderias e uso geral.", step="2.20",
    ),
    _Item(
        "CR", _CHEM, "ALC", "Álcool 70% {}", "un", "9.90",
        _v("GEL500=em gel 500 ml", "LIQ1=líquido 1 L*1.1", "GEL5=em gel 5 L*4.6"),
        "Antisséptico, registrado na Anvisa.",
    ),
    _Item(
        "CR", _CLEAN_TOOLS, "ROD", "Rodo de alumínio {}", "un", "27.90",
        _v("40=40 cm", "60=60 cm", "80=80 cm"),
        "Borracha dupla, cabo de 1,40 m.", step="0.20",
    ),
    _Item(
        "CR", _CLEAN_TOOLS, "VAS", "Vassoura {}", "un", "18.90",
        _v("PEL=de pelo", "NYL=de náilon", "PIA=de piaçava", "GAR=gari"),
        "Cabo de madeira plastificado.", step="0.15",
    ),
    _Item(
        "CR", _CLEAN_TOOLS, "BAL", "Balde plástico reforçado {}", "un", "15.90",
        _v("10=10 L", "12=12 L", "20=20 L"),
        "Alça metálica, graduado.", step="0.30",
    ),
    _Item(
        "CR", _CLEAN_TOOLS, "ESP", "Esponja {} (pacote com 10)", "pct", "14.90",
        _v("DF=dupla face", "FV=de fibra verde", "LA=de lã de aço"),
        "Para cozinhas profissionais.",
    ),
    _Item(
        "CR", _PAPER, "PTI", "Papel toalha interfolhado {} (caixa com 1.000)", "cx", "29.90",
        _v("BR=branco 20 × 21 cm", "LX=luxo 23 × 21 cm"),
        "Folhas duplas, para dispensers.", step="0.25",
    ),
    _Item(
        "CR", _PAPER, "PHR", "Papel higiênico rolão {} (fardo com 8)", "pct", "59.90",
        _v("300=300 m", "500=500 m"),
        "Folha simples, alta absorção.", step="0.40",
    ),
    _Item(
        "CR", _PAPER, "SLX", "Saco de lixo reforçado {} (pacote com 100)", "pct", "22.90",
        _v("15=15 L", "30=30 L", "50=50 L", "100=100 L", "200=200 L"),
        "Preto, polietileno reciclado.", step="0.35",
    ),
    # Paraná Pack: packaging
    _Item(
        "PP", _BOXES, "CXP", "Caixa de papelão ondulado {}", "un", "2.90",
        _v("201510=20 × 15 × 10 cm", "302015=30 × 20 × 15 cm", "403025=40 × 30 × 25 cm",
           "504030=50 × 40 × 30 cm", "604040=60 × 40 × 40 cm"),
        "Onda B, parda, vendida em fardos de 25.", step="0.45", minimum=25, multiple=25,
    ),
    _Item(
        "PP", _BOXES, "CXE", "Caixa para e-commerce {}", "un", "1.90",
        _v("P=P", "M=M", "G=G"),
        "Papelão microondulado branco, montagem sem fita.", step="0.40",
        minimum=50, multiple=50,
    ),
    _Item(
        "PP", _TAPES, "FIT", "Fita adesiva {}", "un", "6.90",
        _v("TR45=transparente 45 mm × 45 m", "TR100=transparente 45 mm × 100 m",
           "MA50=marrom 48 mm × 50 m", "KR50=kraft 48 mm × 50 m"),
        "Para fechamento de caixas; vendida em pacotes de 6.", step="0.25",
        minimum=6, multiple=6,
    ),
    _Item(
        "PP", _TAPES, "STR", "Filme stretch {}", "kg", "16.90",
        _v("25=25 µm × 500 mm", "20=20 µm × 500 mm", "AUT=automático 23 µm × 500 mm"),
        "Bobinas de 3 a 4 kg para paletização.", minimum=3,
    ),
    _Item(
        "PP", _TAPES, "BOL", "Plástico bolha {}", "m", "2.40",
        _v("130=1,30 m de largura", "100=1,00 m de largura", "060=0,60 m de largura"),
        "Bobina de 100 m.", step="-0.20", minimum=100, multiple=100,
    ),
    _Item(
        "PP", _BAGS, "SCM", "Sacola plástica alça camiseta {}", "kg", "14.50",
        _v("3040=30 × 40 cm", "4050=40 × 50 cm", "5060=50 × 60 cm"),
        "Polietileno de alta densidade, branca.", minimum=5,
    ),
    _Item(
        "PP", _BAGS, "ETQ", "Etiqueta adesiva térmica {}", "un", "18.90",
        _v("10015=100 × 150 mm", "4025=40 × 25 mm", "6040=60 × 40 mm"),
        "Rolo para impressoras térmicas.", step="-0.15",
    ),
    _Item(
        "PP", _BAGS, "MAR", "Embalagem marmitex de alumínio {} (caixa com 100)", "cx", "38.90",
        _v("6=nº 6", "7=nº 7", "8=nº 8", "9=nº 9"),
        "Com tampa de papelão laminado.", step="0.12",
    ),
    _Item(
        "PP", _BAGS, "POT", "Pote descartável com tampa {} (pacote com 25)", "pct", "13.90",
        _v("250=250 ml", "500=500 ml", "750=750 ml", "1L=1 L"),
        "Polipropileno, vai ao micro-ondas.", step="0.20",
    ),
    _Item(
        "PP", _BAGS, "SKR", "Saco kraft para delivery {} (pacote com 100)", "pct", "39.90",
        _v("P=P", "M=M", "G=G"),
        "Com alça de papel torcido.", step="0.30",
    ),
)
# fmt: on


def _money(amount: Decimal, currency: str = BASE_CURRENCY) -> Decimal:
    return Money.of(amount, currency).amount


def demo_products() -> list[dict[str, Any]]:
    """The demo products as create_product data (with `category` as a path instead of an id and
    `supplier` as a key); identical on every call."""
    rng = random.Random(20260)
    out = []
    for item in ITEMS:
        for n, (suffix, label, factor) in enumerate(item.variants):
            times = Decimal(factor) if factor else 1 + Decimal(item.step) * n
            price = _money(Decimal(item.price) * times)
            roll = rng.random()
            stock = None if roll < 0.08 else 0 if roll < 0.14 else rng.randint(1, 60) * 10
            out.append(
                {
                    "sku": f"{item.supplier}-{item.code}-{suffix}",
                    "name": item.name.format(label),
                    "description": item.description,
                    "unit": item.unit,
                    "minimum_quantity": item.minimum,
                    "quantity_multiple": item.multiple,
                    "stock": stock,
                    "base_price": str(price),
                    "supplier": item.supplier,
                    "category": item.category,
                }
            )
    return out


# Price lists: (name, currency, factor on the base price, ((tier step, factor), ...)).
# A tier step is a count of order minimums: 10 means 10 units, or 10 boxes of 25 for a product
# sold by 25.
_Tiers = tuple[tuple[int, str], ...]
_GROUP_LISTS: tuple[tuple[str, str, str, _Tiers, tuple[str, ...]], ...] = (
    ("Varejo BRL", "BRL", "0.95", (), ("retail",)),
    ("Atacado BRL", "BRL", "0.85", ((10, "0.82"), (50, "0.78")), ("wholesale",)),
    (
        "Distribuidor BRL",
        "BRL",
        "0.78",
        ((10, "0.75"), (50, "0.72"), (200, "0.68")),
        ("distributor",),
    ),
    ("Europa Varejo EUR", "EUR", "0.16", (), ("retail",)),
    (
        "Europa Atacado EUR",
        "EUR",
        "0.136",
        ((10, "0.1312"), (50, "0.1248")),
        ("wholesale", "distributor"),
    ),
)
# Contract lists of single companies (by legal name), for some suppliers only; the other
# products fall back to the company's group list.
_COMPANY_LISTS: tuple[tuple[str, str, str, _Tiers, str, tuple[str, ...]], ...] = (
    (
        "Contrato Sul Ferramentas",
        "BRL",
        "0.70",
        ((10, "0.67"), (50, "0.64")),
        "Sul Ferramentas e Abrasivos Ltda",
        ("FG",),
    ),
    (
        "Contrato Café Serra Mineira",
        "BRL",
        "0.80",
        (),
        "Café Serra Mineira Torrefação Ltda",
        ("SA", "PP"),
    ),
    (
        "Contrato Nervión EUR",
        "EUR",
        "0.1184",
        ((10, "0.112"), (50, "0.1072")),
        "Suministros Industriales Nervión S.A.",
        ("FG", "CR"),
    ),
)
# Companies that see only some suppliers, or one category subtree.
_SUPPLIER_LIMITS: dict[str, tuple[str, ...]] = {
    "Ferragens São João Ltda": ("FG", "CR", "PP"),
    "Doceria Pequi Doce Ltda": ("SA", "CR", "PP"),
    "Ferretería Gràcia S.L.": ("FG", "CR"),
}
_CATEGORY_LIMITS: dict[str, tuple[str, ...]] = {"Confecções Pampa Ltda": ("Têxteis",)}


def _entries(
    products: list[Product], currency: str, factor: str, tiers: _Tiers
) -> list[dict[str, Any]]:
    return [
        {
            "product_id": p.id,
            "price": str(_money(Decimal(p.base_price) * Decimal(factor), currency)),
            "tiers": [
                {
                    "min_quantity": step * p.minimum_quantity,
                    "price": str(_money(Decimal(p.base_price) * Decimal(tier_factor), currency)),
                }
                for step, tier_factor in tiers
            ],
        }
        for p in products
    ]


def _ok(result: Result[Any], what: Any) -> Any:
    assert result.value is not None, (what, result.errors)
    return result.value


def _walk(
    tree: Mapping[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], int]]:
    """Every node's path, parents before children, with its position among its siblings."""
    for position, (name, children) in enumerate(tree.items()):
        yield (*path, name), position
        yield from _walk(children, (*path, name))


async def load_catalog(principal: Principal, storefront: Storefront) -> bool:
    """Create the demo catalog unless its first supplier exists; False when it did. Groups and
    companies are found by their demo names; missing ones are left out."""
    first_name = next(iter(DEMO_SUPPLIERS.values()))[0]
    if await Supplier.exists(storefront_id=storefront.id, name=first_name):
        return False

    suppliers: dict[str, Supplier] = {}
    for key, (name, code) in DEMO_SUPPLIERS.items():
        data: dict[str, Any] = {"name": name, "code": code}
        suppliers[key] = _ok(await catalog.create_supplier(principal, storefront, data), name)

    categories: dict[tuple[str, ...], int] = {}
    for path, position in _walk(CATEGORY_TREE):
        data = {"name": path[-1], "parent_id": categories.get(path[:-1]), "position": position}
        made = _ok(await catalog.create_category(principal, storefront, data), path)
        categories[path] = made.id

    carriers = [
        _ok(await catalog.create_carrier(principal, storefront, spec), spec["name"]).id
        for spec in DEMO_CARRIERS
    ]

    products: list[Product] = []
    for spec in demo_products():
        data = {k: v for k, v in spec.items() if k not in {"supplier", "category"}}
        data["supplier_id"] = suppliers[spec["supplier"]].id
        data["category_id"] = categories[spec["category"]]
        products.append(_ok(await catalog.create_product(principal, storefront, data), spec["sku"]))

    by_name = {g["key"]: g["name"] for g in DEMO_GROUPS}
    groups = {
        key: group
        for key, name in by_name.items()
        if (group := await CustomerGroup.get_or_none(storefront_id=storefront.id, name=name))
    }
    legal_names = {c["legal_name"] for c in demo_companies()}
    companies = {
        c.legal_name: c
        for c in await Company.filter(storefront_id=storefront.id, legal_name__in=legal_names)
    }

    for name, currency, factor, tiers, holders in _GROUP_LISTS:
        price_list = _ok(
            await price_lists.create_price_list(
                principal, storefront, {"name": name, "currency": currency}
            ),
            name,
        )
        for start in range(0, len(products), price_lists.MAX_ENTRIES):
            chunk = products[start : start + price_lists.MAX_ENTRIES]
            entries = {"entries": _entries(chunk, currency, factor, tiers)}
            _ok(await price_lists.set_entries(principal, price_list, entries), name)
        for key in holders:
            if key in groups:
                _ok(await price_lists.assign(principal, price_list, groups[key]), name)

    supplier_of = {s.id: key for key, s in suppliers.items()}
    for name, currency, factor, tiers, legal_name, keys in _COMPANY_LISTS:
        company = companies.get(legal_name)
        if company is None:
            continue
        price_list = _ok(
            await price_lists.create_price_list(
                principal, storefront, {"name": name, "currency": currency}
            ),
            name,
        )
        chosen = [p for p in products if supplier_of[p.supplier_id] in keys]
        entries = {"entries": _entries(chosen, currency, factor, tiers)}
        _ok(await price_lists.set_entries(principal, price_list, entries), name)
        _ok(await price_lists.assign(principal, price_list, company), name)

    for legal_name, keys in _SUPPLIER_LIMITS.items():
        if legal_name in companies:
            data = {"supplier_ids": [suppliers[k].id for k in keys]}
            _ok(
                await visibility.set_limits(principal, storefront, companies[legal_name], data),
                legal_name,
            )
    for legal_name, paths in _CATEGORY_LIMITS.items():
        if legal_name in companies:
            data = {"category_ids": [categories[(p,)] for p in paths]}
            _ok(
                await visibility.set_limits(principal, storefront, companies[legal_name], data),
                legal_name,
            )

    await _policies(principal, storefront, carriers, groups, companies)
    return True


async def _policies(
    principal: Principal,
    storefront: Storefront,
    carriers: list[int],
    groups: dict[str, CustomerGroup],
    companies: dict[str, Company],
) -> None:
    """Storefront terms, looser terms for distributors, a discount cap for retail, and a
    company's own terms in EUR."""
    terms: list[tuple[Company | CustomerGroup | None, dict[str, Any]]] = [
        (
            None,
            {
                "min_order_value": {"amount": "500.00", "currency": "BRL"},
                "payment_terms": ["À vista", "30 dias", "30/60 dias"],
                "carrier_ids": carriers[:2],
                "max_discount_percent": "15",
            },
        )
    ]
    if "distributor" in groups:
        terms.append(
            (
                groups["distributor"],
                {
                    "min_order_value": {"amount": "3000.00", "currency": "BRL"},
                    "payment_terms": ["À vista", "30 dias", "30/60/90 dias"],
                    "carrier_ids": carriers,
                },
            )
        )
    if "retail" in groups:
        terms.append(
            (
                groups["retail"],
                {
                    "min_order_value": {"amount": "200.00", "currency": "BRL"},
                    "payment_terms": ["À vista", "30 dias"],
                    "max_discount_percent": "3",
                },
            )
        )
    nervion = companies.get("Suministros Industriales Nervión S.A.")
    if nervion is not None:
        terms.append(
            (
                nervion,
                {
                    "min_order_value": {"amount": "1000.00", "currency": "EUR"},
                    "payment_terms": ["30/60/90 dias"],
                },
            )
        )
    for holder, data in terms:
        _ok(await policies.set_policy(principal, storefront, holder, data), holder)
