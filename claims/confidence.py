"""Sherman Kent's scale of estimative words, and the probability each stands for.

Source: Sherman Kent, "Words of Estimative Probability", Studies in Intelligence 8(4), 1964
(CIA Center for the Study of Intelligence). Kent gave each phrase a central value and a spread;
Tracker scores the central value. See docs/confidence.md for the phrases each category covers.
"""

from django.db import models


class EstimativeWords(models.TextChoices):
    CERTAIN = "certain", "Certain (100%)"
    ALMOST_CERTAIN = "almost_certain", "Almost certain (93%)"
    PROBABLE = "probable", "Probable (75%)"
    ABOUT_EVEN = "about_even", "Chances about even (50%)"
    PROBABLY_NOT = "probably_not", "Probably not (30%)"
    ALMOST_CERTAINLY_NOT = "almost_certainly_not", "Almost certainly not (7%)"
    IMPOSSIBLE = "impossible", "Impossible (0%)"


KENT_SCALE: dict[str, float] = {
    EstimativeWords.CERTAIN: 1.0,
    EstimativeWords.ALMOST_CERTAIN: 0.93,
    EstimativeWords.PROBABLE: 0.75,
    EstimativeWords.ABOUT_EVEN: 0.5,
    EstimativeWords.PROBABLY_NOT: 0.3,
    EstimativeWords.ALMOST_CERTAINLY_NOT: 0.07,
    EstimativeWords.IMPOSSIBLE: 0.0,
}

# Phrases Kent grouped under each category (the two ends stand for certainty and impossibility).
KENT_SYNONYMS: dict[str, tuple[str, ...]] = {
    EstimativeWords.CERTAIN: ("certain",),
    EstimativeWords.ALMOST_CERTAIN: ("virtually certain", "all but certain", "highly probable", "highly likely"),
    EstimativeWords.PROBABLE: ("probably", "likely", "we believe", "we estimate", "chances are good"),
    EstimativeWords.ABOUT_EVEN: ("chances about even", "chances a little better (or less) than even"),
    EstimativeWords.PROBABLY_NOT: ("probably not", "unlikely", "we believe not", "we estimate not"),
    EstimativeWords.ALMOST_CERTAINLY_NOT: (
        "almost certainly not",
        "highly improbable",
        "highly unlikely",
        "chances are slight",
    ),
    EstimativeWords.IMPOSSIBLE: ("impossible",),
}


def probability_of_words(words: str) -> float | None:
    """Return the probability Kent's scale gives a category of estimative words, or None for none."""
    return KENT_SCALE.get(words) if words else None
