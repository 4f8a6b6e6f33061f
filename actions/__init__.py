"""Custom actions of the clinic procedure assistant and the services they use."""
