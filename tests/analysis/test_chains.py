from __future__ import annotations

import pytest

from analysis.builder import GraphBuilder
from analysis.chains import (
    DEFAULT_CHAIN,
    Chain,
    ChainConfigError,
    ChainError,
    choose_chain,
    get_chain,
    load_chains,
)
from tests.analysis.graphs import DEFAULT_STAGES


def test_packaged_default_chain_is_the_design_chain():
    default = load_chains()[DEFAULT_CHAIN]
    assert default.stages == DEFAULT_STAGES
    assert default.supporting == ("consulting", "comprehensive", "popularization")
    assert default.handoffs[0] == ("research_development", "testing_certification")
    assert len(default.handoffs) == 5


def test_packaged_chains_in_file_order_with_industry_chains():
    chains = load_chains()
    assert list(chains) == ["default", "biomedicine", "next_gen_it", "high_end_equipment"]
    assert chains["biomedicine"].stages.index("testing_certification") == 1
    assert "intellectual_property" in chains["next_gen_it"].stages[:2]
    assert chains["high_end_equipment"].stages[:2] == (
        "research_development", "testing_certification")


def test_every_packaged_chain_names_each_stage_once():
    for chain in load_chains().values():
        assert len(set(chain.all_stages)) == len(chain.all_stages)


def graph():
    return (GraphBuilder()
            .industry("health", name="Health")
            .industry("pharmaceuticals", parent="health", name="Pharmaceuticals")
            .industry("vaccines", parent="pharmaceuticals", name="Vaccines")
            .industry("ind-42", name="生物医药")
            .industry("rail-transit", name="Rail transit")
            .industry("cloud", name="Cloud computing")
            .industry("textiles", name="Textiles")
            .build())


@pytest.mark.parametrize(("focus", "expected"), [
    (["pharmaceuticals"], "biomedicine"),       # listed id
    (["vaccines"], "biomedicine"),              # through its ancestor
    (["ind-42"], "biomedicine"),                # keyword in the Chinese name
    (["rail-transit"], "high_end_equipment"),
    (["cloud"], "next_gen_it"),                 # keyword in the id/name
    (["textiles"], "default"),
    (["health"], "default"),                    # descendants do not vote
    ([], "default"),
    (["not-in-graph"], "default"),
    (["cloud", "rail-transit", "vaccines"], "default"),    # 1-1-1 tie: the generic chain
    (["cloud", "textiles"], "default"),                     # next_gen_it 1, default 1
    (["cloud", "ind-42", "rail-transit", "vaccines"], "biomedicine"),  # 2 votes of 4
    (["cloud", "ind-42", "textiles", "vaccines"], "biomedicine"),
])
def test_choose_chain_by_focus_industry(focus, expected):
    assert choose_chain(graph(), focus).name == expected


def test_majority_of_focus_industries_wins():
    G = graph()
    G.add_node("cloud-2", label="Industry", name="Cloud services")
    assert choose_chain(G, ["cloud", "cloud-2", "vaccines"]).name == "next_gen_it"


def test_explicit_name_wins_over_industries():
    assert choose_chain(graph(), ["vaccines"], name="high_end_equipment").name == (
        "high_end_equipment")


def test_unknown_chain_name_is_a_key_error_listing_the_known_chains():
    with pytest.raises(ChainError) as raised:
        get_chain("nope")
    assert isinstance(raised.value, KeyError)
    assert "known chains: default, biomedicine" in str(raised.value)


def test_load_chains_from_a_custom_file(tmp_path):
    path = tmp_path / "chains.toml"
    path.write_text(
        '[chains.default]\nstages = ["finance", "incubation"]\n'
        '[chains.tea]\nindustries = ["tea"]\nstages = ["research_development"]\n'
        'supporting = ["consulting"]\n',
        encoding="utf-8",
    )
    chains = load_chains(path)
    assert chains["tea"] == Chain("tea", ("research_development",), ("consulting",), ("tea",))
    G = GraphBuilder().industry("tea").build()
    assert choose_chain(G, ["tea"], chains=chains).name == "tea"
    assert choose_chain(G, [], chains=chains).stages == ("finance", "incubation")


def test_a_chain_needs_a_stage():
    with pytest.raises(ChainConfigError, match="chain 'empty' needs at least one stage"):
        Chain("empty", ())


@pytest.mark.parametrize(("text", "message"), [
    ('[chains.other]\nstages = ["finance"]\n', "needs a [chains.default] table"),
    ('[chains.default]\nstages = ["cooking"]\n', "unknown stage code(s) cooking"),
    ('[chains.default]\nstages = []\n', "stages must not be empty"),
    ('[chains.default]\nstages = ["finance"]\nsupporting = ["finance"]\n',
     "stage(s) listed twice: finance"),
    ('[chains.default]\nstages = "finance"\n', "stages must be a list of strings"),
    ('[chains.default\n', "chains.toml"),
])
def test_malformed_chain_files_are_rejected(tmp_path, text, message):
    path = tmp_path / "chains.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ChainConfigError) as raised:
        load_chains(path)
    assert message in str(raised.value)
