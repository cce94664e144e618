"""What the CLI and the HTTP layer both call. No `flask.request` here."""
