"""Payment terms as people write them, read as the days after the issue date each instalment
falls due (SPEC D9). A commercial policy stores its terms as free text ("À vista", "30 dias",
"30/60/90 dias", "Net 30", "3x"), and an order keeps the one chosen; the invoices of the order
follow it.

- cash words (à vista, cash, al contado, la vedere, ...) or no term at all: one instalment due on
  the issue date;
- numbers separated by "/", "," "-" or "+" are days: "30/60 dias" is two instalments, due 30
  and 60 days after issue; "0/30/60" or "entrada + 30/60" starts with one due at issue;
- "Nx" (3x, 3 x sem juros) is N monthly instalments, 30 days apart, the first after 30 days.

A term this cannot read gives one instalment due at issue, flagged `understood=False`, so an
order with an odd term can still be invoiced and the staff member sees why the dates are what
they are."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_INSTALMENTS = 24
MAX_DAYS = 3650

_CASH = (
    "a vista",
    "avista",
    "vista",
    "cash",
    "immediate",
    "upfront",
    "prepaid",
    "antecipado",
    "contado",
    "al contado",
    "la vedere",
    "imediato",
    "pix",
)
_DOWN_PAYMENT = ("entrada", "sinal", "down payment", "avans", "anticipo")
_TIMES = re.compile(r"^\s*(\d{1,2})\s*x\b")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Schedule:
    """Days after the issue date each instalment falls due, in order."""

    days: tuple[int, ...]
    understood: bool = True


def _plain(text: str) -> str:
    """Lower case without accents: "À Vista" and "a vista" are one term."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def parse(term: str | None) -> Schedule:
    text = _plain(term or "")
    if not text:
        return Schedule((0,))
    times = _TIMES.match(text)
    if times is not None:
        count = int(times.group(1))
        if 1 <= count <= MAX_INSTALMENTS:
            return Schedule(tuple(30 * n for n in range(1, count + 1)))
        return Schedule((0,), understood=False)
    numbers = [int(n) for n in _NUMBER.findall(text)]
    if not numbers:
        known = any(re.search(rf"\b{word}\b", text) for word in _CASH)
        return Schedule((0,), understood=known)
    if any(word in text for word in _DOWN_PAYMENT) and numbers[0] != 0:
        numbers.insert(0, 0)
    days = tuple(sorted(set(numbers)))
    if len(days) > MAX_INSTALMENTS or days[-1] > MAX_DAYS:
        return Schedule((0,), understood=False)
    return Schedule(days)
