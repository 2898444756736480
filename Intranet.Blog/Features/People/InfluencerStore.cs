using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.People;

/// Owns department_influencers: who helps which department. Appointing and removing happen in the caller's write,
/// together with their audit row.
public sealed class InfluencerStore(Database db, TimeProvider clock)
{
    private const string AppointSql = """
        INSERT INTO department_influencers (department_id, user_id, appointed_by, appointed_at)
        VALUES (@departmentId, @userId, @appointedBy, @now)
            ON CONFLICT (department_id, user_id) DO NOTHING
        """;

    /// False when the person was an influencer of the department already.
    public async Task<bool> AppointAsync(DbConnection connection, DbTransaction transaction, long departmentId, long userId, long? appointedBy) =>
        await connection.ExecuteAsync(AppointSql, new { departmentId, userId, appointedBy, now = clock.GetUtcNow() }, transaction) == 1;

    private const string RemoveSql = "DELETE FROM department_influencers WHERE department_id = @departmentId AND user_id = @userId";

    /// False when the person was no influencer of the department.
    public async Task<bool> RemoveAsync(DbConnection connection, DbTransaction transaction, long departmentId, long userId) =>
        await connection.ExecuteAsync(RemoveSql, new { departmentId, userId }, transaction) == 1;

    private const string IsSql = "SELECT EXISTS (SELECT 1 FROM department_influencers WHERE department_id = @departmentId AND user_id = @userId)";

    public Task<bool> IsInfluencerAsync(DbConnection connection, long departmentId, long userId, CancellationToken ct, DbTransaction? transaction = null) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(IsSql, new { departmentId, userId }, transaction, cancellationToken: ct));

    // Deactivated people keep their appointment on record but are not listed: they can no longer help anyone.
    private const string OfDepartmentSql = "SELECT " + PersonCardSql.Columns + """

          FROM department_influencers i
          JOIN users u ON u.id = i.user_id
        """ + " " + PersonCardSql.JoinDepartment + """

         WHERE i.department_id = @departmentId AND u.is_active = 1
         ORDER BY u.display_name, u.id
        """;

    public async Task<IReadOnlyList<PersonCard>> OfDepartmentAsync(DbConnection connection, long departmentId, CancellationToken ct, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<PersonCard>(new CommandDefinition(OfDepartmentSql, new { departmentId }, transaction, cancellationToken: ct))).AsList();

    private const string DepartmentsOfSql = """
        SELECT d.id, d.name, d.parent_id, d.people_count
          FROM department_influencers i
          JOIN departments d ON d.id = i.department_id
         WHERE i.user_id = @userId
         ORDER BY d.name
        """;

    /// The departments a person helps, for the badges on their profile.
    public async Task<IReadOnlyList<Department>> DepartmentsOfAsync(DbConnection connection, long userId, CancellationToken ct) =>
        (await connection.QueryAsync<Department>(new CommandDefinition(DepartmentsOfSql, new { userId }, cancellationToken: ct))).AsList();

    public async Task<IReadOnlyList<Department>> DepartmentsOfAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await DepartmentsOfAsync(connection, userId, ct);
    }
}
