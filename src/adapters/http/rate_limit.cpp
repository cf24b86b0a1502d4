// API rate limits per token and per IP (see rate_limit.hpp).
