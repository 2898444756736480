using Dapper;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.People;

/// The profile side of the users table: what people say about themselves, the directory and the org chart.
public sealed partial class UserStore
{
    private const string ProfileSql = """
        SELECT u.id, u.email, u.display_name, u.title, u.department_id, d.name AS department_name, u.manager_id,
               u.level, u.role, u.is_active, u.photo, u.bio, u.phone, u.location, u.handle
          FROM users u
          LEFT JOIN departments d ON d.id = u.department_id
         WHERE u.id = @id
        """;

    public async Task<Profile?> ProfileAsync(SqliteConnection connection, long id, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<Profile>(new CommandDefinition(ProfileSql, new { id }, cancellationToken: ct));

    public Task<Profile?> ProfileAsync(SqliteConnection connection, SqliteTransaction transaction, long id) =>
        connection.QuerySingleOrDefaultAsync<Profile>(ProfileSql, new { id }, transaction);

    private const string CardColumns = """
        SELECT u.id, u.display_name, u.title, u.photo, u.department_id, d.name AS department_name, u.manager_id, u.is_active
          FROM users u
          LEFT JOIN departments d ON d.id = u.department_id
        """;

    // Depth-capped like ManagerChainSql: the admin screens refuse cycles, the cap keeps a corrupt row from looping.
    private const string ManagersSql = """
        WITH RECURSIVE chain (id, depth) AS (
            SELECT manager_id, 1 FROM users WHERE id = @id AND manager_id IS NOT NULL
            UNION ALL
            SELECT u.manager_id, c.depth + 1 FROM users u JOIN chain c ON u.id = c.id WHERE u.manager_id IS NOT NULL AND c.depth < 100
        )
        SELECT u.id, u.display_name, u.title, u.photo, u.department_id, d.name AS department_name, u.manager_id, u.is_active
          FROM chain c
          JOIN users u ON u.id = c.id
          LEFT JOIN departments d ON d.id = u.department_id
         ORDER BY c.depth DESC
        """;

    /// The managers above a person, from the top down to the direct manager.
    public async Task<IReadOnlyList<PersonCard>> ManagersAsync(SqliteConnection connection, long id, CancellationToken ct) =>
        (await connection.QueryAsync<PersonCard>(new CommandDefinition(ManagersSql, new { id }, cancellationToken: ct))).AsList();

    private const string ReportsSql = CardColumns + """

         WHERE u.manager_id = @id AND u.is_active = 1
         ORDER BY u.display_name, u.id
        """;

    public async Task<IReadOnlyList<PersonCard>> ReportsAsync(SqliteConnection connection, long id, CancellationToken ct) =>
        (await connection.QueryAsync<PersonCard>(new CommandDefinition(ReportsSql, new { id }, cancellationToken: ct))).AsList();

    private const string DirectorySql = CardColumns + """

         WHERE u.is_active = 1
           AND (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
        """;

    private const string DirectoryInDepartmentSql = CardColumns + """

         WHERE u.is_active = 1 AND u.department_id = @departmentId
           AND (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
        """;

    /// Active people in name order from the cursor on, read lazily: the directory filters in C# (SQLite's lower()
    /// knows no umlauts) and stops reading as soon as a page is full.
    public async IAsyncEnumerable<PersonCard> DirectoryAsync(long? departmentId, string afterName, long afterId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var sql = departmentId is null ? DirectorySql : DirectoryInDepartmentSql;
        await foreach (var person in connection.QueryUnbufferedAsync<PersonCard>(sql, new { departmentId, afterName, afterId }).WithCancellation(ct))
        {
            yield return person;
        }
    }

    private const string OrgChartPeopleSql = CardColumns + """

         WHERE u.is_active = 1
         ORDER BY u.display_name, u.id
        """;

    /// Every active person in one query; the tree is built in memory.
    public async Task<IReadOnlyList<PersonCard>> ActivePeopleAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<PersonCard>(new CommandDefinition(OrgChartPeopleSql, cancellationToken: ct))).AsList();
    }

    private const string PhotoSql = "SELECT photo FROM users WHERE id = @id";

    public async Task<string?> PhotoAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(PhotoSql, new { id }, cancellationToken: ct));
    }

    private const string SetProfileSql = """
        UPDATE users
           SET bio = @Bio, phone = @Phone, location = @Location, photo = @Photo
         WHERE id = @id
        """;

    public Task SetProfileAsync(SqliteConnection connection, SqliteTransaction transaction, long id, ProfileFields fields) =>
        connection.ExecuteAsync(SetProfileSql, new { id, fields.Bio, fields.Phone, fields.Location, fields.Photo }, transaction);
}
