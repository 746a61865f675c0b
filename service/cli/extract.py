"""``claimdesk extract`` and ``claimdesk evaluate``: the extractor from the command line."""
