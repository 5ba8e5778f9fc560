"""Catalog steps for tests, done through the GraphQL API like an admin would."""

from __future__ import annotations

from typing import Any

ERRORS = "userErrors { field message code }"


async def _ok(api: Any, mutation: str, payload: str, fields: str, data: dict[str, Any]) -> Any:
    body = await api.data(
        f"mutation($input: {mutation[0].upper() + mutation[1:]}Input!) "
        f"{{ {mutation}(input: $input) {{ {payload} {{ {fields} }} {ERRORS} }} }}",
        {"input": data},
    )
    result = body[mutation]
    assert result["userErrors"] == [], result["userErrors"]
    return result[payload]


async def supplier(api: Any, name: str, **extra: Any) -> str:
    return (await _ok(api, "createSupplier", "supplier", "id", {"name": name, **extra}))["id"]


async def category(api: Any, name: str, parent: str | None = None) -> str:
    data = {"name": name, "parentId": parent}
    return (await _ok(api, "createCategory", "category", "id", data))["id"]


async def carrier(api: Any, name: str) -> str:
    return (await _ok(api, "createCarrier", "carrier", "id", {"name": name}))["id"]


async def product(
    api: Any, sku: str, price: str, supplier_id: str, category_id: str | None = None, **extra: Any
) -> str:
    data = {
        "sku": sku,
        "name": extra.pop("name", f"Produto {sku}"),
        "basePrice": price,
        "supplierId": supplier_id,
        "categoryId": category_id,
        **extra,
    }
    return (await _ok(api, "createProduct", "product", "id", data))["id"]


async def price_list(api: Any, name: str, currency: str) -> str:
    data = {"name": name, "currency": currency}
    return (await _ok(api, "createPriceList", "priceList", "id", data))["id"]


async def entries(api: Any, list_id: str, *items: dict[str, Any]) -> None:
    data = {"priceListId": list_id, "entries": list(items)}
    await _ok(api, "setPriceListEntries", "priceList", "id", data)


async def assign(api: Any, list_id: str, **holder: str) -> None:
    await _ok(api, "assignPriceList", "priceList", "id", {"priceListId": list_id, **holder})


async def limit(api: Any, **data: Any) -> None:
    await _ok(api, "setCompanyVisibility", "limits", "suppliers { id }", data)


async def policy(api: Any, **data: Any) -> None:
    await _ok(api, "setCommercialPolicy", "policy", "paymentTerms", data)
