using Dapper;
using Intranet.Blog.Features.CompanyDirectory;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.CompanyDirectory;

/// A small organisation in a real slapd, and the app pointed at it. Clara leads (Vorstand, an admin and executive
/// by group), Henrik heads IT under her, Dora works for Henrik, Sam sells for Clara; a service account without an
/// e-mail address is left out. The units nest IT and Vertrieb under Vorstand.
public static class DirectoryApp
{
    public const string DoraPassword = "dora-directory-pass";

    /// Sam's entry carries employeeType=inactive when he "leaves"; the filter then no longer finds him, as an
    /// Active Directory filter no longer finds a disabled account, and his entry (and entryUUID) stays.
    public const string Filter = "(&(objectClass=inetOrgPerson)(!(employeeType=inactive)))";

    public static string Seed(string claraMail = "clara@example.test") =>
        Slapd.Unit("Vorstand", Slapd.Departments)
        + Slapd.Unit("IT", "ou=Vorstand," + Slapd.Departments)
        + Slapd.Unit("Vertrieb", "ou=Vorstand," + Slapd.Departments)
        + Slapd.Person("clara", "Clara Chef", claraMail, "Geschäftsführerin", "Vorstand")
        + Slapd.Person("henrik", "Henrik Haupt", "henrik@example.test", "Leiter IT", "IT", manager: "clara")
        + Slapd.Person("dora", "Dora Dev", "dora@example.test", "Entwicklerin", "IT", manager: "henrik", password: DoraPassword)
        + Slapd.Person("sam", "Sam Sales", "sam@example.test", "Vertrieb", "Vertrieb", manager: "clara")
        + "\ndn: cn=backup-service," + Slapd.People + "\nobjectClass: inetOrgPerson\ncn: backup-service\nsn: service\n\n"
        + Slapd.Group("intranet-admins", "clara")
        + Slapd.Group("executives", "clara", "henrik");

    public static BlogAppFactory Start(Slapd slapd, bool signIn = false, Dictionary<string, string>? more = null, bool seedDemo = true, string? dataDirectory = null,
        TimeProvider? clock = null)
    {
        var settings = slapd.Settings(signIn);
        settings["Intranet:Ldap:UserFilter"] = Filter;
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        var app = new BlogAppFactory(seedDemo: seedDemo, settings: settings, dataDirectory: dataDirectory,
            services: clock is null ? null : s => s.AddSingleton(clock)) { KeepData = dataDirectory is not null };
        _ = app.Services; // started, migrated and seeded before the test reads the database
        return app;
    }

    /// A sync as an admin applies it from the page (the first admin of the demo), or as the schedule runs it.
    public static async Task<SyncOutcome> SyncAsync(BlogAppFactory app, bool scheduled = false)
    {
        long? actorId = null;
        if (!scheduled && await TestData.ScalarAsync<long>(app, "SELECT coalesce(min(id), 0) FROM users WHERE role = 'Admin'") is > 0 and var admin)
        {
            actorId = admin;
        }

        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DirectorySync>().ApplyAsync(actorId, expectedFingerprint: null, default);
    }

    // Properties, not a positional record: Dapper maps SQLite's integer to the bool only through a property.
    public sealed record Person
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string Title { get; init; } = "";
        public string? Department { get; init; }
        public string? Manager { get; init; }
        public string Role { get; init; } = "";
        public bool IsActive { get; init; }
        public string? DirectoryId { get; init; }
        public int Level { get; init; }
    }

    public static async Task<Person?> PersonAsync(BlogAppFactory app, string email)
    {
        await using var db = await app.Service<Database>().OpenAsync();
        return await db.QuerySingleOrDefaultAsync<Person>("""
            SELECT u.id, u.email, u.display_name, u.title, d.name AS department, m.display_name AS manager, u.role,
                   u.is_active, u.directory_id, u.level
              FROM users u
              LEFT JOIN departments d ON d.id = u.department_id
              LEFT JOIN users m ON m.id = u.manager_id
             WHERE u.email = @email
            """, new { email });
    }
}
