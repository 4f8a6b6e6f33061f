"""Custom Rasa NLU components of the clinic procedure assistant."""
