"""The SMS channel: the same questionnaire by text message, behind a provider adapter."""
