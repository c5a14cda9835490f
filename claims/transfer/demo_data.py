"""Demo record built from the One Free Korea chronology of sanctions on North Korea (2016-2019),
in our own words.
"""

# Outlets and originators. Only sources the article itself names get their own entry; everything else
# is attributed to the article (One Free Korea) as a secondary source.
SOURCES = [
    {
        "slug": "one-free-korea",
        "name": "One Free Korea",
        "kind": "blog",
        "homepage": "https://freekorea.us",
        "country": "US",
        "language": "en",
        "reliability": "C",
        "description": (
            "Joshua Stanton's blog on North Korea policy, sanctions law and human rights, written to argue "
            "for stricter enforcement. Graded C (fairly reliable): the author knows sanctions law and "
            "usually links what he relays, but it is an advocacy outlet passing on other outlets' reporting "
            "second-hand, often without naming the outlet for each item."
        ),
    },
    {
        "slug": "daily-nk",
        "name": "Daily NK",
        "kind": "news",
        "homepage": "https://www.dailynk.com",
        "country": "KR",
        "language": "en",
        "reliability": "C",
        "description": (
            "Seoul-based online outlet, published in Korean and English, that covers life inside North Korea "
            "through unnamed informants in the country and on the Chinese border. Graded C (fairly "
            "reliable): its informant reports have often been borne out later, but any single story rests on "
            "sources that outsiders cannot check."
        ),
    },
    {
        "slug": "rimjin-gang",
        "name": "Rimjin-gang (Asia Press)",
        "kind": "news",
        "homepage": "https://www.asiapress.org",
        "country": "JP",
        "language": "en",
        "reliability": "C",
        "description": (
            "Reporting project of the Osaka-based Asia Press network, which equips North Koreans to report "
            "from inside the country; published in Japanese, Korean and English. Graded C (fairly reliable): "
            "first-hand accounts from inside, but each rests on a few unnamed reporters and cannot be "
            "verified independently."
        ),
    },
    {
        "slug": "new-york-times",
        "name": "The New York Times",
        "kind": "news",
        "homepage": "https://www.nytimes.com",
        "country": "US",
        "language": "en",
        "reliability": "B",
        "description": (
            "New York daily newspaper with a large foreign desk and editorial fact-checking. Graded B "
            "(usually reliable): a careful outlet, though on North Korea it leans on the same outside "
            "analysts and scarce data as everyone else."
        ),
    },
    {
        "slug": "bank-of-korea",
        "name": "Bank of Korea",
        "kind": "government",
        "homepage": "https://www.bok.or.kr",
        "country": "KR",
        "language": "ko",
        "reliability": "B",
        "description": (
            "South Korea's central bank, which publishes a yearly estimate of North Korean economic growth. "
            "Graded B (usually reliable): an official, consistent series, but compiled from thin data on a "
            "closed economy, so its figures are estimates, not measurements."
        ),
    },
]

# One report per dated item of the chronology (month precision), plus the article itself and the
# New York Times report it mentions (year precision). Summaries are paraphrases.
REPORTS = [
    {
        "key": "2016-03-unsc-2270-nkspea",
        "source": "one-free-korea",
        "date": "2016-03",
        "title": "UN Resolution 2270 adopted after Congress passes the NKSPEA",
        "summary": (
            "Background to the chronology. Shortly after the fourth nuclear test and the U.S. enactment of "
            "the North Korea Sanctions and Policy Enhancement Act, the Security Council adopted Resolution "
            "2270, ending correspondent banking with North Korean banks and capping, without yet banning, "
            "coal exports. Treasury was still drafting the executive order to bar dollar dealings with "
            "several North Korean industries."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 1,
        "repeats": None,
    },
    {
        "key": "2016-03-donju-hold-back",
        "source": "one-free-korea",
        "date": "2016-03",
        "title": "Wealthy traders put coal investment on hold",
        "summary": (
            "Early accounts say the donju, a moneyed class that mostly grew rich through state connections, "
            "have turned wary and are delaying investment in coal mining. Some households stockpile food, "
            "yet market prices hold steady, and some traders move into unsanctioned lines such as food "
            "shipments from China."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2016-03-china-seafood-ban",
        "source": "one-free-korea",
        "date": "2016-03",
        "title": "China stops buying North Korean seafood",
        "summary": (
            "Beijing halts seafood imports from North Korea on its own initiative, hitting a trade in which "
            "the Reconnaissance General Bureau has a large stake. Inside North Korea seafood becomes cheaper "
            "and easier to find; a UN ban on these exports follows about a year later."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 2,
        "repeats": None,
    },
    {
        "key": "2016-04-miners-downsize",
        "source": "one-free-korea",
        "date": "2016-04",
        "title": "Mining families brace for sectoral sanctions",
        "summary": (
            "In an industry that was struggling even before the sectoral measures, some miners expect the "
            "worst and swap their homes for smaller ones. Over the following months the situation settles "
            "down."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2016-09-fifth-test-hongxiang",
        "source": "one-free-korea",
        "date": "2016-09",
        "title": "Fifth nuclear test; first U.S. case against a Chinese partner firm",
        "summary": (
            "After the fifth nuclear test the Security Council starts drafting Resolution 2321, largely a "
            "tightening of existing measures. Treasury and the Justice Department bring their first major "
            "action against a Chinese company trading with the North, Dandong Hongxiang Industrial "
            "Development, and go after Chinese buyers of North Korean coal; the Justice Department and the "
            "FBI become ever more central to enforcement."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 1,
        "repeats": None,
    },
    {
        "key": "2016-11-treasury-bank-rule",
        "source": "one-free-korea",
        "date": "2016-11",
        "title": "Treasury rule severs North Korean banks; Trump elected",
        "summary": (
            "Treasury issues a final rule shutting North Korean banks out of the financial system. The same "
            "month Donald Trump wins the U.S. presidential election."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 1,
        "repeats": None,
    },
    {
        "key": "2017-06-unsc-designations",
        "source": "one-free-korea",
        "date": "2017-06",
        "title": "Security Council adds designations after missile launches",
        "summary": (
            "The Security Council responds to a run of North Korean missile launches by adding names to its "
            "sanctions list."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 1,
        "repeats": None,
    },
    {
        "key": "2017-08-caatsa-unsc-2371",
        "source": "one-free-korea",
        "date": "2017-08",
        "title": "CAATSA Title III and UN Resolution 2371",
        "summary": (
            "Congress strengthens the 2016 sanctions law through Title III of the Countering America's "
            "Adversaries Through Sanctions Act. The Security Council adopts Resolution 2371, which outlaws "
            "most of the North's remaining exports of minerals and seafood, tightens the rules on banking "
            "and prohibits joint ventures."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 1,
        "repeats": None,
    },
    {
        "key": "2017-09-sixth-test-unsc-2375",
        "source": "one-free-korea",
        "date": "2017-09",
        "title": "Sixth nuclear test, Resolution 2375, and idle traders in China",
        "summary": (
            "North Korea carries out its sixth nuclear test and the Security Council answers with Resolution "
            "2375, restricting oil imports and shipping and banning textile exports. North Korean traders in "
            "China, mostly unprepared for real enforcement, complain that sanctions have left them without "
            "business while the state still presses them for loyalty contributions."
        ),
        "excerpt": "have no work",
        "url": "",
        "credibility": 2,
        "repeats": None,
    },
    {
        "key": "2017-10-rason-investors-leave",
        "source": "one-free-korea",
        "date": "2017-10",
        "title": "Chinese investors pull out of Rason",
        "summary": (
            "Citing sanctions, Chinese investors leave the Rason Special Economic Zone, and textile plants "
            "and fishing operations there slow down or halt."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2017-11-pyongyang-stable",
        "source": "one-free-korea",
        "date": "2017-11",
        "title": "Pyongyang resident describes stable conditions",
        "summary": (
            "A source living in Pyongyang says daily life in the capital is steady, and its elite appears "
            "confident it can ride out the sanctions."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2017-12-chinese-banks-freeze",
        "source": "one-free-korea",
        "date": "2017-12",
        "title": "Chinese banks freeze North Korean trading firms' accounts",
        "summary": (
            "Banks in China close or freeze the accounts of North Korean trading companies, and border trade "
            "is slowing. One report mentions power cuts in Pyongyang, but supply later improves because coal "
            "that can no longer be sold abroad is burned in domestic power plants."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-01-export-bans-bite",
        "source": "one-free-korea",
        "date": "2018-01",
        "title": "Export bans hit state coal, fishing and textile sectors",
        "summary": (
            "UN export bans are now hurting state-run coal mines, fisheries and textile plants. A source "
            "says life in Pyongyang has become harder, though the capital's housing market is still firm. "
            "Security personnel rely more on extortion and bribes, a sign their pay no longer arrives "
            "regularly, and border troops go back to smuggling to get by."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-02-sinuiju-textiles-close",
        "source": "one-free-korea",
        "date": "2018-02",
        "title": "Sinuiju textile plants close as China tightens customs",
        "summary": (
            "In the border city of Sinuiju textile factories shut and market prices swing sharply, while "
            "Chinese customs step up inspections along the frontier."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-04-border-trade-slump",
        "source": "one-free-korea",
        "date": "2018-04",
        "title": "Cross-border trade slumps; Pyongyang housing softens",
        "summary": (
            "Trade across the Chinese border has fallen steeply by this point. Apartment prices in Pyongyang "
            "weaken as residents sell or let their flats and move to houses in the countryside."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 2,
        "repeats": None,
    },
    {
        "key": "2018-04-mood-sours-after-moon-summit",
        "source": "one-free-korea",
        "date": "2018-04",
        "title": "Public mood darkens after inter-Korean summit brings no relief",
        "summary": (
            "The April summit between Kim Jong-un and Moon Jae-in yields no real easing of sanctions while "
            "the economy keeps sliding, and North Koreans grow gloomy. The post suggests resentment over "
            "dashed hopes may be growing, with expectations now resting on the coming Kim-Trump meeting in "
            "Singapore."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-05-guerrilla-families-rations",
        "source": "one-free-korea",
        "date": "2018-05",
        "title": "Rations fail for descendants of anti-Japanese guerrillas",
        "summary": (
            "Some local authorities can no longer supply rations even to families descended from "
            "anti-Japanese guerrilla fighters, a group the state has always favoured."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-05-pyongyang-graft-crackdown",
        "source": "one-free-korea",
        "date": "2018-05",
        "title": "Crackdown on Pyongyang cadres who skim from residents",
        "summary": (
            "The state opens a campaign against officials in Pyongyang who extract money from residents "
            "through assorted graft; officials are said to be anxious, those in trade most of all."
        ),
        "excerpt": "Cadres are looking nervous, and those involved in trade are particularly worried.",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-06-pyongyang-property-spike",
        "source": "one-free-korea",
        "date": "2018-06",
        "title": "Pyongyang housing prices jump on hopes for Singapore",
        "summary": (
            "Apartment prices in the capital surge as buyers bet that Kim Jong-un will talk Donald Trump "
            "into lifting sanctions at the Singapore summit."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-06-singapore-summit",
        "source": "one-free-korea",
        "date": "2018-06",
        "title": "Trump and Kim meet in Singapore; no sanctions lifted",
        "summary": (
            "Donald Trump and Kim Jong-un hold their first summit, in Singapore. Beforehand Trump shelves a "
            "planned fresh batch of sanctions listings, but every sanction already in place stays in force."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 1,
        "repeats": None,
    },
    {
        "key": "2018-06-state-firms-take-smuggling",
        "source": "one-free-korea",
        "date": "2018-06",
        "title": "State-linked trading firms move in on border smuggling",
        "summary": (
            "Trading companies tied to powerful state bodies push into cross-border smuggling, a business "
            "long run by private smugglers under an informal arrangement with local border guards."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-07-bok-gdp",
        "source": "bank-of-korea",
        "date": "2018-07",
        "title": "Bank of Korea estimates a 3.5% fall in North Korean GDP",
        "summary": (
            "South Korea's central bank estimates that the North Korean economy shrank by 3.5 percent in the "
            "year before the estimate."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 2,
        "repeats": None,
    },
    {
        "key": "2018-07-pyongyang-property-crash",
        "source": "daily-nk",
        "date": "2018-07",
        "title": "Pyongyang property prices collapse after Singapore",
        "summary": (
            "Daily NK reports that after the Singapore summit apartment prices in Pyongyang plunged, by as "
            "much as 80 percent in some districts, with a drop of about half in Sinuiju, while the state "
            "kept building despite many empty flats. The outlet blames a cash shortage caused by sanctions; "
            "the One Free Korea post adds that overbuilding probably played a part. Builders are described "
            "as worried about a long downturn."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-08-kaechon-hardship",
        "source": "one-free-korea",
        "date": "2018-08",
        "title": "Hardship deepens in the Kaechon coal region",
        "summary": (
            "In the coal-mining area of Kaechon, North Pyongan, conditions deteriorate: the markets have "
            "goods, but residents lack the money to buy them, and power cuts are reported."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-08-rimjin-gang-incomes-halved",
        "source": "rimjin-gang",
        "date": "2018-08",
        "title": "Pyongyang incomes halve as border trade dries up",
        "summary": (
            "A Pyongyang source tells Rimjin-gang that earnings in the capital have dropped by about half "
            "and that residents can no longer afford what is on sale, a cash squeeze traced to the slowdown "
            "in sanctioned cross-border commerce. A North Korean trade official based in China says the "
            "trade-dependent upper class is hit hardest and warns of serious trouble if the economy is not "
            "fixed."
        ),
        "excerpt": "They are in trouble now that the money is gone.",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-08-bureau-39-takes-routes",
        "source": "one-free-korea",
        "date": "2018-08",
        "title": "State firms push army units off smuggling routes",
        "summary": (
            "On the frontier, state trading firms, some of them run by Bureau 39, keep taking smuggling "
            "routes away from army units. Military trading firms lose income, soldiers who lived off "
            "smuggling fall into debt, and officers' wives start businesses to keep their households afloat."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-09-trading-firms-idle",
        "source": "one-free-korea",
        "date": "2018-09",
        "title": "Bureau 39 and army trading firms short of business",
        "summary": (
            "With the mineral and seafood trades curtailed, trading companies under Bureau 39 and those tied "
            "to the army have little business left."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2018-11-mines-idle",
        "source": "one-free-korea",
        "date": "2018-11",
        "title": "Much of the mining sector grinds to a halt",
        "summary": (
            "A large part of the mining industry now stands idle: numerous South Pyongan coal pits and the "
            "Hyesan copper mine have stopped, Dancheon zinc miners are tried for selling stolen ore to "
            "smugglers, and the Musan iron mine limps along on sales to domestic mills and smugglers. Steel "
            "mills miss their quotas. Academic estimates point to a sharp decline, which the post argues "
            "probably understates the damage and leaves out smuggling."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 2,
        "repeats": None,
    },
    {
        "key": "2018-11-diplomat-missing-italy",
        "source": "one-free-korea",
        "date": "2018-11",
        "title": "Envoy posted in Italy goes missing with his wife",
        "summary": (
            "A North Korean envoy in Italy and his wife go missing, possibly to defect. The report does not "
            "tie the case to sanctions, though Pyongyang has long held its agents abroad to rigid earnings "
            "targets."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 2,
        "repeats": None,
    },
    {
        "key": "2018-12-resort-construction-stalls",
        "source": "one-free-korea",
        "date": "2018-12",
        "title": "Work slows at Samjiyeon and Wonsan-Kalma resorts",
        "summary": (
            "Building at Kim Jong-un's flagship tourist projects at Samjiyeon and Wonsan-Kalma nearly stops "
            "because the state cannot obtain steel beams and rebar, and North Korean workers in China are "
            "pressed to hand over more of their pay to the projects."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2019-02-factories-short-inputs",
        "source": "one-free-korea",
        "date": "2019-02",
        "title": "State factories slow for lack of raw materials",
        "summary": (
            "Output at state factories falls because inputs such as metal from the mines are scarce. Traders "
            "who cannot get domestic products turn to Chinese imports, and Musan iron miners stay away from "
            "work to haul and smuggle ore instead."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2019-02-anti-graft-inspections",
        "source": "one-free-korea",
        "date": "2019-02",
        "title": "Inspection campaign targets trade and border officials",
        "summary": (
            "Pyongyang sends inspection teams after officials, especially those working in external trade or "
            "at border posts, to uncover corruption and seize what they have accumulated; even the Guard "
            "Command that protects Kim Jong-un is inspected and purged. The post reads this as a break with "
            "the old practice of tolerating graft by officials who met their quotas."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2019-02-diplomats-recalled",
        "source": "one-free-korea",
        "date": "2019-02",
        "title": "Diplomats and families called home for ideological review",
        "summary": (
            "North Korean diplomats and their families are ordered home for ideological checks and "
            "re-education. Stanton, labelling it his own speculation, suggests it may stem from quotas "
            "missed under sanctions or from the hunt for officials' hidden funds."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2019-03-hanoi-no-deal",
        "source": "one-free-korea",
        "date": "2019-03",
        "title": "Hanoi summit ends without a deal on sanctions",
        "summary": (
            "Trump and Kim meet a second time, in Hanoi; Kim puts sanctions relief at the top of his demands "
            "and the talks end without agreement. Living conditions keep worsening for people on state "
            "wages, from Musan miners to Pyongyang's elite, and a Pyongyang trading company executive warns "
            "of widespread discontent."
        ),
        "excerpt": "If this continues, it could become a big problem. There is a lot of discontent.",
        "url": "",
        "credibility": 2,
        "repeats": None,
    },
    {
        "key": "2019-03-mss-officers-vanish",
        "source": "one-free-korea",
        "date": "2019-03",
        "title": "Three state security officers vanish in Shenyang",
        "summary": (
            "After Hanoi, three officers of the Ministry of State Security posted in Shenyang disappear, "
            "possibly to defect, perhaps fearing that inspectors would find bank accounts holding large "
            "hidden sums. North Koreans elsewhere in China reportedly worry that sanctions leave them unable "
            "to meet Pyongyang's earnings targets. In some regions at home, unpaid security and police "
            "officers depend on trade and bribes."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2019-03-mss-supervisor-flees",
        "source": "one-free-korea",
        "date": "2019-03",
        "title": "Follow-up report: the officers' supervisor also flees",
        "summary": (
            "A report a few days later claims that the three officers' supervisor in the Ministry of State "
            "Security left Pyongyang for China, afraid of being punished for their disappearance, and hints "
            "at further desertions since the Hanoi summit failed."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2019-03-factories-shut-power-cuts",
        "source": "one-free-korea",
        "date": "2019-03",
        "title": "State enterprises close; parts of Pyongyang get an hour of power a day",
        "summary": (
            "State plants in the capital and other industrial centres, which had held on until February "
            "hoping for a summit breakthrough, begin closing; workers are laid off and left to fend for "
            "themselves while the authorities watch for signs of protest. Parts of Pyongyang reportedly get "
            "roughly an hour of power daily, although foreign residents give a different account."
        ),
        "excerpt": "the summit's failure has led to a loss of hope",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2019-03-power-shortages-elsewhere",
        "source": "one-free-korea",
        "date": "2019-03",
        "title": "Separate report of power shortages around the country",
        "summary": (
            "Another report, mentioned alongside the factory closures, describes electricity shortages in "
            "other parts of North Korea."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2019-04-merchant-numbers-fall",
        "source": "one-free-korea",
        "date": "2019-04",
        "title": "Market traders dwindle in Pyongyang and South Pyongan",
        "summary": (
            "The number of market vendors drops sharply in Pyongyang and in South Pyongan's coal districts, "
            "as state employees go unpaid and cannot afford to buy."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2019-04-dandong-port-insolvent",
        "source": "one-free-korea",
        "date": "2019-04",
        "title": "Dandong Port Group placed in receivership",
        "summary": (
            "China's Dandong Port Group, badly hurt by the collapse of trade with North Korea, becomes "
            "insolvent and is put under court-supervised receivership."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 2,
        "repeats": None,
    },
    {
        "key": "2019-04-ofk-sanctions-working",
        "source": "one-free-korea",
        "date": "2019-04",
        "title": "The sanctions are working",
        "summary": (
            "Joshua Stanton argues that the experts who expected the post-2016 sanctions to fail were "
            "mistaken: the measures are shrinking the regime's industrial base, squeezing security-force "
            "wages and elite incomes, and driving Pyongyang to hunt for money among its own officials. He "
            "says his forecast of serious impact within one to three years is holding, faults U.S. "
            "enforcement for leaving laundering fronts and Chinese banks largely untouched, and acknowledges "
            "that part of the human cost falls on ordinary state workers."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 3,
        "repeats": None,
    },
    {
        "key": "2019-nyt-sanctions-working",
        "source": "new-york-times",
        "date": "2019",
        "title": "New York Times report that sanctions on North Korea are biting",
        "summary": (
            "Known here only through the One Free Korea post, which claims the New York Times, too, now "
            "reports that the sanctions are working. The article, its exact date and its evidence are not "
            "identified, so its content cannot be checked from this record."
        ),
        "excerpt": "",
        "url": "",
        "credibility": 6,
        "repeats": None,
    },
]

COMMENTATORS = [
    {
        "slug": "joshua-stanton",
        "name": "Joshua Stanton",
        "kind": "person",
        "affiliation": "One Free Korea (blog)",
        "bio": (
            "Lawyer and author of the One Free Korea blog, a long-standing advocate of strictly enforced "
            "financial and trade sanctions against North Korea."
        ),
        "links": ["https://freekorea.us"],
    },
    {
        "slug": "sanctions-sceptics",
        "name": "Sanctions sceptics quoted in the press",
        "kind": "group",
        "affiliation": "",
        "bio": (
            "Analysts, academics and commentators who, as the One Free Korea post describes them, argued "
            "that because earlier sanctions had failed, the new measures of 2016-2017 would fail too. The "
            "post names none of them, so this entry stands for a position rather than identified people."
        ),
        "links": [],
    },
    {
        "slug": "trade-institution-executive-rimjin-gang",
        "name": "A trade institution executive stationed in China, quoted by Rimjin-gang",
        "kind": "person",
        "affiliation": "Unnamed North Korean trade institution, posted in China",
        "bio": (
            "Anonymous North Korean trade official cited in Rimjin-gang's August 2018 report on falling "
            "incomes in Pyongyang; name and post are not disclosed."
        ),
        "links": [],
    },
    {
        "slug": "pyongyang-builders-daily-nk",
        "name": "Pyongyang builders quoted by Daily NK",
        "kind": "group",
        "affiliation": "Construction trade, Pyongyang",
        "bio": (
            "Unnamed people in Pyongyang's building trade whose worries about a long slump appear in the "
            "July 2018 property-crash item that the One Free Korea post credits to Daily NK."
        ),
        "links": [],
    },
    {
        "slug": "pyongyang-trading-company-executive",
        "name": "A Pyongyang trading company executive (outlet not named)",
        "kind": "person",
        "affiliation": "Unnamed North Korean trading company, Pyongyang",
        "bio": (
            "Anonymous executive quoted on conditions after the Hanoi summit in March 2019; the One Free "
            "Korea post relays the quote without saying which outlet carried it."
        ),
        "links": [],
    },
]

TOPICS = [
    {
        "slug": "north-korea",
        "name": "North Korea",
        "description": "The Democratic People's Republic of Korea: its state, society and foreign relations.",
    },
    {
        "slug": "sanctions",
        "name": "Sanctions",
        "description": (
            "UN, U.S. and other measures restricting trade and finance with North Korea, and how they are enforced."
        ),
    },
    {
        "slug": "north-korean-economy",
        "name": "North Korean economy",
        "description": "Output, trade, markets, prices, wages and living conditions inside North Korea.",
    },
    {
        "slug": "china-north-korea-trade",
        "name": "China-North Korea trade",
        "description": "Cross-border commerce, banking and smuggling between China and North Korea.",
    },
    {
        "slug": "north-korean-elites",
        "name": "North Korean elites",
        "description": (
            "The privileged classes, officials and security forces whose loyalty keeps the regime in power."
        ),
    },
    {
        "slug": "defections",
        "name": "Defections",
        "description": (
            "North Korean officials, diplomats, soldiers and others who flee the country or their posts abroad."
        ),
    },
    {
        "slug": "us-north-korea-diplomacy",
        "name": "U.S.-North Korea diplomacy",
        "description": ("Summits and negotiations between Washington and Pyongyang, including sanctions relief."),
    },
]

CLAIMS = [
    {
        "key": "sceptics-new-sanctions-fail",
        "commentator": "sanctions-sceptics",
        "quote": "new sanctions wouldn't work, either",
        "statement": (
            "The sanctions imposed on North Korea from 2016 onwards will not do serious damage to its "
            "economy or to the revenues of its regime."
        ),
        "resolution_criteria": (
            "True if, by 31 March 2019, credible reporting shows North Korea's economy, trade earnings and "
            "elite incomes broadly stable (no estimated GDP contraction, export industries working, markets "
            "and incomes steady). False if by then an independent estimate shows GDP shrinking and several "
            "reports show state export industries idled and incomes falling because of sanctions. This claim "
            "is about economic effect; whether sanctions end the nuclear programme is a separate question."
        ),
        "made": "2016",
        "appeared_in": "2019-04-ofk-sanctions-working",
        "appeared_url": "",
        "topics": ["north-korea", "sanctions", "north-korean-economy"],
        "resolve_by": "2019-03-31",
        "probability": None,
        "confidence_words": None,
    },
    {
        "key": "stanton-serious-impact-1-3-years",
        "commentator": "joshua-stanton",
        "quote": (
            "with aggressive enforcement, it would take between one and three years for sanctions to have a "
            "serious impact on the regime"
        ),
        "condition": "The sanctions adopted from 2016 onwards are enforced aggressively.",
        "statement": (
            "The sanctions will seriously damage the North Korean regime within one to three years, that is "
            "by March 2019."
        ),
        "resolution_criteria": (
            "True if, by 31 March 2019, an independent estimate shows the economy contracting and credible "
            "reports show the regime's own revenue base hurt: state export industries and regime-linked "
            "trading firms idled, security forces and elites losing income, and the regime visibly seeking "
            "relief or money. False if by then the economy and the incomes of the elite remain broadly "
            "stable. The condition is met if the U.S. and the UN both enforce the new measures against "
            "third-country firms, not only on paper; it is not met if enforcement stays nominal."
        ),
        "made": "2016",
        "appeared_in": "2019-04-ofk-sanctions-working",
        "appeared_url": "",
        "topics": ["north-korea", "sanctions", "north-korean-economy", "north-korean-elites"],
        "resolve_by": "2019-03-31",
        "probability": None,
        "confidence_words": None,
    },
    {
        "key": "stanton-human-shield-narrative",
        "commentator": "joshua-stanton",
        "quote": "shift from the sanctions-never-work narrative to the human shield narrative soon now",
        "statement": (
            "Pyongyang and commentators sympathetic to it will soon stop arguing that sanctions are "
            "ineffective and start blaming sanctions for ordinary North Koreans' hardship, in order to press "
            "UN members to relax enforcement."
        ),
        "resolution_criteria": (
            "True if, by the end of 2019, North Korean state media or officials, or prominent commentators "
            "who had said sanctions would not work, publicly blame sanctions for humanitarian suffering in "
            "North Korea while calling for enforcement to be eased. False if no such shift in argument is on "
            "record by then."
        ),
        "made": "2019-04",
        "appeared_in": "2019-04-ofk-sanctions-working",
        "appeared_url": "",
        "topics": ["north-korea", "sanctions"],
        "resolve_by": "2019-12-31",
        "probability": None,
        "confidence_words": "probable",
    },
    {
        "key": "stanton-defector-death-spiral",
        "commentator": "joshua-stanton",
        "quote": "that has the potential to start a death-spiral",
        "condition": (
            "The state security officers who fled their posts in China in March 2019 reach U.S. authorities "
            "with their records."
        ),
        "statement": (
            "The resulting enforcement could set off a self-reinforcing cycle in which more North Korean "
            "officials miss their earnings quotas and defect."
        ),
        "resolution_criteria": (
            "The condition is met only if a credible report shows the defectors, or their devices and "
            "financial records, reaching U.S. authorities; otherwise the claim is void. If it is met, true if "
            "new U.S. enforcement actions built on that material are followed by further defections of North "
            "Korean officials abroad; false if no such enforcement or further defections follow within two "
            "years of the handover."
        ),
        "made": "2019-04",
        "appeared_in": "2019-04-ofk-sanctions-working",
        "appeared_url": "",
        "topics": ["north-korea", "sanctions", "defections", "north-korean-elites"],
        "resolve_by": None,
        "probability": None,
        "confidence_words": None,
    },
    {
        "key": "trade-exec-grave-consequences",
        "commentator": "trade-institution-executive-rimjin-gang",
        "quote": (
            "[i]f the government cannot solve these economic problems, the wealthy will grow unhappy and "
            "there may be grave consequences"
        ),
        "statement": (
            "Unless the North Korean government fixes the economic problems caused by the fall in trade, its "
            "wealthy, trade-dependent class will turn discontented, possibly with serious consequences for "
            "the regime."
        ),
        "resolution_criteria": (
            "The speaker set no deadline; the editor set the end of 2020. True if, while the economic "
            "problems persist, credible reports show widespread discontent among wealthy or trade-dependent "
            "North Koreans together with a serious consequence such as open unrest, a marked rise in elite "
            "defections, or purges explicitly aimed at that discontent. False if the problems persist to the "
            "deadline with no such reports. Void if the government resolves the economic problems first."
        ),
        "made": "2018-08",
        "appeared_in": "2018-08-rimjin-gang-incomes-halved",
        "appeared_url": "",
        "topics": ["north-korea", "north-korean-economy", "north-korean-elites"],
        "resolve_by": "2020-12-31",
        "probability": None,
        "confidence_words": None,
    },
    {
        "key": "builders-prolonged-recession",
        "commentator": "pyongyang-builders-daily-nk",
        "quote": "fears of a prolonged recession",
        "statement": (
            "After the mid-2018 price crash, Pyongyang's housing and construction market will stay in "
            "recession for a long time rather than recover quickly."
        ),
        "resolution_criteria": (
            "True if reports through the end of 2019 show Pyongyang apartment prices still well below their "
            "June 2018 peak and building or sales activity still depressed. False if reports before the end "
            "of 2019 show prices and sales clearly recovering."
        ),
        "made": "2018-07",
        "appeared_in": "2018-07-pyongyang-property-crash",
        "appeared_url": "",
        "topics": ["north-korea", "north-korean-economy"],
        "resolve_by": "2019-12-31",
        "probability": None,
        "confidence_words": None,
    },
    {
        "key": "pyongyang-exec-discontent-problem",
        "commentator": "pyongyang-trading-company-executive",
        "quote": "If this continues, it could become a big problem. There is a lot of discontent.",
        "statement": (
            "If conditions for North Koreans living on state wages keep worsening after the Hanoi summit, "
            "their discontent will become a serious problem for the authorities."
        ),
        "resolution_criteria": (
            "True if, by the end of 2019 and with conditions still worsening, credible reports show "
            "discontent causing visible trouble for the authorities (protests, organised refusal to work, "
            "crackdowns aimed at unrest, or a wave of desertions). False if conditions keep worsening but no "
            "such trouble is reported by then. Void if conditions improve markedly."
        ),
        "made": "2019-03",
        "appeared_in": "2019-03-hanoi-no-deal",
        "appeared_url": "",
        "topics": ["north-korea", "north-korean-economy", "us-north-korea-diplomacy"],
        "resolve_by": "2019-12-31",
        "probability": None,
        "confidence_words": None,
    },
]

EVIDENCE = [
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2016-03-unsc-2270-nkspea",
        "stance": "context",
        "note": "Sets the starting line: these are the measures whose effect the sceptics doubted.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2016-03-unsc-2270-nkspea",
        "stance": "context",
        "note": "Marks the March 2016 start of the one-to-three-year window.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2016-03-donju-hold-back",
        "stance": "mixed",
        "note": ("Investors grew cautious, but food prices held steady, so the early signal pointed both ways."),
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2016-03-donju-hold-back",
        "stance": "mixed",
        "note": "An early sign of nerves among the moneyed class, while markets stayed calm.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2016-03-china-seafood-ban",
        "stance": "context",
        "note": (
            "Cut a revenue stream linked to military intelligence but made seafood cheaper at home; says "
            "little about overall effect."
        ),
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2016-03-china-seafood-ban",
        "stance": "context",
        "note": "A Chinese measure outside the U.S. and UN package his forecast is about; background only.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2016-04-miners-downsize",
        "stance": "supports",
        "note": ("Mining areas settled down within months, consistent with sanctions doing little harm at first."),
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2016-04-miners-downsize",
        "stance": "mixed",
        "note": (
            "Miners felt the threat, but quick stabilisation shows no serious impact yet, though still early "
            "in the window."
        ),
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2016-09-fifth-test-hongxiang",
        "stance": "context",
        "note": "Enforcement widens to Chinese partners; background for later effects.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2016-09-fifth-test-hongxiang",
        "stance": "context",
        "note": (
            "Shows U.S. enforcement turning on Chinese coal buyers, the kind of aggressive enforcement his "
            "forecast assumed."
        ),
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2016-11-treasury-bank-rule",
        "stance": "context",
        "note": "Completes the banking cut-off whose effect is in question.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2016-11-treasury-bank-rule",
        "stance": "context",
        "note": (
            "Part of the enforcement his condition requires; the election brings a new administration to carry it out."
        ),
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2017-06-unsc-designations",
        "stance": "context",
        "note": "Additional listings; no direct economic evidence.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2017-06-unsc-designations",
        "stance": "context",
        "note": "Additional listings; no direct evidence of impact.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2017-08-caatsa-unsc-2371",
        "stance": "context",
        "note": "Adds the mineral and seafood bans whose effects later reports describe.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2017-08-caatsa-unsc-2371",
        "stance": "context",
        "note": "Tightens the measures well inside his window.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2017-09-sixth-test-unsc-2375",
        "stance": "contradicts",
        "note": "Traders in China say sanctions have left them idle, an early sign of real bite.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2017-09-sixth-test-unsc-2375",
        "stance": "supports",
        "note": "Trade-dependent income starts to dry up about eighteen months in.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2017-10-rason-investors-leave",
        "stance": "contradicts",
        "note": "Foreign investment and production in Rason fall away because of sanctions.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2017-10-rason-investors-leave",
        "stance": "supports",
        "note": "A flagship economic zone loses investors and output.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2017-11-pyongyang-stable",
        "stance": "supports",
        "note": "Twenty months in, a Pyongyang source describes stable conditions and a confident elite.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2017-11-pyongyang-stable",
        "stance": "contradicts",
        "note": "Suggests no serious impact on the capital's elite yet, twenty months into the window.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2017-12-chinese-banks-freeze",
        "stance": "mixed",
        "note": (
            "Account freezes and slowing trade show pressure, yet power supply improved because unsold coal "
            "stayed at home."
        ),
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2017-12-chinese-banks-freeze",
        "stance": "supports",
        "note": "Cutting trading firms' bank access hits the regime's money channels.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-01-export-bans-bite",
        "stance": "contradicts",
        "note": "State export industries are hit and security forces' pay is faltering.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-01-export-bans-bite",
        "stance": "supports",
        "note": "Damage reaches state industries and the security forces that protect the regime.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-02-sinuiju-textiles-close",
        "stance": "contradicts",
        "note": "Factory closures and price swings in a major border city.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-02-sinuiju-textiles-close",
        "stance": "supports",
        "note": "Closures follow the textile ban and tighter Chinese customs checks.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-04-border-trade-slump",
        "stance": "contradicts",
        "note": "Trade with China, the North's main outlet, has fallen steeply.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-04-border-trade-slump",
        "stance": "supports",
        "note": "A steep trade fall and softening Pyongyang housing point to a drain on money.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-04-mood-sours-after-moon-summit",
        "stance": "contradicts",
        "note": "Frustration that the summit brought no relief implies the sanctions are felt.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-04-mood-sours-after-moon-summit",
        "stance": "mixed",
        "note": (
            "Shows public frustration, but the backlash is speculative and concerns the public more than the regime."
        ),
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-05-guerrilla-families-rations",
        "stance": "contradicts",
        "note": "Even a favoured group loses rations, a sign the state is short of resources.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-05-guerrilla-families-rations",
        "stance": "supports",
        "note": "The state cannot provide for a loyal, privileged constituency.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-05-pyongyang-graft-crackdown",
        "stance": "mixed",
        "note": "A graft crackdown may reflect a cash-hungry state, but could be routine discipline.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-05-pyongyang-graft-crackdown",
        "stance": "supports",
        "note": "The state turning on its own cadres and traders fits pressure on the regime's finances.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-06-pyongyang-property-spike",
        "stance": "mixed",
        "note": "Prices rose, so money was still around, but the rally rested on hopes of sanctions relief.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-06-pyongyang-property-spike",
        "stance": "mixed",
        "note": "Shows how much the capital's wealthy were counting on relief, without showing damage yet.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-06-singapore-summit",
        "stance": "context",
        "note": "No sanctions were lifted; background for the later property crash.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-06-singapore-summit",
        "stance": "mixed",
        "note": (
            "Shelving new designations is the softer enforcement he criticises, though existing sanctions "
            "stayed in force."
        ),
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-06-state-firms-take-smuggling",
        "stance": "mixed",
        "note": ("The regime adapts by taking over smuggling, yet the scramble itself signals shrinking legal trade."),
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-06-state-firms-take-smuggling",
        "stance": "mixed",
        "note": "Regime firms grab smuggling income, which both cushions and reflects the squeeze.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-07-bok-gdp",
        "stance": "contradicts",
        "note": ("An official outside estimate of a 3.5 percent contraction is the strongest single sign of damage."),
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-07-bok-gdp",
        "stance": "supports",
        "note": "An independent measure of economic decline inside the window.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-07-pyongyang-property-crash",
        "stance": "contradicts",
        "note": (
            "Pyongyang property collapses, blamed by Daily NK on a sanctions cash squeeze, though "
            "overbuilding also counts."
        ),
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-07-pyongyang-property-crash",
        "stance": "supports",
        "note": "A crash in the capital's property market hits the wealth of its elite.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-08-kaechon-hardship",
        "stance": "contradicts",
        "note": "A coal region cannot afford goods in its markets.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-08-kaechon-hardship",
        "stance": "supports",
        "note": "Hardship spreads in a mining area tied to the banned coal trade.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-08-rimjin-gang-incomes-halved",
        "stance": "contradicts",
        "note": "Incomes in the capital reportedly halved because sanctioned trade slowed.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-08-rimjin-gang-incomes-halved",
        "stance": "supports",
        "note": "The trade-dependent upper class is reported hardest hit.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-08-bureau-39-takes-routes",
        "stance": "contradicts",
        "note": "Army trading firms lose revenue and soldiers fall into debt.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-08-bureau-39-takes-routes",
        "stance": "supports",
        "note": "The military's income suffers as state bodies fight over what trade remains.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-09-trading-firms-idle",
        "stance": "contradicts",
        "note": "Regime-linked trading arms lose business as mineral and seafood trade falls.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-09-trading-firms-idle",
        "stance": "supports",
        "note": "Bureau 39 and army trading firms, sources of regime cash, are short of business.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-11-mines-idle",
        "stance": "contradicts",
        "note": "Much of the mining industry, a main export earner, has stopped.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-11-mines-idle",
        "stance": "supports",
        "note": "Idle mines and missed steel quotas hurt the regime's industrial base.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-11-diplomat-missing-italy",
        "stance": "context",
        "note": "Not linked to sanctions by the report.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-11-diplomat-missing-italy",
        "stance": "context",
        "note": "A possible defection, not linked to sanctions by the report.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2018-12-resort-construction-stalls",
        "stance": "contradicts",
        "note": "Kim's showcase projects stall for lack of steel.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2018-12-resort-construction-stalls",
        "stance": "supports",
        "note": "The leader's own prestige projects are held up by sanctions-era shortages.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-02-factories-short-inputs",
        "stance": "contradicts",
        "note": "State factories slow for want of inputs from the mines.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-02-factories-short-inputs",
        "stance": "supports",
        "note": "Shortages reach state manufacturing.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-02-anti-graft-inspections",
        "stance": "contradicts",
        "note": ("A purge of trade and border officials in search of funds suggests the regime is short of cash."),
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-02-anti-graft-inspections",
        "stance": "supports",
        "note": "The regime turns on its own officials, even the Guard Command, to find money.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-02-diplomats-recalled",
        "stance": "context",
        "note": "Tied to sanctions only by the author's own speculation.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-02-diplomats-recalled",
        "stance": "context",
        "note": "Tied to sanctions only by the author's own speculation.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-03-hanoi-no-deal",
        "stance": "contradicts",
        "note": "Kim made sanctions relief his first demand at Hanoi, a sign the sanctions hurt.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-03-hanoi-no-deal",
        "stance": "supports",
        "note": "The regime's top negotiating goal at the deadline was sanctions relief.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-03-mss-officers-vanish",
        "stance": "contradicts",
        "note": "North Koreans in China reportedly cannot meet earnings targets because of sanctions.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-03-mss-officers-vanish",
        "stance": "mixed",
        "note": "Possible defections by security officers, but their link to sanctions is uncertain.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-03-mss-supervisor-flees",
        "stance": "context",
        "note": "An unconfirmed follow-up about one official; little bearing on economic effect.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-03-mss-supervisor-flees",
        "stance": "context",
        "note": "Unconfirmed follow-up; the hinted desertions are not detailed.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-03-factories-shut-power-cuts",
        "stance": "contradicts",
        "note": "State enterprises close and power in the capital is severely rationed.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-03-factories-shut-power-cuts",
        "stance": "supports",
        "note": "Closures and power cuts in the capital, with the authorities watching for protest.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-03-power-shortages-elsewhere",
        "stance": "mixed",
        "note": "Consistent with economic strain, but the report does not tie the shortages to sanctions.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-03-power-shortages-elsewhere",
        "stance": "mixed",
        "note": "Consistent with strain, but not tied to sanctions.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-04-merchant-numbers-fall",
        "stance": "contradicts",
        "note": "Market activity shrinks in the capital and a coal region as state wages stop.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-04-merchant-numbers-fall",
        "stance": "supports",
        "note": "State employees going unpaid shows the state's finances under strain.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-04-dandong-port-insolvent",
        "stance": "contradicts",
        "note": "The trade collapse is severe enough to bankrupt the main Chinese border port operator.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-04-dandong-port-insolvent",
        "stance": "supports",
        "note": "Confirms from the Chinese side that the trade the regime relied on has collapsed.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-04-ofk-sanctions-working",
        "stance": "context",
        "note": "The advocacy argument built on this chronology; it adds no independent evidence.",
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-04-ofk-sanctions-working",
        "stance": "context",
        "note": "Stanton's own verdict on his forecast; self-assessment is context, not evidence.",
    },
    {
        "claim": "sceptics-new-sanctions-fail",
        "report": "2019-nyt-sanctions-working",
        "stance": "contradicts",
        "note": ("A mainstream outlet reportedly reached the same conclusion, though known here only second-hand."),
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "report": "2019-nyt-sanctions-working",
        "stance": "supports",
        "note": "Reported agreement from a mainstream outlet, known here only second-hand.",
    },
    {
        "claim": "stanton-human-shield-narrative",
        "report": "2019-04-ofk-sanctions-working",
        "stance": "context",
        "note": "The post where the expectation is stated; it reports no such shift yet.",
    },
    {
        "claim": "stanton-human-shield-narrative",
        "report": "2019-03-hanoi-no-deal",
        "stance": "context",
        "note": "Pyongyang was already seeking sanctions relief, which a humanitarian argument would serve.",
    },
    {
        "claim": "stanton-human-shield-narrative",
        "report": "2019-03-factories-shut-power-cuts",
        "stance": "context",
        "note": ("Hardship among laid-off state workers is the kind of suffering such an argument would point to."),
    },
    {
        "claim": "stanton-defector-death-spiral",
        "report": "2019-04-ofk-sanctions-working",
        "stance": "context",
        "note": "The post where the conditional forecast is made.",
    },
    {
        "claim": "stanton-defector-death-spiral",
        "report": "2018-11-diplomat-missing-italy",
        "stance": "context",
        "note": "An earlier possible defection from a post abroad, without a stated sanctions link.",
    },
    {
        "claim": "stanton-defector-death-spiral",
        "report": "2019-02-diplomats-recalled",
        "stance": "context",
        "note": ("Recalls of diplomats may reflect worry about quotas or defections, by the author's own speculation."),
    },
    {
        "claim": "stanton-defector-death-spiral",
        "report": "2019-03-mss-officers-vanish",
        "stance": "context",
        "note": "The flight the forecast depends on; nothing says the officers reached U.S. authorities.",
    },
    {
        "claim": "stanton-defector-death-spiral",
        "report": "2019-03-mss-supervisor-flees",
        "stance": "mixed",
        "note": (
            "A further flight follows, hinting at a chain reaction, but it was driven by fear of punishment, "
            "not U.S. enforcement."
        ),
    },
    {
        "claim": "trade-exec-grave-consequences",
        "report": "2018-08-rimjin-gang-incomes-halved",
        "stance": "context",
        "note": "The report in which the warning was made.",
    },
    {
        "claim": "trade-exec-grave-consequences",
        "report": "2019-02-anti-graft-inspections",
        "stance": "mixed",
        "note": ("Wealthy officials come under pressure, but the state is squeezing them rather than facing a revolt."),
    },
    {
        "claim": "trade-exec-grave-consequences",
        "report": "2019-03-hanoi-no-deal",
        "stance": "supports",
        "note": "A Pyongyang executive reports widespread discontent, the first half of the warning.",
    },
    {
        "claim": "trade-exec-grave-consequences",
        "report": "2019-03-mss-officers-vanish",
        "stance": "mixed",
        "note": ("Officials with hidden wealth flee, possibly a consequence, though not clearly of discontent."),
    },
    {
        "claim": "trade-exec-grave-consequences",
        "report": "2019-03-factories-shut-power-cuts",
        "stance": "mixed",
        "note": "Authorities fear protest, but among laid-off workers rather than the wealthy.",
    },
    {
        "claim": "builders-prolonged-recession",
        "report": "2018-07-pyongyang-property-crash",
        "stance": "context",
        "note": "The report in which the builders' fear is recorded.",
    },
    {
        "claim": "builders-prolonged-recession",
        "report": "2018-04-border-trade-slump",
        "stance": "context",
        "note": "Prices were already softening before the summit-driven spike.",
    },
    {
        "claim": "builders-prolonged-recession",
        "report": "2018-12-resort-construction-stalls",
        "stance": "supports",
        "note": "Five months later, major construction is stalled for lack of steel.",
    },
    {
        "claim": "builders-prolonged-recession",
        "report": "2019-04-merchant-numbers-fall",
        "stance": "context",
        "note": "Purchasing power in Pyongyang keeps falling, though the report says nothing about housing.",
    },
    {
        "claim": "pyongyang-exec-discontent-problem",
        "report": "2019-03-hanoi-no-deal",
        "stance": "context",
        "note": "The report in which the warning was made.",
    },
    {
        "claim": "pyongyang-exec-discontent-problem",
        "report": "2019-03-factories-shut-power-cuts",
        "stance": "supports",
        "note": "Authorities are reported watching laid-off workers to stop discontent turning into protest.",
    },
    {
        "claim": "pyongyang-exec-discontent-problem",
        "report": "2019-04-merchant-numbers-fall",
        "stance": "context",
        "note": "Shows conditions still worsening, so the claim's condition holds.",
    },
]

RESOLUTIONS = [
    {
        "claim": "sceptics-new-sanctions-fail",
        "outcome": "false",
        "resolved_on": "2019-04-30",
        "rationale": (
            "By the three-year mark the record shows the sanctions doing real economic damage: the Bank of "
            "Korea estimated in July 2018 that GDP had shrunk 3.5 percent, November 2018 reports describe "
            "much of the mining industry idle, and March 2019 reports describe state factories closing after "
            "the Hanoi summit. Rimjin-gang's August 2018 account of halved incomes in Pyongyang and the "
            "April 2019 insolvency of Dandong Port Group show the damage on both sides of the border, and at "
            "Hanoi Kim made sanctions relief his first demand. On the economic reading set out in the "
            "criteria the forecast failed; whether sanctions will end the nuclear programme is a different "
            "question and is not judged here."
        ),
        "cites": [
            "2018-07-bok-gdp",
            "2018-08-rimjin-gang-incomes-halved",
            "2018-11-mines-idle",
            "2019-03-hanoi-no-deal",
            "2019-03-factories-shut-power-cuts",
            "2019-04-dandong-port-insolvent",
        ],
    },
    {
        "claim": "stanton-serious-impact-1-3-years",
        "condition_met": True,
        "outcome": "partly_true",
        "resolved_on": "2019-04-30",
        "rationale": (
            "Serious impact arrived inside the window: after a stable picture in Pyongyang as late as "
            "November 2017, the Bank of Korea's July 2018 estimate of a 3.5 percent contraction, the idle "
            "mines reported in November 2018, the February 2019 inspections hunting officials' wealth and "
            "Kim's push for relief at Hanoi in March 2019 all show pressure on the regime's revenues and "
            "elite. The condition is judged met: from September 2016 Treasury and the Justice Department "
            "acted against Chinese firms buying North Korean coal, and the UN bans were enforced at the "
            "border. It is graded partly true, not true, because that enforcement fell short of what he "
            "called for (new designations were shelved before Singapore in June 2018, and by his own account "
            "laundering fronts and Chinese banks were left largely alone), because most of the inside "
            "evidence comes from unnamed sources relayed second-hand, and because the regime's grip and "
            "nuclear policy showed no change by the deadline."
        ),
        "cites": [
            "2016-09-fifth-test-hongxiang",
            "2017-11-pyongyang-stable",
            "2018-06-singapore-summit",
            "2018-07-bok-gdp",
            "2018-11-mines-idle",
            "2019-02-anti-graft-inspections",
            "2019-03-hanoi-no-deal",
        ],
    },
]
