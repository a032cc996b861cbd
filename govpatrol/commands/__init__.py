"""One module per CLI command, loaded lazily by the click group."""
