"""Reading a text for attributions: the rules below ``propose``, lowest first.

``segments`` (paragraphs, sentences, quotation marks of every style), ``cues`` (the verbs and
phrases that attribute words: said, told, according to, …; acts that say something),
``sources`` (source noun phrases: before or after a cue, a sentence's subject, a document's
author), ``quoted`` (quotations whose speaker is named around them, a colon as the cue),
``acts`` (no speech verb: a document's title, a stance before a colon, acts and videos as
summaries) and ``rules`` (``find``: every attribution of a text, in text order, as spans).
"""
