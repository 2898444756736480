using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.People;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Departments;

public sealed record DepartmentEntry(Department Department, FollowButtonView Follow);

public sealed class DepartmentsController(DepartmentStore departments, FollowStore follows) : Controller
{
    /// Every department with its follow button, which brings a script-free submit back here.
    [HttpGet("/departments")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var followed = await follows.FollowedAsync(User.Id(), FollowKinds.Department, ct);
        return View((await departments.ListAsync(ct))
            .Select(d => new DepartmentEntry(d, new FollowButtonView(FollowKinds.Department, d.Id, followed.Contains(d.Id), "/departments"))).ToList());
    }
}
