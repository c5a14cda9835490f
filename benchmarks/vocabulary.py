"""Words the synthetic record is written in: topics with their subjects, names, outlets and sentence parts.

Plain English on real subjects, so that full-text search, feeds and pages read like a real record and
a search for a common word ("sanctions") matches many claims while a rare one matches few.
"""

# (topic, subjects a claim or a report on it talks about), most used first: topics are drawn Zipf-like.
TOPICS: list[tuple[str, tuple[str, ...]]] = [
    ("North Korea", ("the North Korean regime", "Kim Jong-un's government", "North Korea's economy")),
    ("Sanctions", ("sanctions on North Korea", "the oil embargo on Iran", "Western sanctions on Russia")),
    ("Elections", ("the governing party", "the opposition coalition", "the incumbent president")),
    ("Inflation", ("consumer price inflation", "core inflation in the euro area", "food price inflation")),
    ("China", ("China's economy", "the Chinese Communist Party", "Chinese exports")),
    ("Russia", ("the Russian economy", "the Kremlin", "Russian oil exports")),
    ("Interest rates", ("the Federal Reserve", "the European Central Bank", "the Bank of England")),
    ("Oil", ("the price of Brent crude", "OPEC output", "US shale production")),
    ("Ukraine", ("the war in Ukraine", "Ukraine's counter-offensive", "peace talks on Ukraine")),
    ("Nuclear weapons", ("North Korea's nuclear programme", "Iran's enrichment programme", "the arms control treaty")),
    ("Trade", ("the trade war", "US tariffs on Chinese goods", "the trade agreement")),
    ("Climate", ("global emissions", "the climate agreement", "Arctic sea ice")),
    ("Artificial intelligence", ("large language models", "AI regulation", "the AI industry")),
    ("Housing", ("house prices", "the housing market", "rents in the capital")),
    ("Unemployment", ("the unemployment rate", "youth unemployment", "the labour market")),
    ("Stock markets", ("the S&P 500", "the Nikkei", "European stock markets")),
    ("Cryptocurrency", ("Bitcoin", "stablecoins", "the crypto exchanges")),
    ("Iran", ("the Iranian government", "Iran's currency", "the nuclear deal with Iran")),
    ("Pandemics", ("the pandemic", "the new variant", "hospital admissions")),
    ("European Union", ("the European Union", "the euro", "EU enlargement")),
    ("Taiwan", ("the Taiwan Strait", "Taiwan's government", "cross-strait relations")),
    ("Energy", ("gas prices in Europe", "renewable generation", "the power grid")),
    ("Migration", ("net migration", "asylum applications", "border crossings")),
    ("Brexit", ("the Brexit deal", "the Northern Ireland protocol", "UK-EU trade")),
    ("Middle East", ("the ceasefire in Gaza", "Saudi-Israeli normalisation", "the Syrian government")),
    ("India", ("India's economy", "the Indian rupee", "India's general election")),
    ("Japan", ("the Japanese yen", "Japan's government", "the Bank of Japan")),
    ("South Korea", ("South Korea's president", "the Korean won", "inter-Korean talks")),
    ("Defence", ("NATO defence spending", "the defence budget", "the aircraft carrier programme")),
    ("Technology", ("the smartphone market", "semiconductor supply", "electric vehicle sales")),
    ("Space", ("the lunar landing", "the Mars mission", "commercial launches")),
    ("Courts", ("the Supreme Court", "the corruption trial", "the constitutional court")),
    ("Public debt", ("public debt", "the budget deficit", "government bond yields")),
    ("Currencies", ("the dollar", "the Chinese yuan", "the Turkish lira")),
    ("Food", ("wheat prices", "the harvest", "famine warnings")),
    ("Health", ("life expectancy", "waiting lists", "the vaccination campaign")),
    ("Labour", ("the strike", "the minimum wage", "union membership")),
    ("Sport", ("the World Cup", "the Olympic bid", "the league title")),
    ("Africa", ("Nigeria's economy", "the Sahel", "the African Union")),
    ("Latin America", ("Venezuela's government", "Brazil's economy", "Argentina's peso")),
]

FUTURE_VERBS = (
    "collapse", "recover", "rise by more than ten per cent", "fall by more than ten per cent", "double",
    "halve", "hold steady", "fail", "succeed", "be lifted", "be tightened", "reach a record high",
    "fall to its lowest level in a decade", "lead to regime change", "force a change of policy",
    "end in a negotiated settlement", "survive", "be abandoned", "be signed", "win a majority",
)  # fmt: skip
HEDGES = (
    "Mark my words:", "I am confident that", "In my view", "Make no mistake,", "The evidence says", "I predict that",
    "There is little doubt that", "My bet is that", "Our assessment is that", "Everything suggests that",
)  # fmt: skip
WORDS_PHRASES = {
    "certain": "It is certain that",
    "almost_certain": "It is almost certain that",
    "probable": "It is probable that",
    "about_even": "The chances are about even that",
    "probably_not": "It is unlikely that",
    "almost_certainly_not": "It is highly unlikely that",
    "impossible": "There is no way that",
}
REPORT_VERBS = (
    "reports", "confirms", "denies", "documents", "estimates", "warns of", "reveals", "disputes", "analyses",
    "questions", "tracks", "maps",
)  # fmt: skip
REPORT_OBJECTS = (
    "a sharp change in", "new figures on", "smuggling linked to", "a policy shift on", "growing pressure on",
    "a leaked memo about", "satellite images of", "market prices for", "official statistics on", "a survey of",
    "interviews about", "a court filing on",
)  # fmt: skip
NOTES = (
    "Direct evidence on the claim's main condition.", "Shows the trend the claim depends on.",
    "Background on the actors involved.", "Contradicts the mechanism the commentator relied on.",
    "Official data, revised later.", "An eyewitness account; single source.", "Repeats an earlier wire story.",
    "Timing matters: published before the deadline.",
)  # fmt: skip
RATIONALES = {
    "true": "The cited reports show it happened as stated, before the deadline.",
    "false": "The cited reports show it did not happen by the deadline.",
    "partly_true": "The cited reports show part of it happened; the rest did not.",
    "void": "The criteria could not be applied: the question was overtaken by events.",
}
WALKBACKS = (
    "I was too confident; the situation has changed.", "What I meant was a longer time frame.",
    "I stand by the substance, not the date.", "New information has changed my view.",
)  # fmt: skip
CONDITIONS = (
    "are enforced aggressively", "collapse first", "hold steady", "are lifted", "double", "stay in power",
)  # fmt: skip
REPLIES = (
    "The record leaves out the context of my remark.", "I said this as a scenario, not a forecast.",
    "The deadline recorded here is not the one I gave.", "I accept the judgement.",
)  # fmt: skip
DISPUTE_REASONS = (
    "The cited reports were later corrected.", "The outcome came after the deadline.",
    "The criteria were read too literally.", "An official source contradicts the resolution.",
)  # fmt: skip
DECISIONS = {
    "upheld": "The resolution stands: the cited reports are sufficient and the criteria were applied as written.",
    "overturned": "Overturned: the new evidence changes the outcome; a new resolution was recorded.",
}
RETRACTION_NOTES = {
    "wrong_words": "The quote was transcribed from a paraphrase; the original words differ.",
    "duplicate": "The same statement was recorded twice from two outlets.",
    "not_a_claim": "On review the remark was a joke, not a prediction.",
}

FIRST_NAMES = (
    "Anna", "Ben", "Chen", "Daniel", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jae-won", "Karim", "Laura",
    "Mark", "Nadia", "Oliver", "Priya", "Quentin", "Rosa", "Samuel", "Tomás", "Uma", "Victor", "Wen", "Ximena",
    "Yusuf", "Zoe", "Joshua", "Min-ji", "Pavel", "Sofia", "Kwame", "Aisha", "Lars", "Marta", "Nikolai", "Olga",
)  # fmt: skip
LAST_NAMES = (
    "Anderson", "Baker", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Hwang", "Ibrahim", "Jensen",
    "Kim", "Lee", "Müller", "Nakamura", "Okafor", "Park", "Quinn", "Rossi", "Stanton", "Tanaka", "Usman",
    "Volkov", "Wang", "Xu", "Yamamoto", "Zhang", "Cohen", "Novak", "Silva", "Haddad", "Kowalski", "O'Brien",
)  # fmt: skip
GROUPS = (
    "analysts quoted on", "officials briefing on", "economists surveyed on", "sceptics quoted on",
    "think-tank panel on", "market strategists on",
)  # fmt: skip
AFFILIATIONS = (
    "Independent", "Columnist", "Former ambassador", "University professor", "Hedge fund", "Think tank fellow",
    "Member of parliament", "Television pundit", "Newsletter author", "Former intelligence officer",
)  # fmt: skip

OUTLET_PLACES = (
    "Seoul", "Tokyo", "London", "Berlin", "Paris", "Washington", "Beijing", "Moscow", "Kyiv", "Delhi",
    "Lagos", "Nairobi", "Cairo", "Tehran", "Ankara", "Madrid", "Rome", "Warsaw", "Oslo", "Toronto",
    "Sydney", "Jakarta", "Manila", "Bangkok", "Taipei", "Mexico City", "São Paulo", "Buenos Aires", "Lima",
    "Bogotá", "Daily", "Global", "Northern", "Pacific", "Atlantic", "Continental", "Eastern", "Western",
)  # fmt: skip
OUTLET_NOUNS = (
    "Herald", "Times", "Post", "Observer", "Monitor", "Review", "Journal", "Gazette", "Tribune", "Chronicle",
    "Courier", "Dispatch", "Ledger", "Bulletin", "Wire", "Insight", "Institute", "Statistics Office", "Ministry",
    "Watch",
)  # fmt: skip
COUNTRIES = ("KR", "JP", "GB", "DE", "FR", "US", "CN", "RU", "UA", "IN", "NG", "KE", "EG", "IR", "TR", "")
LANGUAGES = ("ko", "ja", "en", "de", "fr", "en", "zh", "ru", "uk", "en", "en", "en", "ar", "fa", "tr", "en")
