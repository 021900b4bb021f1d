"""Judged Swedish queries for the site search, grouped by what makes each query hard.

Every pair was written from reading the demo content (fixtures/handbok, fixtures/kanaler and
fixtures/konton), never from the search engine's answers, and the engine was not run while the
set was made. A query is what a member of staff (a communicator, a department editor, a manager)
would type; the target is the one page a person reading the demo content would agree they are
after. Where two pages serve the query equally well the target is a tuple, and any of them counts.

Handbook pages are /handbok/<section>/<page>/ (the fixture's folder and file names without their
number prefix), channels /kanaler/<slug>/. Accounts have database ids in their addresses, so
ACCOUNTS is judged by the account's name (as JUDGED_ACCOUNTS in test_relevance.py): any active
account with that name counts, on whichever channel; a tuple of names allows any of them.

COMPOUNDS are compound words whose parts occur in the target page but the compound itself does
not, except the few marked "part:", where the page has the compound and the query is one part.
Every SYNONYMS and LOANWORDS pair carries a comment naming the words the page actually uses; the
query's key word is not in the page. None of the pairs repeats one in test_relevance.py.
"""

QUESTIONS = [
    ("hur startar jag ett konto", "/handbok/kom-igang/starta-ett-konto/"),
    ("får vi radera kommentarer", "/handbok/dialog/olagligt-och-oonskat-innehall/"),
    ("vem äger kontot när någon slutar", "/handbok/sakerhet/behorigheter-och-losenord/"),
    ("vad gör jag om någon tagit över vårt konto", "/handbok/sakerhet/kapat-konto/"),
    (
        "hur ofta ska vi publicera på facebook",
        ("/handbok/innehall/hur-ofta-publicera/", "/kanaler/facebook/"),
    ),
    ("måste vi spara kommentarer", "/handbok/ansvar/allmanna-handlingar-och-arkivering/"),
    (
        "får jag använda bilder från nätet",
        ("/handbok/ansvar/upphovsratt-och-creative-commons/", "/handbok/innehall/bild-och-film/"),
    ),
    ("behöver vi samtycke för bilder på barn", "/handbok/ansvar/gdpr-och-personuppgifter/"),
    ("hur skriver man alternativtext", "/handbok/innehall/tillgangliga-inlagg/"),
    ("vad ska stå i en kommentarspolicy", "/handbok/dialog/olagligt-och-oonskat-innehall/"),
    ("hur bemöter vi kritik", "/handbok/dialog/kritik-och-drev/"),
    ("hur snabbt måste vi svara", "/handbok/dialog/svara-pa-fragor/"),
    ("vilka hashtaggar ska jag använda", "/handbok/innehall/hashtaggar/"),
    ("varför ska vi finnas i sociala medier", "/handbok/kom-igang/varfor-sociala-medier/"),
    ("vad ska vi mäta", "/handbok/utvardering/mal-och-matning/"),
    ("när ska man avsluta ett konto", "/handbok/kom-igang/avsluta-ett-konto/"),
    ("vad gör vi om vi hamnar i ett drev", "/handbok/dialog/kritik-och-drev/"),
    ("varför ser ingen våra inlägg", "/handbok/innehall/algoritmer/"),
    (
        "måste filmer textas",
        ("/handbok/innehall/tillgangliga-inlagg/", "/handbok/ansvar/tillganglighet-lagkrav/"),
    ),
    (
        "vad ska jag tänka på innan jag startar ett konto",
        "/handbok/kom-igang/fragor-innan-du-borjar/",
    ),
    ("hur arkiverar man inlägg", "/handbok/ansvar/allmanna-handlingar-och-arkivering/"),
    ("hur slår jag på tvåstegsverifiering", "/handbok/sakerhet/skydda-ditt-konto/"),
    ("vilken kanal är bäst för rekrytering", "/kanaler/linkedin/"),
    ("vem ska ha tillgång till kontot", "/handbok/sakerhet/behorigheter-och-losenord/"),
]

INFLECTIONS = [
    ("hashtaggen", "/handbok/innehall/hashtaggar/"),
    ("kommentarspolicyn", "/handbok/dialog/olagligt-och-oonskat-innehall/"),
    ("kapade konton", "/handbok/sakerhet/kapat-konto/"),
    ("personuppgift", "/handbok/ansvar/gdpr-och-personuppgifter/"),
    ("upphovsrätten", "/handbok/ansvar/upphovsratt-och-creative-commons/"),
    ("algoritmen", "/handbok/innehall/algoritmer/"),
    ("målgrupperna", "/handbok/innehall/na-din-malgrupp/"),
    ("drevet", "/handbok/dialog/kritik-och-drev/"),
    ("allmän handling", "/handbok/ansvar/allmanna-handlingar-och-arkivering/"),
    ("arkivera", "/handbok/ansvar/allmanna-handlingar-och-arkivering/"),
    ("skydda kontot", "/handbok/sakerhet/skydda-ditt-konto/"),
    ("pausat konto", "/handbok/kom-igang/avsluta-ett-konto/"),
    ("överlämningen", "/handbok/sakerhet/behorigheter-och-losenord/"),
    ("svarstiden", "/handbok/dialog/svara-pa-fragor/"),
    ("nyckeltalen", "/handbok/utvardering/mal-och-matning/"),
    ("behörigheten", "/handbok/sakerhet/behorigheter-och-losenord/"),
    ("omvärldsbevakningen", "/handbok/utvardering/omvarldsbevakning/"),
    ("alternativtexten", "/handbok/innehall/tillgangliga-inlagg/"),
    (
        "textade filmer",
        ("/handbok/innehall/tillgangliga-inlagg/", "/handbok/ansvar/tillganglighet-lagkrav/"),
    ),
]

MISSPELLINGS = [
    (
        "tillganglighet",
        ("/handbok/ansvar/tillganglighet-lagkrav/", "/handbok/innehall/tillgangliga-inlagg/"),
    ),
    ("arkivring", "/handbok/ansvar/allmanna-handlingar-och-arkivering/"),
    ("personuppgifer", "/handbok/ansvar/gdpr-och-personuppgifter/"),
    ("upphovsratt", "/handbok/ansvar/upphovsratt-och-creative-commons/"),
    ("creative comons", "/handbok/ansvar/upphovsratt-och-creative-commons/"),
    ("omvarldsbevakning", "/handbok/utvardering/omvarldsbevakning/"),
    ("kommentarspolisy", "/handbok/dialog/olagligt-och-oonskat-innehall/"),
    ("olagligt innehall", "/handbok/dialog/olagligt-och-oonskat-innehall/"),
    ("algorytmer", "/handbok/innehall/algoritmer/"),
    ("hashtagar", "/handbok/innehall/hashtaggar/"),
    ("tvåstegsverifering", "/handbok/sakerhet/skydda-ditt-konto/"),
    ("behorigheter", "/handbok/sakerhet/behorigheter-och-losenord/"),
    ("overlamning", "/handbok/sakerhet/behorigheter-och-losenord/"),
    ("målgrup", "/handbok/innehall/na-din-malgrupp/"),
    ("kappat konto", "/handbok/sakerhet/kapat-konto/"),
    ("alterantivtext", "/handbok/innehall/tillgangliga-inlagg/"),
    ("innehallskalender", "/handbok/innehall/hur-ofta-publicera/"),
    ("dataskyddsforordningen", "/handbok/ansvar/gdpr-och-personuppgifter/"),
    (
        "skarmlasare",
        ("/handbok/innehall/tillgangliga-inlagg/", "/handbok/ansvar/tillganglighet-lagkrav/"),
    ),
    ("linkdin", "/kanaler/linkedin/"),
    ("instgram", "/kanaler/instagram/"),
]

COMPOUNDS = [
    ("kontokapning", "/handbok/sakerhet/kapat-konto/"),
    ("lösenordsbyte", "/handbok/sakerhet/behorigheter-och-losenord/"),
    ("kontoöverlämning", "/handbok/sakerhet/behorigheter-och-losenord/"),
    (
        "inloggningsuppgifter",
        ("/handbok/sakerhet/behorigheter-och-losenord/", "/handbok/sakerhet/skydda-ditt-konto/"),
    ),
    ("tvåstegsinloggning", "/handbok/sakerhet/skydda-ditt-konto/"),
    ("kontosäkerhet", "/handbok/sakerhet/skydda-ditt-konto/"),
    ("kontoavslut", "/handbok/kom-igang/avsluta-ett-konto/"),
    ("kontonamn", "/handbok/kom-igang/starta-ett-konto/"),
    ("publiceringstakt", "/handbok/innehall/hur-ofta-publicera/"),
    ("innehållsplan", "/handbok/innehall/hur-ofta-publicera/"),
    ("algoritmförändringar", "/handbok/innehall/algoritmer/"),
    ("målgruppsanpassning", "/handbok/innehall/na-din-malgrupp/"),
    ("bildformat", "/handbok/innehall/bild-och-film/"),
    ("bildbeskrivning", "/handbok/innehall/tillgangliga-inlagg/"),
    (
        "filmtextning",
        ("/handbok/innehall/tillgangliga-inlagg/", "/handbok/ansvar/tillganglighet-lagkrav/"),
    ),
    ("krishantering", "/handbok/dialog/kritik-och-drev/"),
    ("licensvillkor", "/handbok/ansvar/upphovsratt-och-creative-commons/"),
    ("personuppgiftsbehandling", "/handbok/ansvar/gdpr-och-personuppgifter/"),
    ("följarantal", "/handbok/utvardering/mal-och-matning/"),
    ("resultatmätning", "/handbok/utvardering/mal-och-matning/"),
    ("sökordslista", "/handbok/utvardering/omvarldsbevakning/"),
    # part: the page says tvåstegsautentisering, autentiseringsapp
    ("autentisering", "/handbok/sakerhet/skydda-ditt-konto/"),
    # part: the page says medieövervakning
    ("övervakning", "/handbok/utvardering/omvarldsbevakning/"),
    # part: the page says gallringsbeslut, gallras, gallra
    ("gallring", "/handbok/ansvar/allmanna-handlingar-och-arkivering/"),
]

LOANWORDS = [
    (
        "engagement rate",
        "/handbok/utvardering/mal-och-matning/",
    ),  # page: engagerar; reaktioner, kommentarer och delningar i förhållande till räckvidden
    ("mäta reach", "/handbok/utvardering/mal-och-matning/"),  # page: räckvidd, visningar
    ("influencers", "/handbok/utvardering/omvarldsbevakning/"),  # page: inflytande, opinionsbildare
    ("content calendar", "/handbok/innehall/hur-ofta-publicera/"),  # page: innehållskalender
    ("hashtags", "/handbok/innehall/hashtaggar/"),  # page: hashtagg, hashtaggar
    ("antal followers", "/handbok/utvardering/mal-och-matning/"),  # page: antal följare
    ("live på youtube", "/kanaler/youtube/"),  # page: direktsändningar, webbsändningar
    (
        "boosta inlägg",
        "/handbok/innehall/na-din-malgrupp/",
    ),  # page: sponsrade inlägg, betald spridning
    (
        "troll i kommentarerna",
        ("/handbok/dialog/olagligt-och-oonskat-innehall/", "/handbok/dialog/kritik-och-drev/"),
    ),  # page: personangrepp, oönskat innehåll, blockeras; drev, hot, trakasserier
    ("feed", "/handbok/innehall/algoritmer/"),  # page: flödet
    (
        "hackat konto",
        "/handbok/sakerhet/kapat-konto/",
    ),  # page: kapat, kapas, obehörig har tagit över
    (
        "phishing",
        "/handbok/sakerhet/skydda-ditt-konto/",
    ),  # page: falska inloggningssidor, meddelanden som ber dig logga in via en länk
    (
        "2fa",
        "/handbok/sakerhet/skydda-ditt-konto/",
    ),  # page: tvåstegsverifiering, tvåfaktorsautentisering
    ("alt text", "/handbok/innehall/tillgangliga-inlagg/"),  # page: alternativtext
    (
        "captions",
        ("/handbok/innehall/tillgangliga-inlagg/", "/handbok/ansvar/tillganglighet-lagkrav/"),
    ),  # page: textning, texta, textad film
    ("shitstorm", "/handbok/dialog/kritik-och-drev/"),  # page: drev, storm, hård kritik
    ("copyright", "/handbok/ansvar/upphovsratt-och-creative-commons/"),  # page: upphovsrätt
    ("kpi", "/handbok/utvardering/mal-och-matning/"),  # page: nyckeltal
    (
        "social listening",
        "/handbok/utvardering/omvarldsbevakning/",
    ),  # page: omvärldsbevakning, lyssna
    (
        "employer branding",
        "/kanaler/linkedin/",
    ),  # page: visa organisationen som arbetsgivare, rekrytera
    ("svara på dm", "/handbok/dialog/svara-pa-fragor/"),  # page: direktmeddelanden, inkorgen
    (
        "emojis",
        ("/handbok/innehall/tillgangliga-inlagg/", "/handbok/ansvar/tillganglighet-lagkrav/"),
    ),  # page: emojier
    ("spam", "/handbok/dialog/olagligt-och-oonskat-innehall/"),  # page: skräppost, reklam
]

SYNONYMS = [
    (
        "näthat",
        ("/handbok/dialog/olagligt-och-oonskat-innehall/", "/handbok/dialog/kritik-och-drev/"),
    ),  # page: hets mot folkgrupp, hot, personangrepp; drev, hot, trakasserier
    (
        "hatiska kommentarer",
        "/handbok/dialog/olagligt-och-oonskat-innehall/",
    ),  # page: hets mot folkgrupp, personangrepp, grova ord
    (
        "svordomar i kommentarer",
        "/handbok/dialog/olagligt-och-oonskat-innehall/",
    ),  # page: grova ord
    (
        "kommentarsmoderering",
        "/handbok/dialog/olagligt-och-oonskat-innehall/",
    ),  # page: ta bort, dölja kommentarer, kommentarspolicy, uppsikt
    (
        "övervaka kommentarer",
        (
            "/handbok/dialog/olagligt-och-oonskat-innehall/",
            "/handbok/ansvar/myndighetens-skyldigheter/",
        ),
    ),  # page: uppsikt, bevaka
    (
        "klagomål",
        ("/handbok/dialog/kritik-och-drev/", "/handbok/dialog/svara-pa-fragor/"),
    ),  # page: kritik
    ("lägga ner kontot", "/handbok/kom-igang/avsluta-ett-konto/"),  # page: avsluta, stänga, radera
    ("dataintrång", "/handbok/sakerhet/kapat-konto/"),  # page: kapat, obehörig, angriparen
    ("nå rätt publik", "/handbok/innehall/na-din-malgrupp/"),  # page: målgrupp, mottagaren
    (
        "hur tätt ska vi posta",
        "/handbok/innehall/hur-ofta-publicera/",
    ),  # page: hur ofta, takt, publicera
    (
        "publiceringsfrekvens",
        "/handbok/innehall/hur-ofta-publicera/",
    ),  # page: publiceringen, takt, hur ofta
    (
        "omvärldsanalys",
        "/handbok/utvardering/omvarldsbevakning/",
    ),  # page: omvärldsbevakning, bevaka
    ("mätetal", "/handbok/utvardering/mal-och-matning/"),  # page: nyckeltal
    (
        "undertexter",
        ("/handbok/innehall/tillgangliga-inlagg/", "/handbok/ansvar/tillganglighet-lagkrav/"),
    ),  # page: textning, texta (and undertextfil on tillgangliga-inlagg)
    (
        "funktionsvariation",
        ("/handbok/innehall/tillgangliga-inlagg/", "/handbok/ansvar/tillganglighet-lagkrav/"),
    ),  # page: funktionsnedsättning; tekniska hjälpmedel
    (
        "synskadade",
        ("/handbok/innehall/tillgangliga-inlagg/", "/handbok/ansvar/tillganglighet-lagkrav/"),
    ),  # page: skärmläsare, den som inte kan se
    (
        "lättläst",
        ("/handbok/ansvar/tillganglighet-lagkrav/", "/handbok/innehall/tillgangliga-inlagg/"),
    ),  # page: klarspråk, korta meningar och vanliga ord
]

# URLs for channels and handbook pages: channel, feature, law, authority and source names.
NAMES = [
    ("instagram", "/kanaler/instagram/"),
    ("snapchat", "/kanaler/snapchat/"),
    ("twitter", "/kanaler/x/"),
    ("x", "/kanaler/x/"),
    ("instagram reels", "/kanaler/instagram/"),
    ("youtube shorts", "/kanaler/youtube/"),
    ("snapchat spotlight", "/kanaler/snapchat/"),
    ("facebook sida", "/kanaler/facebook/"),
    ("linkedin showcase", "/kanaler/linkedin/"),
    ("tiktok för dig", "/kanaler/tiktok/"),
    ("imy", "/handbok/ansvar/gdpr-och-personuppgifter/"),
    ("dataskyddsförordningen", "/handbok/ansvar/gdpr-och-personuppgifter/"),
    ("digg", "/handbok/ansvar/tillganglighet-lagkrav/"),
    ("riksarkivet", "/handbok/ansvar/allmanna-handlingar-och-arkivering/"),
    ("arkivlagen", "/handbok/ansvar/allmanna-handlingar-och-arkivering/"),
    ("upphovsrättslagen", "/handbok/ansvar/upphovsratt-och-creative-commons/"),
    (
        "lagen om elektroniska anslagstavlor",
        (
            "/handbok/dialog/olagligt-och-oonskat-innehall/",
            "/handbok/ansvar/myndighetens-skyldigheter/",
        ),
    ),
    ("svenskarna och internet", "/handbok/utvardering/inspiration/"),
    ("dagens media", "/handbok/utvardering/inspiration/"),
]

# (query, account name) pairs, judged by account name: any active account with the name counts,
# on whichever channel, so the channel named in a query is not itself checked.
ACCOUNTS = [
    ("räddningstjänsten instagram", "Räddningstjänsten Exempelstaden"),
    ("biblioteket facebook", "Exempelstadens bibliotek"),
    ("stadsbiblioteket", "Exempelstadens bibliotek"),  # the department's name
    ("kommunens linkedin", "Exempelstaden"),  # the same name on every channel
    (
        "kulturförvaltningen",
        (
            "Lov i Exempelstaden",
            "Exempelstadens bibliotek",
            "Konsthallen Exempelstaden",
            "Fritidsgårdarna Exempelstaden",
        ),
    ),  # Kultur- och fritidsförvaltningen owns Lov; the others belong to its units
    ("lovaktiviteter", "Lov i Exempelstaden"),
    ("snöröjning", "Trafikinfo Exempelstaden"),
    ("gymnasiet snapchat", "Gymnasiet Exempelstaden"),
    ("gymnasievalet", "Exempelstadens gymnasieskolor"),
    ("sfi", "Vuxenutbildningen Exempelstaden"),
    ("komvux", "Vuxenutbildningen Exempelstaden"),  # the account says vuxenutbildningen
    ("turistbyrån", "Besök Exempelstaden"),  # department: Besöksnäring och Turistbyrån
    ("familjecentralen", "Familjecentralen Exempelstaden"),
    ("fritidsgårdarna instagram", "Fritidsgårdarna Exempelstaden"),
    (
        "jobba inom äldreomsorgen",
        ("Jobba i omsorgen – Exempelstaden", "Vård och omsorg i Exempelstaden"),
    ),
    ("kommunen på finska", "Exempelstaden suomeksi"),
    ("internationell rekrytering", "Work in Exempelstaden"),
    (
        "vatten och avfall",
        ("Exempelstadens Vatten och Avfall", "Exempelstadens Vatten och Avfall AB"),
    ),
    ("näringslivskontoret", "Näringsliv Exempelstaden"),  # the department's name
    ("samråd detaljplan", "Exempelstaden bygger"),
    ("konsthallen instagram", "Konsthallen Exempelstaden"),
    ("fullmäktige direktsändning", "Exempelstaden"),  # the YouTube channel; name on every channel
]

OTHER = [
    ("sa startar du ett konto", "/handbok/kom-igang/starta-ett-konto/"),
    ("nar det blaser", "/handbok/dialog/kritik-och-drev/"),
    ("satt mal och mat", "/handbok/utvardering/mal-och-matning/"),
    ("vad galler for en offentlig organisation", "/handbok/ansvar/myndighetens-skyldigheter/"),
    ("ta vara pa dialogen", "/handbok/dialog/ta-vara-pa-dialogen/"),
    ("fragor att stalla", "/handbok/kom-igang/fragor-innan-du-borjar/"),
    ("bild och film", "/handbok/innehall/bild-och-film/"),
    ("sponsrade inlägg", "/handbok/innehall/na-din-malgrupp/"),
    (
        "musik i film",
        ("/handbok/innehall/bild-och-film/", "/handbok/ansvar/upphovsratt-och-creative-commons/"),
    ),
    ("profilbild", "/handbok/kom-igang/starta-ett-konto/"),
    ("dölja kommentar", "/handbok/dialog/olagligt-och-oonskat-innehall/"),
    ("redaktör moderator", "/handbok/sakerhet/behorigheter-och-losenord/"),
    (
        "hets mot folkgrupp",
        (
            "/handbok/dialog/olagligt-och-oonskat-innehall/",
            "/handbok/ansvar/myndighetens-skyldigheter/",
        ),
    ),
    (
        "reservkoder",
        ("/handbok/sakerhet/skydda-ditt-konto/", "/handbok/sakerhet/behorigheter-och-losenord/"),
    ),
]

GROUPS = {
    "questions": QUESTIONS,
    "inflections": INFLECTIONS,
    "misspellings": MISSPELLINGS,
    "compounds": COMPOUNDS,
    "loanwords": LOANWORDS,
    "synonyms": SYNONYMS,
    "names": NAMES,
    "accounts": ACCOUNTS,
    "other": OTHER,
}
