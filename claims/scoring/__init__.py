"""How claims are scored: the formulas (pure functions), scorecards and leaderboards, the kept figures, charts."""
