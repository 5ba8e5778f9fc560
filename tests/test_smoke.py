async def test_viewer_anonymous(api):
    data = await api.data("{ viewer { kind staff { email } } }")
    assert data["viewer"] == {"kind": "ANONYMOUS", "staff": None}


async def test_admin_viewer(admin):
    data = await admin.data("{ viewer { kind staff { email role } } }")
    assert data["viewer"] == {
        "kind": "STAFF",
        "staff": {"email": "admin@example.com", "role": "ADMIN"},
    }
