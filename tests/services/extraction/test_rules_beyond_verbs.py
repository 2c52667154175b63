"""Rules added for what the seed articles showed, each on invented sentences (issue 13): a title
before the names, a surname after the full name, 'did not forget to mention', a stance before a
colon, a document's title, a quoted sentence going on, acts and videos as summaries."""

from __future__ import annotations

from tracker.models import SpeakerKind
from tracker.services.extraction.propose import Proposal, propose
from tracker.services.extraction.speakers import FixedLexicon, KnownSpeaker, Lexicon, NoSpeakers

DAHL = KnownSpeaker(3, "Lena Dahl", SpeakerKind.PERSON)


def _found(text: str, lexicon: Lexicon | None = None) -> list[Proposal]:
    return propose(text, None, lexicon or NoSpeakers())


def _words(text: str, proposal: Proposal) -> tuple[str, str, str]:
    span = proposal.speaker.span
    speaker = text[span.start : span.end] if span else proposal.speaker.name
    return (
        speaker,
        text[proposal.cue.start : proposal.cue.end],
        text[proposal.content.start : proposal.content.end],
    )


def test_a_lowercase_title_before_the_names_leaves_the_names_as_the_source() -> None:
    text = (
        "During the hearing, union leaders Ada Morales and Ben Otieno objected to the merger, "
        "arguing that the plant would close within a year."
    )
    (proposal,) = _found(text)
    assert _words(text, proposal) == (
        "Ada Morales and Ben Otieno",
        "arguing",
        "the plant would close within a year",
    )


def test_a_title_from_the_roles_before_a_name_is_part_of_the_subject() -> None:
    text = "Former city mayor Ivo Hahn stood by the audit, adding that no money was missing."
    (proposal,) = _found(text)
    assert _words(text, proposal)[0] == "Former city mayor Ivo Hahn"
    assert proposal.speaker.name.endswith("Ivo Hahn")


def test_a_surname_names_the_known_speaker_named_in_full_before() -> None:
    text = "Prime Minister Lena Dahl opened the session on Monday. Later, Dahl said the budget would pass."
    (second,) = _found(text, FixedLexicon([("Lena Dahl", DAHL)]))
    assert (second.speaker.name, second.speaker.id) == ("Lena Dahl", 3)
    assert _words(text, second)[0] == "Dahl"
    # A speaker the tracker does not know keeps the words of the text.
    assert _found(text)[-1].speaker.name == "Dahl"


def test_a_speech_verb_after_did_not_forget_to_is_a_cue_but_not_to_mention_is_not() -> None:
    text = "The mayor did not forget to mention the “green corridor” in her speech to the council."
    (proposal,) = _found(text)
    assert _words(text, proposal)[1:] == ("mention", "the “green corridor” in her speech to the council")
    assert _found("The new park, not to mention the stadium, will cost the city millions.") == []


def test_a_stance_before_a_colon_attributes_what_follows_to_a_group_or_a_name() -> None:
    text = "Even the local residents were sceptical: the new dam would flood more fields than it saves."
    (proposal,) = _found(text)
    assert _words(text, proposal) == (
        "the local residents",
        "sceptical",
        "the new dam would flood more fields than it saves",
    )
    # 'The message' is no source.
    assert _found("The message was blunt: the factory will close in May and nobody will be moved.") == []


def test_a_document_s_title_and_what_it_says_are_its_author_s_named_before() -> None:
    text = (
        "The council received a report by the Harbour Trust last week. This report, entitled "
        "“Tides of Change”, warned that the seawall would fail within a decade."
    )
    title, warning = _found(text)
    assert _words(text, title) == ("the Harbour Trust", "entitled", "Tides of Change")
    assert title.kind == "written_statement"
    assert _words(text, warning) == ("the Harbour Trust", "warned", "the seawall would fail within a decade")


def test_a_document_s_author_may_be_named_in_the_phrase_and_the_document_must_be_the_subject() -> None:
    text = "A study by the Rivera Institute, titled “Quiet Streets”, found that traffic fell by a third."
    assert [_words(text, p)[0] for p in _found(text)] == ["the Rivera Institute", "the Rivera Institute"]
    # Not the subject: the sentence's own attribution stands, the title is not proposed.
    other = "Residents said they were angry about the study, titled “Quiet Streets”, when it appeared in May."
    assert [(p.kind, _words(other, p)[:2]) for p in _found(other)] == [("paraphrase", ("Residents", "said"))]


def test_a_whole_quoted_sentence_after_a_short_lead_goes_on_the_attribution_before() -> None:
    text = (
        "Analysts said the reform would backfire on the government.\n\n"
        "Like a pendulum, “what swings out must swing back.”"
    )
    said, goes_on = _found(text)
    assert goes_on.speaker == said.speaker
    assert (goes_on.kind, _words(text, goes_on)[2]) == ("direct_quote", "what swings out must swing back")


def test_an_act_that_says_something_is_a_summary_but_a_campaign_stop_is_not() -> None:
    text = "Governor Amara Lind visited the war memorial in Kessel and paid tribute to the fallen miners."
    (proposal,) = _found(text)
    assert (proposal.kind, proposal.speaker.name) == ("summary", "Amara Lind")
    assert proposal.confidence < 0.5
    text = "Minister Tomas Berg did not include Norway in his list of partners for the project."
    (proposal,) = _found(text)
    assert _words(text, proposal)[1:] == (
        "did not include",
        "did not include Norway in his list of partners for the project",
    )
    assert _found("Senator Ola Nwosu visited Ohio on Monday for a fundraiser with donors.") == []


def test_a_video_made_by_a_source_is_that_source_s_summary() -> None:
    text = "The standoff ended the protest and became a viral clip made by student activists from the campus."
    (proposal,) = _found(text)
    assert (proposal.kind, _words(text, proposal)[:2]) == ("summary", ("student activists", "clip made by"))
