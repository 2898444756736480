using Intranet.Blog.Features.Follows;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.People;

public sealed record DepartmentsView(IReadOnlyList<Department> Departments, IReadOnlySet<long> Followed);

public sealed class DepartmentsController(DepartmentStore departments, FollowStore follows) : Controller
{
    [HttpGet("/departments")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View("~/Features/People/Departments.cshtml", new DepartmentsView(await departments.ListAsync(ct), await follows.FollowedAsync(User.Id(), FollowKinds.Department, ct)));
}
