"""The attribution rules, sentence by sentence (our own sentences, written for these tests)."""

from __future__ import annotations

from tracker.services.extraction.propose import Proposal, propose
from tracker.services.extraction.speakers import NoSpeakers


def _found(text: str) -> list[Proposal]:
    return propose(text, None, NoSpeakers())


def _content(text: str, proposal: Proposal) -> str:
    return text[proposal.content.start : proposal.content.end]


def test_said_takes_no_bare_name_as_its_audience() -> None:
    text = "At the town hall, she said Moreno’s budget was a gift to landlords."
    (proposal,) = _found(text)
    assert _content(text, proposal) == "Moreno’s budget was a gift to landlords"
    assert proposal.speaker.name == "she"


def test_told_still_takes_a_named_audience() -> None:
    text = "Okafor told Channel Four on Monday that the depot would close."
    (proposal,) = _found(text)
    assert _content(text, proposal) == "the depot would close"


def test_content_on_both_sides_of_a_cue_in_commas() -> None:
    text = "The ferry service, the harbour master said, will resume after the storm season."
    (proposal,) = _found(text)
    assert _content(text, proposal).startswith("The ferry service")
    assert _content(text, proposal).endswith("after the storm season")
    assert "harbour master" in proposal.speaker.name


def test_a_quotation_broken_by_its_cue_is_one_quotation() -> None:
    text = "“The tunnel is safe,” Ms. Varga said, “and the inspectors agree with us.”"
    (proposal,) = _found(text)
    assert proposal.kind == "direct_quote"
    assert _content(text, proposal).startswith("The tunnel is safe")
    assert _content(text, proposal).endswith("the inspectors agree with us")


def test_a_participle_after_the_cue_is_not_more_content() -> None:
    text = "“We will appeal,” the union said, adding that members had voted for a strike."
    proposals = _found(text)
    assert _content(text, proposals[0]) == "We will appeal"


def test_quotation_then_a_speaker_with_an_appositive() -> None:
    text = "“Nobody reads the small print anymore,” Ilse Brandt, the group’s lawyer, said of the contract."
    (proposal,) = _found(text)
    assert proposal.kind == "direct_quote"
    assert _content(text, proposal) == "Nobody reads the small print anymore"
    assert proposal.speaker.name == "Ilse Brandt"


def test_quotation_then_a_speaker_with_a_bracket_and_a_title() -> None:
    bracket = "“The river is rising faster than last year,” Rep. Dana Ortiz (D-Ariz.) said."
    inverted = "''The river is rising faster than last year,'' said former Gov. Dana Ortiz."
    for text in (bracket, inverted):
        (proposal,) = _found(text)
        assert _content(text, proposal) == "The river is rising faster than last year"
        assert proposal.speaker.name == "Dana Ortiz"


def test_a_sentence_ends_after_two_apostrophes_closing_a_quotation() -> None:
    text = "''The dam held,'' he said on Friday. ''The town is dry.'' He added, ''We were lucky this time.''"
    proposals = _found(text)
    assert [_content(text, p) for p in proposals][-1] == "We were lucky this time"


def test_findings_and_wishes_are_attributions() -> None:
    poll = "A county survey showed most tenants paying more than half their income in rent."
    wish = "Farmers in the valley want the new dam built before the next drought."
    for text, content in ((poll, "most tenants paying"), (wish, "the new dam built")):
        (proposal,) = _found(text)
        assert content in _content(text, proposal)
    assert "survey" in _found(poll)[0].speaker.name


def test_called_for_and_a_stance_without_that() -> None:
    call = "The mayor called for an inquiry into the contracts awarded last spring."
    stance = "The council criticized the plan to close the northern depot in March."
    for text, content in ((call, "an inquiry into the contracts"), (stance, "the plan to close")):
        (proposal,) = _found(text)
        assert content in _content(text, proposal)
        assert _content(text, proposal) not in text[: proposal.cue.start]


def test_a_verb_that_needs_that_stays_silent_without_it() -> None:
    assert _found("Prices continued to climb through the winter months in every region.") == []


def test_a_question_quoted_before_its_named_speaker_is_one_sentence() -> None:
    text = "“Who pays for the new bridge?” Mayor Ruiz asked the council at Tuesday’s meeting. “Not us.”"
    (proposal, *_) = _found(text)
    assert proposal.kind == "direct_quote"
    assert _content(text, proposal).startswith("Who pays for the new bridge?")
    assert "Ruiz" in proposal.speaker.name


def test_a_short_exclamation_is_still_a_quotation() -> None:
    text = "“Unbelievable!” the coach said."
    (proposal,) = _found(text)
    assert _content(text, proposal) == "Unbelievable!"


def test_a_quotation_ending_the_sentence_after_a_long_source() -> None:
    text = "Rep. Dana Ortiz (D-Ariz.) said, “The pumps were never tested at full load.”"
    (proposal,) = _found(text)
    assert proposal.kind == "direct_quote"
    assert _content(text, proposal) == "The pumps were never tested at full load"
    assert proposal.speaker.name == "Dana Ortiz"


def test_a_colon_after_a_name_is_the_cue() -> None:
    text = "Sen. Mara Holt (D-Vt.): “We were never shown the contract before the vote.”"
    (proposal,) = _found(text)
    assert proposal.kind == "direct_quote"
    assert _content(text, proposal) == "We were never shown the contract before the vote"
    assert proposal.speaker.name == "Mara Holt"


def test_a_colon_ending_a_paragraph_quotes_the_next_one() -> None:
    text = "The ministry issued the following statement:\n\n“The strait remains open to all shipping.”"
    (proposal,) = _found(text)
    assert _content(text, proposal) == "The strait remains open to all shipping"
    assert "ministry" in proposal.speaker.name


def test_reported_speech_with_a_quotation_goes_on_in_the_next_sentence() -> None:
    text = (
        "Port officials said the leaked figures were “far from the truth”. "
        "The two ships “passed at a safe distance” and never came close to the pier."
    )
    first, second = _found(text)
    assert _content(text, second).startswith("The two ships “passed at a safe distance”")
    assert second.speaker.name == first.speaker.name == "Port officials"


def test_an_understanding_is_an_attribution() -> None:
    text = "The finance ministry understands that the loan will be repaid by 2030."
    (proposal,) = _found(text)
    assert _content(text, proposal) == "the loan will be repaid by 2030"
