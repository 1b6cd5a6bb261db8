from graph import repository


async def test_tiny_dataset_loads(load, clean_db, settings):
    report = await load("tiny")
    assert report.summary is not None
    assert report.summary.entities["Agency"].created == 3
    row = await repository.get_entity(clean_db, "a-ttc", settings.neo4j_database)
    assert row is not None and row.label == "Agency" and row.props["staff"] == 120


def test_http_node(http, load):
    response = http.post("/graphql", json={"query": "{ parks(first: 5) { totalCount } }"})
    assert response.status_code == 200
