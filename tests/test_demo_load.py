"""The demo loads through the real services, once, and its buyers can sign in."""

from __future__ import annotations

from graphql_api.demo.load import DEMO_PASSWORD, load_demo
from graphql_api.models import Company, Contact
from tests.identity_helpers import VIEWER, login


async def test_demo_is_loaded_once_with_one_buyer_per_group(api):
    first = await load_demo()
    again = await load_demo()
    assert (first.created, again.created) == (True, False)
    assert first.companies == again.companies == await Company.all().count() == 36
    buyers = [row for row in first.credentials if row[2].startswith("buyer")]
    assert sorted(row[2] for row in buyers) == [
        "buyer, Distributor",
        "buyer, Retail",
        "buyer, Wholesale",
    ]
    # Every company has exactly one purchasing contact.
    assert await Contact.filter(is_purchasing=True).count() == 36
    session = (await login(api, buyers[0][0], DEMO_PASSWORD))["session"]
    viewer = (await api.as_(session["token"]).data(VIEWER))["viewer"]
    assert viewer["kind"] == "CONTACT"
    assert viewer["contact"]["email"] == buyers[0][0]
