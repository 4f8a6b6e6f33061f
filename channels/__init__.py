"""Custom Rasa input channels of the clinic procedure assistant."""
