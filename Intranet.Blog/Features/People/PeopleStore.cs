using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Search;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.People;

/// Reads people as cards: one person, the directory, the org chart, a person's managers and reports, and who among
/// some ids is still active. The users table's other columns belong to the features that ask about them: sign-in
/// state to Account, the organisational fields an admin edits to Admin, handles to Mentions, the profile's own text
/// to Profiles, feed visits to Feed.
public sealed class PeopleStore(Database db, SearchIndex search)
{
    private const string CardSql = "SELECT " + PersonCardSql.Columns + " FROM users u " + PersonCardSql.JoinDepartment;

    private const string OneSql = CardSql + " WHERE u.id = @id";

    private readonly VersionedCache<long, PersonCard?> _cards = new(db);

    /// Kept until the next write: the feed asks for the viewer's own card on every page.
    public Task<PersonCard?> CardAsync(long id, CancellationToken ct = default) =>
        _cards.GetAsync(id, async c =>
        {
            await using var connection = await db.OpenAsync(c);
            return await connection.QuerySingleOrDefaultAsync<PersonCard>(new CommandDefinition(OneSql, new { id }, cancellationToken: c));
        }, ct);

    private const string ExistsSql = "SELECT EXISTS (SELECT 1 FROM users WHERE id = @id)";

    public async Task<bool> ExistsAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExistsSql, new { id }, cancellationToken: ct));
    }

    private const string CountSql = "SELECT COUNT(*) FROM users";

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, cancellationToken: ct));
    }

    public Task<long> CountAsync(DbConnection connection, DbTransaction transaction) =>
        connection.ExecuteScalarAsync<long>(CountSql, transaction: transaction);

    private const string ActiveByEmailSql = "SELECT id FROM users WHERE email = @email AND is_active = 1";

    /// Inside a write: the active person with this e-mail address, for the forms that name a colleague.
    public Task<long?> FindActiveIdByEmailAsync(DbConnection connection, DbTransaction transaction, string email) =>
        connection.ExecuteScalarAsync<long?>(ActiveByEmailSql, new { email }, transaction);

    private const string AddressesInSql = """
        SELECT display_name, email
          FROM users
         WHERE department_id = @departmentId AND is_active = 1
         ORDER BY display_name, id
         LIMIT @take
        """;

    /// Names and e-mail addresses of a department's active people, at most take: the suggestions of a form that names
    /// a colleague by address (shown only to those who may fill it in).
    public async Task<IReadOnlyList<(string Name, string Email)>> AddressesInAsync(DbConnection connection, long departmentId, int take, CancellationToken ct) =>
        (await connection.QueryAsync<(string, string)>(new CommandDefinition(AddressesInSql, new { departmentId, take }, cancellationToken: ct))).AsList();

    private const string EmailSql = "SELECT email FROM users WHERE id = @id";

    public Task<string?> EmailAsync(DbConnection connection, long id, CancellationToken ct) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(EmailSql, new { id }, cancellationToken: ct));

    private const string InRoleSql = "SELECT id FROM users WHERE role = @role AND is_active = 1";

    /// Inside a write: the active executives (a released anonymous question is put to them).
    public async Task<IReadOnlyList<long>> ExecutiveIdsAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<long>(InRoleSql, new { role = Roles.Executive }, transaction)).AsList();

    /// The active administrators, who moderate (the live queue of anonymous questions goes to them).
    public async Task<IReadOnlyList<long>> AdminIdsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(InRoleSql, new { role = Roles.Admin }, cancellationToken: ct))).AsList();
    }

    private const string ActiveAmongSql = "SELECT id FROM users WHERE id IN @ids AND is_active = 1";

    /// Inside a write: the active people among ids (deactivated people get no notifications, for one).
    public async Task<IReadOnlyList<long>> ActiveAmongAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> ids) =>
        ids.Count == 0 ? [] : (await connection.QueryAsync<long>(ActiveAmongSql, new { ids }, transaction)).AsList();

    private const string EveryoneSql = "SELECT id AS user_id, department_id FROM users WHERE is_active = 1";

    private const string InDepartmentsSql = "SELECT id AS user_id, department_id FROM users WHERE is_active = 1 AND department_id IN @departmentIds";

    /// Inside a write: the active people of the whole company (departmentIds null) or of these departments, each with
    /// the department they are in now (an announcement's addressees, resolved at publishing).
    public async Task<IReadOnlyList<(long UserId, long? DepartmentId)>> ActiveInAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long>? departmentIds) =>
        (await connection.QueryAsync<(long, long?)>(departmentIds is null ? EveryoneSql : InDepartmentsSql, new { departmentIds }, transaction)).AsList();

    // Depth-capped: the admin screens refuse manager cycles, the cap keeps a corrupt row from looping.
    private const string ManagersSql = """
        WITH RECURSIVE chain (id, depth) AS (
            SELECT manager_id, 1 FROM users WHERE id = @id AND manager_id IS NOT NULL
            UNION ALL
            SELECT u.manager_id, c.depth + 1 FROM users u JOIN chain c ON u.id = c.id WHERE u.manager_id IS NOT NULL AND c.depth < 100
        )

        """ + CardSql + """

          JOIN chain c ON c.id = u.id
         ORDER BY c.depth DESC
        """;

    /// The managers above a person, from the top down to the direct manager.
    public async Task<IReadOnlyList<PersonCard>> ManagersAsync(DbConnection connection, long id, CancellationToken ct) =>
        (await connection.QueryAsync<PersonCard>(new CommandDefinition(ManagersSql, new { id }, cancellationToken: ct))).AsList();

    private const string ReportsSql = CardSql + """

         WHERE u.manager_id = @id AND u.is_active = 1
         ORDER BY u.display_name, u.id
        """;

    public async Task<IReadOnlyList<PersonCard>> ReportsAsync(DbConnection connection, long id, CancellationToken ct) =>
        (await connection.QueryAsync<PersonCard>(new CommandDefinition(ReportsSql, new { id }, cancellationToken: ct))).AsList();

    private const string DirectorySql = CardSql + """

         WHERE u.is_active = 1
           AND (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
        """;

    private const string DirectoryInDepartmentSql = CardSql + """

         WHERE u.is_active = 1 AND u.department_id = @departmentId
           AND (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
        """;

    /// Active people in name order from the cursor on, read lazily: the directory filters in C# (SQLite's lower()
    /// knows no umlauts) and stops reading as soon as a page is full.
    public async IAsyncEnumerable<PersonCard> DirectoryAsync(long? departmentId, string afterName, long afterId, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var sql = departmentId is null ? DirectorySql : DirectoryInDepartmentSql;
        await foreach (var person in connection.QueryUnbufferedAsync<PersonCard>(sql, new { departmentId, afterName, afterId }).WithCancellation(ct))
        {
            yield return person;
        }
    }

    // The filters are optional parameters: the search index drives these queries, no other index is chosen by them.
    private readonly string _searchByNameSql = CardSql + """

         WHERE u.id IN (SELECT h.id FROM (
        """ + search.NameHitsSql + """
        ) h)
           AND (@activeOnly = 0 OR u.is_active = 1)
           AND (@departmentId IS NULL OR u.department_id = @departmentId)
           AND (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
         LIMIT @take
        """;

    private readonly string _searchByRelevanceSql = "SELECT " + PersonCardSql.Columns + " FROM (" + search.NameHitsSql + """
        ) h
          JOIN users u ON u.id = h.id

        """ + PersonCardSql.JoinDepartment + """

         WHERE (@activeOnly = 0 OR u.is_active = 1)
           AND (@departmentId IS NULL OR u.department_id = @departmentId)
         ORDER BY h.score, u.display_name, u.id
         LIMIT @take
        """;

    /// The one people search, behind the search box, the directory, the @ suggestions and the admin's list: name,
    /// title, department, bio, handle and e-mail address through the search index, with its folding ("mueller",
    /// "MÜLLER" and "Muller" find "Müller") and every word as the start of one. Null when the text holds no word.
    public async Task<IReadOnlyList<PersonCard>?> SearchAsync(PeopleSearch people, CancellationToken ct = default)
    {
        if (search.NameMatch(SearchQuery.ParseTyping(people.Text)) is not { } match)
        {
            return null;
        }

        var sql = people.ByRelevance ? _searchByRelevanceSql : _searchByNameSql;
        var args = new
        {
            match, kind = SearchIndex.Doc.Person, activeOnly = people.ActiveOnly, departmentId = people.DepartmentId,
            afterName = people.AfterName, afterId = people.AfterId, take = people.Take,
        };
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<PersonCard>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }

    private const string ActivePeopleSql = CardSql + """

         WHERE u.is_active = 1
         ORDER BY u.display_name, u.id
        """;

    /// Every active person in one query, for the org chart (the tree is built in memory).
    public async Task<IReadOnlyList<PersonCard>> ActivePeopleAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<PersonCard>(new CommandDefinition(ActivePeopleSql, cancellationToken: ct))).AsList();
    }

    private const string NamesSql = "SELECT id, display_name FROM users WHERE id IN @ids";

    /// People's names by id, deactivated people included (the audit log names who did what, whenever).
    public async Task<IReadOnlyDictionary<long, string>> NamesAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(NamesSql, new { ids }, cancellationToken: ct))).ToDictionary(p => p.Id, p => p.Name);
    }

    private const string PhotoSql = "SELECT photo FROM users WHERE id = @id";

    public async Task<string?> PhotoAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(PhotoSql, new { id }, cancellationToken: ct));
    }

    private const string PlacesSql = """
        SELECT id, department_id, level, is_active
          FROM users
        """;

    /// Everyone's department and level, for analytics to count people per department and hierarchy band. One read
    /// of the whole table (20,000 rows at most), cheaper than an IN list of a company-wide audience.
    public async Task<IReadOnlyDictionary<long, OrgPlace>> PlacesAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<OrgPlace>(new CommandDefinition(PlacesSql, cancellationToken: ct))).ToDictionary(p => p.Id);

    private const string HelpfulListedSql = """
        SELECT id, display_name, COALESCE(department_id, 0) AS department_id
          FROM users
         WHERE id IN @ids AND is_active = 1 AND helpful_listed = 1
        """;

    /// Of some people, those active and not opted out of the helpful-colleagues list, with name and department.
    public async Task<IReadOnlyList<(long Id, string Name, long DepartmentId)>> HelpfulListedAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : [.. await connection.QueryAsync<(long, string, long)>(new CommandDefinition(HelpfulListedSql, new { ids }, cancellationToken: ct))];
}

/// Where a person sits in the org chart, for counting (never for showing who).
public sealed record OrgPlace
{
    public long Id { get; init; }
    public long? DepartmentId { get; init; }
    public int Level { get; init; }
    public bool IsActive { get; init; }
}
