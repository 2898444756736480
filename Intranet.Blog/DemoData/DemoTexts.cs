using Bogus;

namespace Intranet.Blog.DemoData;

/// German texts of the kind an intranet carries, assembled from parts so 300 posts do not repeat verbatim.
public static class DemoTexts
{
    private static readonly string[] Openers =
    [
        "Kurzes Update aus unserem Team:", "Gute Nachrichten:", "Zur Info für alle:", "Danke an alle Beteiligten!",
        "Frage in die Runde:", "Heute gelernt:", "Erinnerung:", "Wir haben es geschafft:",
    ];

    private static readonly string[] Things =
    [
        "das neue Ticketsystem ist live", "die Inventur ist abgeschlossen", "der Umzug in Halle 3 ist geplant",
        "die Kantine bietet ab Montag ein vegetarisches Tagesgericht", "das Quartalsziel wurde übertroffen",
        "die Schulung zum Datenschutz findet am Donnerstag statt", "die neuen Laptops sind eingetroffen",
        "der Betriebsausflug geht dieses Jahr an den Bodensee", "das Kundenfeedback zur Beta ist durchweg positiv",
        "die Baustelle vor Tor 2 ist bis Freitag gesperrt", "die Sommerfest-Anmeldung ist geöffnet",
        "der Serverraum bekommt eine neue Klimaanlage",
    ];

    private static readonly string[] Closers =
    [
        "Fragen gerne in die Kommentare.", "Meldet euch bei Rückfragen.", "Vielen Dank für eure Unterstützung!",
        "Mehr Details folgen nächste Woche.", "Wer hat Erfahrungen damit?", "",
    ];

    private static readonly string[] ArticleTitles =
    [
        "Wie wir unsere Meetings halbiert haben", "Leitfaden: Urlaub beantragen in drei Schritten",
        "Rückblick auf das dritte Quartal", "Warum wir auf Ökostrom umstellen", "Fünf Tipps für sichere Passwörter",
        "Neue Homeoffice-Regelung ab Januar", "So funktioniert unser Onboarding", "Ergebnisse der Mitarbeiterbefragung",
        "Digitalisierung im Einkauf: ein Zwischenstand", "Was der neue Tarifvertrag für uns bedeutet",
    ];

    private static readonly string[] Replies =
    [
        "Danke für die Info!", "Super, das freut mich sehr.", "Gibt es dazu schon einen Termin?",
        "Können wir das im nächsten Teammeeting besprechen?", "Das hilft uns im Vertrieb enorm.",
        "Gilt das auch für die Außenstandorte?", "Großartige Arbeit, Glückwunsch an das Team!",
        "Ich hätte dazu eine Idee – melde mich per Mail.", "Wo finde ich die Unterlagen dazu?",
        "Sehr gut erklärt, danke!",
    ];

    public static (string Title, string Body) Micro(Faker f) =>
        ("", $"{f.PickRandom(Openers)} {f.PickRandom(Things)}. {f.PickRandom(Closers)}".Trim());

    public static (string Title, string Body) Article(Faker f)
    {
        var title = f.PickRandom(ArticleTitles);
        var body = $"""
            {f.PickRandom(Openers)} {f.PickRandom(Things)}.

            ## Worum es geht

            {Sentence(f)} {Sentence(f)} **{f.PickRandom(Things)}** – {f.PickRandom(Closers)}

            ## Die nächsten Schritte

            - {Capitalize(f.PickRandom(Things))}
            - {Capitalize(f.PickRandom(Things))}
            - {Capitalize(f.PickRandom(Things))}

            {Sentence(f)} Weitere Informationen im [Handbuch](https://intranet.example/handbuch).
            """;
        return (title, body);
    }

    public static string Comment(Faker f) => f.PickRandom(Replies);

    private static readonly string[] Topics =
    [
        "Betriebsrat", "Weiterbildung2026", "Digitalisierung", "Sommerfest", "Arbeitssicherheit", "Nachhaltigkeit",
        "Homeoffice", "Übergabe",
    ];

    /// About a third of posts carry one or two #topics; some thank a colleague by @handle.
    public static string WithTopicsAndMentions(Faker f, string body, string colleague, float mentionChance)
    {
        if (f.Random.Bool(0.35f))
        {
            body += "\n\n" + string.Join(' ', f.PickRandom(Topics, f.Random.Int(1, 2)).Select(t => "#" + t));
        }

        return f.Random.Bool(mentionChance) ? $"{body} Danke an @{colleague}!" : body;
    }

    public static string WithMention(Faker f, string body, string colleague, float chance) =>
        f.Random.Bool(chance) ? $"@{colleague} {body}" : body;

    private static string Sentence(Faker f) => $"{Capitalize(f.PickRandom(Things))}, und {f.PickRandom(Things)}.";

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    /// What a department says about itself on its page.
    public static string DepartmentDescription(string department) => department switch
    {
        "Geschäftsführung" => "Wir verantworten die Strategie und sorgen dafür, dass alle Bereiche an einem Strang ziehen.\n\n**Sprechstunde:** jeden Donnerstag 14–15 Uhr, ohne Anmeldung.",
        "Vertrieb" => "Wir bringen unsere Produkte zu den Kundinnen und Kunden: Angebote, Verträge, Key Accounts.\n\n- Angebote bis 10.000 € freigeben die Teamleitungen\n- Fragen zu Rabatten: bitte direkt an uns",
        "Personal" => "Von der Bewerbung bis zum Ruhestand: Einstellungen, Verträge, Weiterbildung und Gesundheit.\n\nUrlaubsanträge, Bescheinigungen und Formulare findet ihr in unseren **Anleitungen** unten.",
        "IT" => "Wir halten Rechner, Netz und Programme am Laufen.\n\n- Störungen: Ticket im Self-Service-Portal\n- Dringend: Hotline **-4444**",
        _ => $"Willkommen bei **{department}**! Hier findet ihr, wer euch weiterhilft, unsere Anleitungen und was bei uns los ist.",
    };

    /// How-to guides: (department, title, Markdown, days until the review is due; negative: overdue).
    public static readonly IReadOnlyList<(string Department, string Title, string Body, int ReviewInDays)> Guides =
    [
        ("Personal", "Urlaub beantragen in drei Schritten",
            "## Vorbereitung\n\n- [ ] Resturlaub im Portal nachsehen\n- [ ] Vertretung absprechen\n\n## Antrag stellen\n\n1. Im Self-Service-Portal **Abwesenheit** öffnen\n2. Zeitraum und Vertretung eintragen\n3. Absenden: die Führungskraft bekommt eine Mail\n\n## Nach der Genehmigung\n\nDen Kalender auf *abwesend* stellen und eine Abwesenheitsnotiz einrichten. #Urlaub", -3),
        ("Personal", "Krankmeldung: was wann zu tun ist",
            "## Am ersten Tag\n\n1. Vor Dienstbeginn die Führungskraft informieren\n2. Im Portal **Krankmeldung** eintragen\n\n## Ab dem vierten Tag\n\nDie eAU ruft Personal bei der Krankenkasse ab; ihr müsst nichts einreichen. #Gesundheit", 60),
        ("IT", "Passwort zurücksetzen",
            "## Selbst zurücksetzen\n\n1. https://selfservice.example öffnen\n2. Benutzernamen eingeben\n3. Den Code aus der Authenticator-App eintragen\n\n## Wenn das nicht klappt\n\nHotline **-4444**, Montag bis Freitag 7–18 Uhr.\n\n```\nBenutzername: vorname.nachname\n```\n#Passwort", 120),
        ("IT", "Drucker im Büro einrichten",
            "## Windows\n\n1. Einstellungen → Drucker → **Drucker hinzufügen**\n2. `\\\\print01\\Etage2` wählen\n\n## Mac\n\n| Schritt | Wo |\n|---|---|\n| Drucker hinzufügen | Systemeinstellungen |\n| Treiber | Self Service |\n\n#Drucker", 30),
        ("Vertrieb", "Angebot im CRM anlegen",
            "## Kunde suchen\n\nIm CRM oben rechts suchen; neue Kunden legt der Innendienst an.\n\n## Angebot\n\n1. **Neues Angebot** wählen\n2. Positionen aus dem Katalog übernehmen\n3. Rabatt über 10 %: Freigabe der Teamleitung anfragen\n\n- [ ] Zahlungsziel geprüft\n- [ ] Lieferzeit bestätigt", 90),
        ("Finanzen", "Reisekosten abrechnen",
            "## Belege sammeln\n\nFoto jedes Belegs in der Spesen-App.\n\n## Abrechnen\n\n1. Reise in der App anlegen\n2. Belege zuordnen\n3. Einreichen bis zum 5. des Folgemonats\n\n#Reisekosten", 150),
        ("Geschäftsführung", "So erreicht ihr die Geschäftsführung",
            "## Sprechstunde\n\nDonnerstags 14–15 Uhr, ohne Anmeldung.\n\n## Anliegen schriftlich\n\nEine Mail an das Büro der Geschäftsführung; Antwort innerhalb von drei Arbeitstagen.", 170),
    ];

    /// The idea round the managing director has open: its question, what it is about, and the ideas brought in so far.
    public const string IdeaQuestion = "Wie sollen wir das Budget für Weiterbildung 2027 einsetzen?";

    public const string IdeaAbout =
        "Für 2027 stehen **120.000 €** für Weiterbildung bereit. Bevor wir planen, fragen wir euch: Was würde euch und euren Teams am meisten helfen?\n\nBringt eure Ideen ein und unterstützt die, die euch überzeugen. Nach Ende der Sammlung stellen wir vor, was wir umsetzen.";

    public static readonly IReadOnlyList<(string Title, string Body)> Ideas =
    [
        ("Lernzeit im Kalender", "Zwei Stunden pro Woche fest für Lernen, ohne Termine: Kurse gibt es genug, es fehlt die Zeit."),
        ("Sprachkurse Englisch und Polnisch", "Viele Kunden und Kollegen im Werk sprechen Polnisch. Kurse vor Ort, in kleinen Gruppen."),
        ("Interne Lerntandems", "Erfahrene Kolleginnen und Kollegen geben ihr Wissen weiter, z. B. Excel, SAP, Präsentieren."),
        ("Zertifikate für die IT", "Cloud- und Sicherheitszertifikate, mit Prüfungsgebühren und Vorbereitungszeit."),
        ("Führung für neue Teamleitungen", "Ein Programm über ein halbes Jahr für alle, die zum ersten Mal ein Team leiten."),
        ("Online-Lernplattform für alle", ""),
        ("Erste-Hilfe und Brandschutz auffrischen", "Nicht nur für die Pflichtquote: alle zwei Jahre für alle, die wollen."),
        ("Konferenzbesuche mit Bericht", "Wer auf eine Fachkonferenz fährt, berichtet danach hier im Blog."),
    ];
}
