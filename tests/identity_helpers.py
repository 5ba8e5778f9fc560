"""Shared steps of the buyer identity tests, done through the API."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from graphql_api.models import Notification
from graphql_api.services import background

CREATE_CONTACT = """mutation($input: CreateContactInput!) { createContact(input: $input) {
  contact { id email roles accessState } userErrors { field message code } } }"""
CREATE_ACCESS = """mutation($id: ID!) { createContactAccess(input: {contactId: $id}) {
  grant { invitationUrl whatsappUrl expiresAt contact { accessState } }
  userErrors { field message code } } }"""
BLOCK = """mutation($id: ID!) { blockContactAccess(input: {contactId: $id}) {
  contact { accessState } userErrors { field message code } } }"""
RESET = """mutation($token: String!, $password: String!) {
  resetPassword(input: {token: $token, password: $password}) {
  contact { accessState } userErrors { field message code } } }"""
LOGIN = """mutation($email: String!, $password: String!) {
  contactLogin(input: {email: $email, password: $password}) {
  session { token contact { email } } userErrors { field message code } } }"""
VIEWER = (
    "{ viewer { kind isActing contact { email } company { legalName } actingStaff { email } } }"
)
BUYER_PASSWORD = "buyer-password-123"


def token_from(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


async def add_contact(api: Any, company_id: str, email: str, **extra: Any) -> dict[str, Any]:
    body = await api.data(
        CREATE_CONTACT,
        {"input": {"companyId": company_id, "firstName": "Bia", "email": email, **extra}},
    )
    assert body["createContact"]["userErrors"] == [], body
    return body["createContact"]["contact"]


async def invite(api: Any, contact_id: str) -> dict[str, Any]:
    body = await api.data(CREATE_ACCESS, {"id": contact_id})
    assert body["createContactAccess"]["userErrors"] == [], body
    return body["createContactAccess"]["grant"]


async def activate(api: Any, staff: Any, contact_id: str) -> None:
    grant = await invite(staff, contact_id)
    body = await api.data(
        RESET, {"token": token_from(grant["invitationUrl"]), "password": BUYER_PASSWORD}
    )
    assert body["resetPassword"]["userErrors"] == [], body


async def login(api: Any, email: str, password: str = BUYER_PASSWORD) -> dict[str, Any]:
    return (await api.data(LOGIN, {"email": email, "password": password}))["contactLogin"]


async def buyer(api: Any, email: str) -> Any:
    session = (await login(api, email))["session"]
    assert session, f"{email} could not sign in"
    return api.as_(session["token"])


async def last_link(kind: str, recipient: str) -> str:
    # Reset and claim links are queued just after the answer (services/background.py).
    await background.settle()
    message = await Notification.filter(kind=kind, recipient=recipient).order_by("-id").first()
    assert message is not None, (kind, recipient)
    for word in message.body.split():
        if "token=" in word:
            return token_from(word.strip(".,;()<>"))
    raise AssertionError(f"no link in {message.body!r}")
