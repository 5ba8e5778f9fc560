"""Access per contact email (SPEC B3, seed 001) and buyer sign-in tokens."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

from graphql_api.models import AccessToken, Activity, Contact, Notification
from tests.factories import create_company
from tests.identity_helpers import (
    BLOCK,
    BUYER_PASSWORD,
    RESET,
    VIEWER,
    activate,
    add_contact,
    buyer,
    invite,
    login,
    token_from,
)

SUMMARY = """query($id: ID!) { company(id: $id) { accessSummary { emailsWithAccess lastAccessAt }
  contacts { email accessState lastAccessAt } } }"""


async def test_seed_001_access_per_email_with_states_whatsapp_and_last_access(api, admin):
    company = await create_company(admin, responsiblePhone="+55 11 98765-4321")
    ana = await add_contact(admin, company["id"], "ana@cliente.com.br", phone="+55 11 91234-5678")
    await add_contact(admin, company["id"], "rui@cliente.com.br")
    states = await admin.data(SUMMARY, {"id": company["id"]})
    assert [c["accessState"] for c in states["company"]["contacts"]] == [
        "NOT_CREATED",
        "NOT_CREATED",
    ]

    grant = await invite(admin, ana["id"])
    assert grant["contact"]["accessState"] == "INVITED"
    assert grant["invitationUrl"].startswith("http://127.0.0.1:8000/account/set-password?token=")
    assert len(token_from(grant["invitationUrl"])) >= 43  # 256 bits, url-safe
    assert grant["whatsappUrl"].startswith("https://wa.me/5511912345678?text=")
    assert grant["invitationUrl"] in unquote(grant["whatsappUrl"])
    queued = await Notification.get(kind="invitation", recipient="ana@cliente.com.br")
    assert grant["invitationUrl"] in queued.body
    listed = await admin.data(
        '{ notifications(recipient: "ana@cliente.com.br") { nodes { kind body } } }'
    )
    shown = listed["notifications"]["nodes"][0]
    assert shown["kind"] == "invitation"
    assert "token=[redacted]" in shown["body"]
    assert token_from(grant["invitationUrl"]) not in shown["body"]
    stored = await AccessToken.get(contact_id=await _pk(ana))
    assert stored.token_hash != token_from(grant["invitationUrl"])  # only the hash is kept

    await api.data(RESET, {"token": token_from(grant["invitationUrl"]), "password": BUYER_PASSWORD})
    session = await login(api, "ana@cliente.com.br")
    assert session["userErrors"] == []
    summary = (await admin.data(SUMMARY, {"id": company["id"]}))["company"]
    assert summary["accessSummary"]["emailsWithAccess"] == 1
    assert summary["accessSummary"]["lastAccessAt"] is not None
    assert summary["contacts"][0]["accessState"] == "ACTIVE"


async def _pk(contact):
    return (await Contact.get(email=contact["email"])).id


async def test_recreating_access_resets_the_password_and_unblocks(api, admin):
    company = await create_company(admin)
    ana = await add_contact(admin, company["id"], "ana@cliente.com.br")
    await activate(api, admin, ana["id"])
    signed_in = await buyer(api, "ana@cliente.com.br")
    assert (await signed_in.data(VIEWER))["viewer"]["contact"] == {"email": "ana@cliente.com.br"}

    # Re-create: the old password and the old session stop working.
    await invite(admin, ana["id"])
    assert (await login(api, "ana@cliente.com.br"))["session"] is None
    assert (await signed_in.raw(VIEWER)).status_code == 401
    await activate(api, admin, ana["id"])
    signed_in = await buyer(api, "ana@cliente.com.br")

    # Block: the next request with the earlier token is refused, and so is signing in.
    blocked = await admin.data(BLOCK, {"id": ana["id"]})
    assert blocked["blockContactAccess"]["contact"] == {"accessState": "BLOCKED"}
    assert (await signed_in.raw(VIEWER)).status_code == 401
    assert (await login(api, "ana@cliente.com.br"))["userErrors"][0]["code"] == (
        "INVALID_CREDENTIALS"
    )

    # Create access again: unblocked through a new invitation.
    await activate(api, admin, ana["id"])
    assert (await login(api, "ana@cliente.com.br"))["session"] is not None
    kinds = await Activity.filter(contact_id=await _pk(ana)).values_list("kind", flat=True)
    assert {"ACCESS_CREATED", "ACCESS_BLOCKED", "PASSWORD_SET", "LOGIN", "LOGIN_FAILED"} <= set(
        kinds
    )


async def test_link_tokens_are_single_use_expiring_and_unguessable(api, admin):
    company = await create_company(admin)
    ana = await add_contact(admin, company["id"], "ana@cliente.com.br")
    grant = await invite(admin, ana["id"])
    token = token_from(grant["invitationUrl"])
    first = await api.data(RESET, {"token": token, "password": BUYER_PASSWORD})
    assert first["resetPassword"]["contact"] == {"accessState": "ACTIVE"}
    replay = await api.data(RESET, {"token": token, "password": "another-password-1"})
    assert replay["resetPassword"]["userErrors"][0]["code"] == "INVALID_TOKEN"
    foreign = await api.data(RESET, {"token": "x" * 43, "password": "another-password-1"})
    assert foreign["resetPassword"]["userErrors"][0]["code"] == "INVALID_TOKEN"

    expired_grant = await invite(admin, ana["id"])
    await AccessToken.filter(used_at__isnull=True).update(
        expires_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1)
    )
    expired = await api.data(
        RESET,
        {"token": token_from(expired_grant["invitationUrl"]), "password": "another-password-1"},
    )
    assert expired["resetPassword"]["userErrors"][0]["code"] == "INVALID_TOKEN"
    weak = await api.data(RESET, {"token": token, "password": "short"})
    assert weak["resetPassword"]["userErrors"][0]["field"] == ["input", "password"]


async def test_logout_revokes_the_token(api, admin):
    company = await create_company(admin)
    ana = await add_contact(admin, company["id"], "ana@cliente.com.br")
    await activate(api, admin, ana["id"])
    signed_in = await buyer(api, "ana@cliente.com.br")
    out = await signed_in.data("mutation { logout(input: {}) { ok userErrors { code } } }")
    assert out["logout"] == {"ok": True, "userErrors": []}
    assert (await signed_in.raw(VIEWER)).status_code == 401
    anonymous = await api.data("mutation { logout(input: {}) { ok userErrors { code } } }")
    assert anonymous["logout"]["userErrors"] == [{"code": "UNAUTHENTICATED"}]


async def test_unknown_email_and_wrong_password_look_the_same_and_are_throttled(api, admin):
    company = await create_company(admin)
    ana = await add_contact(admin, company["id"], "ana@cliente.com.br")
    await activate(api, admin, ana["id"])
    wrong = await login(api, "ana@cliente.com.br", "wrong-password-1")
    unknown = await login(api, "nobody@cliente.com.br", BUYER_PASSWORD)
    assert (
        wrong
        == unknown
        == {
            "session": None,
            "userErrors": [
                {
                    "field": None,
                    "message": "Email or password is incorrect.",
                    "code": "INVALID_CREDENTIALS",
                }
            ],
        }
    )
    for _ in range(4):
        await login(api, "ana@cliente.com.br", "wrong-password-1")
    throttled = await login(api, "ana@cliente.com.br")  # right password, too late
    assert throttled["userErrors"][0]["code"] == "TOO_MANY_ATTEMPTS"


async def test_access_mutations_refuse_bad_input_and_forbidden_callers(api, admin, rep):
    company = await create_company(admin)  # not the rep's
    ana = await add_contact(admin, company["id"], "ana@cliente.com.br")
    for query in (
        "mutation($id: ID!) { createContactAccess(input: {contactId: $id}) "
        "{ grant { invitationUrl } userErrors { code } } }",
        BLOCK.replace(
            "contact { accessState } userErrors { field message code }",
            "contact { accessState } userErrors { code }",
        ),
        "mutation($id: ID!) { actAsContact(input: {contactId: $id}) "
        "{ session { token } userErrors { code } } }",
    ):
        by_rep = next(iter((await rep.data(query, {"id": ana["id"]})).values()))
        assert by_rep["userErrors"] == [{"code": "NOT_FOUND"}], query
        anonymous = next(iter((await api.data(query, {"id": ana["id"]})).values()))
        assert anonymous["userErrors"] == [{"code": "UNAUTHENTICATED"}], query
        wrong_type = next(iter((await admin.data(query, {"id": company["id"]})).values()))
        assert wrong_type["userErrors"][0]["code"] == "INVALID_ID", query
    assert (await Contact.get(email="ana@cliente.com.br")).access_state == "NOT_CREATED"
    assert await Notification.all().count() == 0


async def test_whatsapp_link_has_the_country_code_even_for_an_old_national_number(admin):
    company = await create_company(admin)  # main address in Brazil
    ana = await add_contact(admin, company["id"], "ana@cliente.com.br", phone="(11) 91234-5678")
    grant = await invite(admin, ana["id"])
    assert grant["whatsappUrl"].startswith("https://wa.me/5511912345678?text=")
    # Stored before phones were kept in E.164: the link still gets the +55.
    await Contact.filter(email="ana@cliente.com.br").update(phone="11912345678")
    grant = await invite(admin, ana["id"])
    assert grant["whatsappUrl"].startswith("https://wa.me/5511912345678?text=")
