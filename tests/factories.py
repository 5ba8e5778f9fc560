"""Valid inputs for tests, built through the GraphQL API like a client would."""

from __future__ import annotations

import itertools
import random
from typing import Any

from graphql_api.demo.generators import generate_cnpj

_rng = random.Random(7)
_serial = itertools.count(1)

CREATE = """mutation($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id legalName } userErrors { field message code } } }"""


def company_input(**overrides: Any) -> dict[str, Any]:
    n = next(_serial)
    data: dict[str, Any] = {
        "legalName": f"Empresa Teste {n} Ltda",
        "taxIds": [{"kind": "CNPJ", "value": generate_cnpj(_rng)}],
        "addresses": [
            {
                "street": "Avenida Paulista",
                "number": "1000",
                "city": "São Paulo",
                "state": "SP",
                "postalCode": "01310-100",
                "country": "BR",
            }
        ],
        "emails": [{"email": f"compras{n}@empresa{n}.com.br", "label": "purchasing"}],
    }
    data.update(overrides)
    return data


async def create_company(api: Any, **overrides: Any) -> dict[str, Any]:
    body = await api.data(CREATE, {"input": company_input(**overrides)})
    payload = body["createCompany"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["company"]
