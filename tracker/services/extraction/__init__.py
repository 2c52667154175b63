"""Reading an article for the editor: proposed statements with speaker, cue, content and date.

Rule-based, no model: ``segments`` (paragraphs, sentences, quotation marks of every style),
``cues`` (the verbs and phrases that attribute words: said, told, according to, …),
``dates`` (the date said, resolved from the publication date, with precision and a note),
``speakers`` (a speaker mention's name and kind guess; the ``Lexicon`` of known speakers),
``rules`` (the attribution rules themselves), ``propose`` (the entry point: text in,
``Proposal`` list out, speakers resolved against the tracker's speakers and aliases first).

Offsets are character offsets into the text as given (Python ``str`` indexes, which are the
code points of the UTF-8 text). Nothing here writes to the database.
"""
