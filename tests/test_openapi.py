"""The OpenAPI document describes what the server accepts, the same way in every process."""
import re


def test_path_parameters_are_listed_in_the_order_of_the_path(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path, operations in paths.items():
        for operation in operations.values():
            listed = [p["name"] for p in operation["parameters"] if p["in"] == "path"]
            assert listed == re.findall(r"{(\w+)}", path), path
