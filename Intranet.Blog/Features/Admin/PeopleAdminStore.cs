using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.People;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Admin;

/// The organisational side of the users table, as admins and the CSV import change it: creating people, their
/// name, title, department, manager and role, activation and password, and the levels that follow the manager chain.
public sealed class PeopleAdminStore(Database db, TimeProvider clock)
{
    // The card's columns come first; the record's own start at "email", where Dapper splits the row.
    private const string RecordSql = "SELECT " + PersonCardSql.Columns
        + ", u.email, m.display_name AS manager_name, m.email AS manager_email, u.role, u.password_hash IS NOT NULL AS has_password, u.directory_id"
        + " FROM users u " + PersonCardSql.JoinDepartment + " LEFT JOIN users m ON m.id = u.manager_id";

    private static async Task<IReadOnlyList<PersonRecord>> RecordsAsync(DbConnection connection, CommandDefinition command) =>
        (await connection.QueryAsync<PersonCard, PersonRecord, PersonRecord>(command, (card, person) => person with { Card = card }, splitOn: "email")).AsList();

    private const string GetSql = RecordSql + " WHERE u.id = @id";

    public async Task<PersonRecord?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await RecordsAsync(connection, new CommandDefinition(GetSql, new { id }, cancellationToken: ct))).SingleOrDefault();
    }

    public async Task<PersonRecord?> GetAsync(DbConnection connection, DbTransaction transaction, long id) =>
        (await RecordsAsync(connection, new CommandDefinition(GetSql, new { id }, transaction))).SingleOrDefault();

    private const string PageSql = RecordSql + """

         WHERE (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
         LIMIT @take
        """;

    private const string PageInDepartmentSql = RecordSql + """

         WHERE u.department_id = @departmentId
           AND (u.display_name, u.id) > (@afterName, @afterId)
         ORDER BY u.display_name, u.id
         LIMIT @take
        """;

    private const string ByIdsSql = RecordSql + """

         WHERE u.id IN @ids
         ORDER BY u.display_name, u.id
        """;

    /// These people's rows in name order (the admin's list of a search: PeopleStore.SearchAsync finds the ids).
    public async Task<IReadOnlyList<PersonRecord>> ByIdsAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await RecordsAsync(connection, new CommandDefinition(ByIdsSql, new { ids }, cancellationToken: ct));
    }

    /// The admin's people list; names repeat, so the cursor is (name, id).
    public async Task<IReadOnlyList<PersonRecord>> PageAsync(PeopleQuery query, CancellationToken ct = default)
    {
        var sql = query.DepartmentId is null ? PageSql : PageInDepartmentSql;
        var args = new { departmentId = query.DepartmentId, afterName = query.AfterName, afterId = query.AfterId, take = query.Take };
        await using var connection = await db.OpenAsync(ct);
        return await RecordsAsync(connection, new CommandDefinition(sql, args, cancellationToken: ct));
    }

    private const string ByEmailSql = "SELECT id FROM users WHERE email = @email";

    public async Task<long?> FindIdByEmailAsync(string email, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(ByEmailSql, new { email }, cancellationToken: ct));
    }

    /// Inside a write: the uniqueness check and the insert see the same state, so a clash is a clear error, never a 500.
    public Task<long?> FindIdByEmailAsync(DbConnection connection, DbTransaction transaction, string email) =>
        connection.ExecuteScalarAsync<long?>(ByEmailSql, new { email }, transaction);

    private const string InsertSql = """
        INSERT INTO users (email, display_name, title, department_id, manager_id, role, password_hash, security_stamp, created_at, handle)
        VALUES (@Email, @DisplayName, @Title, @DepartmentId, @ManagerId, @Role, @passwordHash, @stamp, @now, @handle)
        RETURNING id
        """;

    /// Part of a larger write; Enrolment.AddAsync is the one caller, so every person gets a handle and follows
    /// their department. The caller recomputes levels afterwards.
    public Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, PersonFields person, string? passwordHash, string handle) =>
        connection.ExecuteScalarAsync<long>(InsertSql, new
        {
            person.Email, person.DisplayName, person.Title, person.DepartmentId, person.ManagerId, person.Role,
            passwordHash, stamp = Guid.NewGuid().ToString("N"), now = clock.GetUtcNow(), handle,
        }, transaction);

    private const string UpdateSql = """
        UPDATE users
           SET email = @Email, display_name = @DisplayName, title = @Title, department_id = @DepartmentId,
               manager_id = @ManagerId, role = @Role,
               security_stamp = CASE WHEN role <> @Role THEN @stamp ELSE security_stamp END
         WHERE id = @id
        """;

    public Task UpdateAsync(DbConnection connection, DbTransaction transaction, long id, PersonFields person) =>
        connection.ExecuteAsync(UpdateSql, new
        {
            id, person.Email, person.DisplayName, person.Title, person.DepartmentId, person.ManagerId, person.Role,
            stamp = Guid.NewGuid().ToString("N"),
        }, transaction);

    private const string SetActiveSql = """
        UPDATE users
           SET is_active = @active, security_stamp = @stamp
         WHERE id = @id
        """;

    /// A new security stamp ends every session the person has open.
    public Task SetActiveAsync(DbConnection connection, DbTransaction transaction, long id, bool active) =>
        connection.ExecuteAsync(SetActiveSql, new { id, active, stamp = Guid.NewGuid().ToString("N") }, transaction);

    private const string RecomputeLevelsSql = """
        WITH RECURSIVE chain (id, level) AS (
            SELECT id, 1 FROM users WHERE manager_id IS NULL
            UNION ALL
            SELECT u.id, c.level + 1 FROM users u JOIN chain c ON u.manager_id = c.id
        )
        UPDATE users
           SET level = (SELECT c.level FROM chain c WHERE c.id = users.id)
         WHERE id IN (SELECT id FROM chain)
        """;

    /// Levels follow the manager chain; recomputed whole after any manager change (cheap at org-chart sizes).
    public Task RecomputeLevelsAsync(DbConnection connection, DbTransaction transaction) =>
        connection.ExecuteAsync(RecomputeLevelsSql, transaction: transaction);

    private const string ManagerChainSql = """
        WITH RECURSIVE chain (id, manager_id, depth) AS (
            SELECT id, manager_id, 0 FROM users WHERE id = @start
            UNION ALL
            SELECT u.id, u.manager_id, c.depth + 1 FROM users u JOIN chain c ON u.id = c.manager_id WHERE c.depth < 1000
        )
        SELECT id FROM chain ORDER BY depth
        """;

    /// The ids from a person up to the top, inside the write that sets the manager, so no concurrent change can
    /// slip a cycle in between check and write.
    public async Task<IReadOnlyList<long>> ManagerChainAsync(DbConnection connection, DbTransaction transaction, long start) =>
        (await connection.QueryAsync<long>(ManagerChainSql, new { start }, transaction)).AsList();

    private const string OrgChartSql = "SELECT id, email, department_id, manager_id FROM users";

    /// Everyone, for validating an import against the whole org chart inside the import's transaction.
    public async Task<IReadOnlyList<OrgEntry>> OrgChartAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<OrgEntry>(OrgChartSql, transaction: transaction)).AsList();

    private const string SetOrgFieldsSql = """
        UPDATE users
           SET display_name = @DisplayName, title = @Title, department_id = @DepartmentId, manager_id = @ManagerId
         WHERE id = @Id
        """;

    /// The caller recomputes levels afterwards, in the same transaction.
    public Task SetOrgFieldsAsync(DbConnection connection, DbTransaction transaction, IEnumerable<OrgFields> people) =>
        connection.ExecuteAsync(SetOrgFieldsSql, people, transaction);

    private const string WithoutPasswordSql = """
        SELECT id, display_name, email, 0 AS has_password, role, directory_id
          FROM users
         WHERE password_hash IS NULL AND is_active = 1
         ORDER BY display_name, id
        """;

    /// Who cannot sign in yet: everyone active without a password, by name (an invitation sheet for a whole import).
    public async Task<IReadOnlyList<PasswordTarget>> WithoutPasswordAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<PasswordTarget>(WithoutPasswordSql, transaction: transaction)).AsList();

    private const string SetPasswordSql = """
        UPDATE users
           SET password_hash = @hash, security_stamp = @stamp, failed_sign_ins = 0, locked_until = NULL
         WHERE id = @id
        """;

    /// A new password ends every session opened with the old one, and lifts a lock left by failed attempts with it.
    public Task SetPasswordAsync(DbConnection connection, DbTransaction transaction, long id, string hash) =>
        connection.ExecuteAsync(SetPasswordSql, new { id, hash, stamp = Guid.NewGuid().ToString("N") }, transaction);
}
