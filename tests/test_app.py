from tests.conftest import bearer


def test_health_is_open(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_openapi_is_open(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["info"]["title"] == "claimdesk"


def test_unknown_route_has_error_shape(client, analyst_token):
    response = client.get("/api/nowhere", headers=bearer(analyst_token))
    assert response.status_code == 404
    body = response.get_json()
    assert body["code"] == 404 and body["status"] == "Not Found" and body["message"]
