"""The Flask application: configuration, languages, storage, the web questionnaire, the JSON API
and the command line. Every channel here is a thin layer over the engine in `rules/`."""
