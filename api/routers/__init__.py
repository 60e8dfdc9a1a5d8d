"""One router per API: ``v1`` (brief's own) and ``libretranslate`` (compatible routes)."""
