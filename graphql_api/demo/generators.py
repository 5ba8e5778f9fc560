"""Valid tax ids made up from a seeded generator, for the demo data, tests and benchmarks: real
check digits without copying anyone's registration."""

from __future__ import annotations

import random
import string

from stdnum.br import cnpj as stdnum_cnpj
from stdnum.es import cif as stdnum_cif
from stdnum.ro import cui as stdnum_cui

__all__ = ["generate_cnpj", "generate_cpf", "generate_es_cif", "generate_ro_cui"]

_CNPJ_ALPHABET = string.digits + string.ascii_uppercase


def generate_cnpj(rng: random.Random, alphanumeric: bool = False) -> str:
    """A valid canonical CNPJ; alphanumeric ones always contain at least one letter."""
    alphabet = _CNPJ_ALPHABET if alphanumeric else string.digits
    while True:
        root = "".join(rng.choice(alphabet) for _ in range(8))
        # Most companies only have their head office, branch 0001.
        branch = "0001" if rng.random() < 0.8 else f"{rng.randint(2, 99):04d}"
        base = root + branch
        if alphanumeric and base.isdigit():
            continue
        if len(set(base)) == 1:
            continue
        return base + stdnum_cnpj.calc_check_digits(base)


def _mod11_digit(total: int) -> int:
    remainder = total % 11
    return 0 if remainder < 2 else 11 - remainder


def generate_cpf(rng: random.Random) -> str:
    """A valid canonical CPF."""
    # stdnum keeps its CPF check-digit function private, so the two mod-11 digits are made here.
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        if len(set(digits)) == 1:
            continue
        for weights_from in (10, 11):
            total = sum(d * w for d, w in zip(digits, range(weights_from, 1, -1), strict=True))
            digits.append(_mod11_digit(total))
        return "".join(map(str, digits))


def generate_ro_cui(rng: random.Random) -> str:
    """A Romanian fiscal code (CUI) with its control digit, without the RO prefix."""
    base = str(rng.randint(1_000_000, 49_999_999))
    return base + stdnum_cui.calc_check_digit(base)


def generate_es_cif(rng: random.Random, letter: str, province: str) -> str:
    """A Spanish company tax id (CIF) without the ES prefix. It starts with the organisation
    letter ("A" for an S.A., "B" for an S.L.) and the province code, the same two digits that
    open the province's postal codes, and ends with a numeric control digit."""
    body = f"{letter}{province}{rng.randint(0, 99_999):05d}"
    return body + stdnum_cif.calc_check_digits(body)[0]
