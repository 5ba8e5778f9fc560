async def test_viewer_anonymous(api):
    data = await api.data("{ viewer { kind staff { email } } }")
    assert data["viewer"] == {"kind": "ANONYMOUS", "staff": None}


async def test_admin_viewer(admin):
    data = await admin.data("{ viewer { kind staff { email role } } }")
    assert data["viewer"] == {
        "kind": "STAFF",
        "staff": {"email": "admin@example.com", "role": "ADMIN"},
    }


async def test_each_request_is_logged_without_its_query_string(client, caplog):
    caplog.set_level("INFO", logger="vitrine.access")
    response = await client.get("/healthz?token=secret")
    assert response.status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "vitrine.access"]
    assert len(lines) == 1
    assert lines[0].startswith("GET /healthz 200 ")
    assert "secret" not in lines[0]
