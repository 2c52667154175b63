"""Reading an article for the editor: proposed statements with speaker, cue, content and date.

Rule-based, no model: ``reading`` (the attribution rules, as spans: segments, cues, sources,
quotations, acts; ``reading.rules.find`` runs them), ``dates`` (the date said, resolved from
the publication date, with precision and a note), ``speakers`` (a speaker mention's name and
kind guess; the ``Lexicon`` of known speakers), ``propose`` (the entry point: text in,
``Proposal`` list out, speakers resolved against the tracker's speakers and aliases first),
``known`` (the lexicon from the database), ``accept`` (a proposal made a statement), ``html``.

Offsets are character offsets into the text as given (Python ``str`` indexes, which are the
code points of the UTF-8 text). Nothing here writes to the database.
"""
