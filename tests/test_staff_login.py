"""Staff sign-in (SPEC B1)."""

from __future__ import annotations

from argon2 import PasswordHasher, extract_parameters

from graphql_api.auth import passwords
from graphql_api.models import StaffUser
from graphql_api.models.enums import StaffRole
from graphql_api.services.staff import create_staff
from tests.conftest import LOGIN, PASSWORD


async def test_login_returns_a_token_that_identifies_the_staff_user(api):
    await create_staff("Ana@Example.com", PASSWORD, StaffRole.ADMIN, "Ana")
    body = await api.data(LOGIN, {"email": " ana@example.COM ", "password": PASSWORD})
    session = body["staffLogin"]["session"]
    assert body["staffLogin"]["userErrors"] == []
    viewer = await api.as_(session["token"]).data("{ viewer { kind staff { email name } } }")
    assert viewer["viewer"] == {
        "kind": "STAFF",
        "staff": {"email": "ana@example.com", "name": "Ana"},
    }
    assert (await StaffUser.get(email="ana@example.com")).last_login_at is not None


async def test_wrong_password_and_unknown_email_get_the_same_answer(api):
    await create_staff("ana@example.com", PASSWORD, StaffRole.ADMIN)
    wrong = await api.data(LOGIN, {"email": "ana@example.com", "password": "not-the-password"})
    unknown = await api.data(LOGIN, {"email": "nobody@example.com", "password": PASSWORD})
    assert (
        wrong
        == unknown
        == {
            "staffLogin": {
                "session": None,
                "userErrors": [
                    {
                        "field": None,
                        "message": "Email or password is incorrect.",
                        "code": "INVALID_CREDENTIALS",
                    }
                ],
            }
        }
    )


async def test_inactive_staff_cannot_sign_in(api):
    made = await create_staff("ana@example.com", PASSWORD, StaffRole.ADMIN)
    await StaffUser.filter(id=made.value.id).update(is_active=False)
    body = await api.data(LOGIN, {"email": "ana@example.com", "password": PASSWORD})
    assert body["staffLogin"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_password_is_stored_as_argon2id(api):
    made = await create_staff("ana@example.com", PASSWORD, StaffRole.ADMIN)
    assert made.value.password_hash.startswith("$argon2id$")
    assert PASSWORD not in made.value.password_hash
    weak = await create_staff("bob@example.com", "short", StaffRole.ADMIN)
    assert [e.field for e in weak.errors] == [("password",)]


async def test_another_hasher_hashes_from_then_on_and_earlier_hashes_still_verify():
    earlier = await passwords.hash_password(PASSWORD)
    other = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    previous = passwords.use_hasher(other)
    try:
        later = await passwords.hash_password(PASSWORD)
        params = extract_parameters(later)
        assert (params.time_cost, params.memory_cost) == (2, 16)
        assert extract_parameters(earlier) != params
        assert await passwords.verify_password(earlier, PASSWORD)
        assert await passwords.verify_password(later, PASSWORD)
        assert not await passwords.verify_password(later, PASSWORD + "x")
        assert not await passwords.verify_password(None, PASSWORD)
    finally:
        assert passwords.use_hasher(previous) is other
