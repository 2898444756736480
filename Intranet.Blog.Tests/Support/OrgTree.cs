using System.Globalization;
using Intranet.Blog.Features.People;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Tests.Support;

/// Departments in a tree and their influencers, written through the stores the app uses.
public static class OrgTree
{
    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static async Task<long> DepartmentAsync(BlogAppFactory app, long? parentId, string? name = null)
    {
        await using var scope = await app.Service<Database>().BeginWriteAsync();
        var id = await app.Service<DepartmentStore>().InsertAsync(scope.Connection, scope.Transaction, name ?? TestData.Unique("Team"), parentId);
        await scope.CommitAsync();
        return id;
    }

    public static async Task AppointAsync(BlogAppFactory app, long departmentId, long personId)
    {
        await using var scope = await app.Service<Database>().BeginWriteAsync();
        await app.Service<InfluencerStore>().AppointAsync(scope.Connection, scope.Transaction, departmentId, personId, null);
        await scope.CommitAsync();
    }
}
