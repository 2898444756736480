using System.Globalization;
using System.Reflection;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Tests.Unit.Admin;

/// Every action the audit log records reads as a sentence in German and in English, naming who and what.
public sealed class AuditSentencesTests
{
    private static readonly IStringLocalizer T = TestLocalizer.Shared;

    private static readonly AuditNames Names = AuditNames.Known(
    [
        (AuditNames.Kind.Person, 7, "Anna Berger"), (AuditNames.Kind.Person, 8, "Ben Cramer"), (AuditNames.Kind.Person, 9, "Cem Demir"),
        (AuditNames.Kind.Department, 3, "Vertrieb"), (AuditNames.Kind.Department, 4, "Einkauf"), (AuditNames.Kind.Post, 5, "Betriebsausflug"),
    ]);

    private static IEnumerable<string> Actions() =>
        typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    private static string Word(string culture, string action, string target, string details)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            var entry = new AuditEntry { ActorId = 8, ActorName = "Ben Cramer", Action = action, Target = target, Details = details };
            return AuditSentences.ByAction[action](new AuditLine(entry, Names, T));
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }

    [TestCaseSource(nameof(Actions))]
    public void Every_action_has_a_sentence_in_both_languages(string action)
    {
        Assert.That(AuditSentences.ByAction, Does.ContainKey(action), $"add a sentence for {action} to AuditSentences");
        var german = Word("de", action, "user:7", "{}");
        var english = Word("en", action, "user:7", "{}");

        Assert.That(german, Is.Not.EqualTo(english), $"the sentence for {action} needs its German text in SharedResource.de.resx");
        Assert.That(german, Does.Not.Contain(action).And.Not.Contain("user:"));
    }

    [Test]
    public void A_changed_person_reads_as_the_fields_that_changed_with_names_for_ids()
    {
        var details = AuditActions.Details(new { changes = new Dictionary<string, object?[]>
        {
            ["title"] = ["Sachbearbeitung", "Teamleitung"], ["departmentId"] = [3L, 4L], ["managerId"] = [null, 9L], ["role"] = ["Staff", "Executive"],
        } });

        Assert.That(Word("de", AuditActions.PersonUpdated, "user:7", details), Is.EqualTo(
            "Ben Cramer hat Anna Berger geändert: Funktion: „Sachbearbeitung“ → „Teamleitung“, Abteilung: Vertrieb → Einkauf, Vorgesetzte:r: (keine) → Cem Demir, Rolle: Mitarbeiter:in → Führungskraft."));
        Assert.That(Word("en", AuditActions.PersonUpdated, "user:7", details), Is.EqualTo(
            "Ben Cramer changed Anna Berger: Job title: “Sachbearbeitung” → “Teamleitung”, Department: Vertrieb → Einkauf, Manager: (none) → Cem Demir, Role: Staff member → Executive."));
    }

    [Test]
    public void A_profile_change_names_the_fields_in_the_readers_language()
    {
        var details = AuditActions.Details(new { fields = new[] { "bio", "photo" } });

        Assert.That(Word("de", AuditActions.ProfileUpdated, "user:7", details), Is.EqualTo("Anna Berger hat das eigene Profil geändert: Über mich, Foto."));
        Assert.That(Word("en", AuditActions.ProfileUpdated, "user:7", details), Is.EqualTo("Anna Berger changed their profile: Bio, Photo."));
    }

    [Test]
    public void A_person_added_names_the_role_department_and_manager()
    {
        var details = AuditActions.Details(new { email = "a@b.example", name = "Anna Berger", role = "Staff", departmentId = 3, managerId = 9 });

        Assert.That(Word("de", AuditActions.PersonCreated, "user:7", details), Is.EqualTo(
            "Ben Cramer hat Anna Berger als Mitarbeiter:in angelegt. Abteilung: Vertrieb. Vorgesetzte:r: Cem Demir."));
    }

    [Test]
    public void A_person_or_department_that_no_longer_exists_is_named_by_its_number()
    {
        Assert.That(Word("de", AuditActions.PersonDeactivated, "user:404", ""), Is.EqualTo("Ben Cramer hat Person Nr. 404 deaktiviert."));
        Assert.That(Word("de", AuditActions.DepartmentCreated, "department:99", "{}"), Is.EqualTo("Ben Cramer hat die Abteilung Nr. 99 angelegt."));
    }

    /// Moderation acts on comments too: a comment is named by its post's title and linked to its place on the post.
    [Test]
    public void A_hidden_comment_and_a_report_name_the_post_and_the_reason()
    {
        var names = AuditNames.Known([(AuditNames.Kind.Comment, 12, "Betriebsausflug (Kommentar)")], new Dictionary<long, long> { [12] = 5 });
        var hidden = new AuditLine(new AuditEntry { ActorName = "Ben Cramer", Action = AuditActions.ContentHidden, Target = "comment:12", Details = "{}" }, names, T);

        Assert.That(Word("de", AuditActions.ReportFiled, "post:5", AuditActions.Details(new { reason = "spam" })),
            Is.EqualTo("Ben Cramer hat Betriebsausflug gemeldet: Spam oder Werbung."));
        Assert.That(Word("en", AuditActions.AnnouncementPublished, "post:5", AuditActions.Details(new { mustRead = true, recipients = 40 })),
            Is.EqualTo("Ben Cramer sent the memo Betriebsausflug (recipients: 40). Must-read."));
        Assert.That(hidden.Target, Is.EqualTo("Betriebsausflug (Kommentar)"));
        Assert.That(hidden.TargetUrl, Is.EqualTo("/posts/5#comment-12"));
    }

    /// Rows written before the details were structured hold English text: the sentence still says who did what to whom.
    [Test]
    public void A_row_from_before_structured_details_still_reads_as_a_sentence()
    {
        Assert.That(Word("de", AuditActions.PersonUpdated, "user:7", "role: Staff → Executive"), Does.StartWith("Ben Cramer hat Anna Berger geändert"));
    }
}
