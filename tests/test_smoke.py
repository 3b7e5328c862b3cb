from conftest import check_json, corpus_file


def test_corpus_002_runs():
    code, data = check_json(corpus_file("002"))
    assert code == 1
    assert data["files"][0]["profile"] == "standard-2022"
