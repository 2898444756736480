using System.Data.Common;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.Mentions;

namespace Intranet.Blog.Features.Admin;

/// Adding people to the organisation and moving them between departments, for every path that does it (the admin
/// form, the CSV import, the demo seeder, tests), in the caller's transaction: a new person gets a handle to be
/// mentioned by, and everyone follows the department they join.
public sealed class Enrolment(PeopleAdminStore people, HandleStore handles, FollowStore follows)
{
    public async Task<long> AddAsync(DbConnection connection, DbTransaction transaction, PersonFields person, string? passwordHash)
    {
        var handle = await handles.FreeAsync(connection, transaction, person.DisplayName);
        var id = await people.InsertAsync(connection, transaction, person, passwordHash, handle);
        await MovedAsync(connection, transaction, [(id, null, person.DepartmentId)]);
        return id;
    }

    /// People who join another department follow it; an edit that keeps the department leaves an unfollow alone.
    public Task MovedAsync(DbConnection connection, DbTransaction transaction, IEnumerable<(long PersonId, long? From, long? To)> moves) =>
        follows.FollowDepartmentsAsync(connection, transaction,
            moves.Where(m => m.To is not null && m.To != m.From).Select(m => (m.PersonId, m.To!.Value)).ToList());
}
