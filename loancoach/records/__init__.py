"""Records: our own database, settings, and reading Rasa's tracker store."""
